"""A small real HTTP server for the capture's bad-input tests (errors, polling, non-HTML)."""

from __future__ import annotations

import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

POLL_PAGE = b"""<!doctype html><html><head><title>Polling</title></head><body>
<h1>A page that polls forever</h1><p id="n">0</p>
<script>
let n = 0;
setInterval(() => fetch('/tick?n=' + (++n)).then(r => r.text())
  .then(t => { document.getElementById('n').textContent = t; }), 1000);
</script></body></html>"""

REDIRECT_BODY = b"<html><body>moved</body></html>"

CP1252_PAGE = ("<html><head><title>Caf\xe9 \x96 liveblog</title></head><body>"
               "<h1>Caf\xe9</h1><p>na\xefve \x93quotes\x94</p></body></html>").encode("latin-1")


def png(width: int = 8, height: int = 8) -> bytes:
    import struct

    raw = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                              8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ErrorSite

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        path = self.path.split("?", 1)[0]
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self._send(code, f"<html><head><title>Error {code}</title></head><body>"
                       f"<h1>HTTP {code}</h1></body></html>".encode())
        elif path == "/poll":
            self._send(200, POLL_PAGE)
        elif path == "/tick":
            self._send(200, self.path.encode(), "text/plain")
        elif path == "/image.png":
            self._send(200, png(), "image/png")
        elif path == "/doc.pdf":
            self._send(200, PDF, "application/pdf")
        elif path == "/cp1252":
            self._send(200, CP1252_PAGE, "text/html")
        elif path.startswith("/big/"):
            size = int(path.rsplit("/", 1)[1])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            block = bytes(range(256)) * 4096
            left = size
            while left > 0:
                self.wfile.write(block[: min(left, len(block))])
                left -= len(block)
        elif path in ("/redirect-once", "/redirect"):
            # Redirects with a body the browser does not hand over. Asked again (the
            # refetch), /redirect answers the same; /redirect-once hangs up without an answer.
            if path == "/redirect-once" and self.server.hits.count(self.path) > 1:
                self.close_connection = True
                return
            self._send(302, REDIRECT_BODY, headers={"Location": "/image.png"})
        elif path == "/loads-redirects":
            self._send(200, b"<html><head><title>Redirects</title></head><body><h1>Redirects"
                       b"</h1><img src='/redirect-once'><img src='/redirect?2'></body></html>")
        elif path == "/loads-big":
            size = self.path.split("=", 1)[1] if "=" in self.path else "1000000"
            self._send(200, f"<html><head><title>Big</title></head><body><h1>Big</h1><script>"
                       f"fetch('/big/{size}').then(r => r.arrayBuffer()).then(b => "
                       f"document.body.append(b.byteLength))</script></body></html>".encode())
        else:
            self._send(404, b"<html><body>not found</body></html>")

    do_HEAD = do_GET


class ErrorSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> ErrorSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound once, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
