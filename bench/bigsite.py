"""A page that loads one big file (benchmark 4's memory line): ``/loads-big?size=N`` fetches
``/big/N``, N bytes streamed from a repeating 1 MiB block, so the server holds no copy.
The block is random: a repeat 1 MiB away is out of gzip's reach, so the file stays as large
in the WARC as a video would."""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

BLOCK = random.Random(0).randbytes(1 << 20)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _head(self, status: int, ctype: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/loads-big":
            size = parse_qs(parts.query).get("size", ["1000000"])[0]
            body = ("<!DOCTYPE html><html><head><title>Big</title></head><body><h1>Big</h1>"
                    f"<p id='n'>loading</p><script>fetch('/big/{int(size)}')"
                    ".then(r => r.arrayBuffer()).then(b => "
                    "{ document.getElementById('n').textContent = b.byteLength; })</script>"
                    "</body></html>").encode()
            self._head(200, "text/html; charset=utf-8", len(body))
            self.wfile.write(body)
        elif parts.path.startswith("/big/") and parts.path[5:].isdigit():
            length = int(parts.path[5:])
            self._head(200, "application/octet-stream", length)
            left = length
            while left > 0:
                piece = BLOCK[:min(left, len(BLOCK))]
                self.wfile.write(piece)
                left -= len(piece)
        else:
            body = b"not found"
            self._head(404, "text/plain", len(body))
            self.wfile.write(body)


class BigSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.1}, name="bench-bigsite")

    def page_url(self, size: int) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/loads-big?size={size}"

    def __enter__(self) -> BigSite:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)
