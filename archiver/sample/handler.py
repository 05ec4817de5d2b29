"""HTTP/1.1 mechanics of the sample server: keep-alive, request bodies, gzip, chunked transfer,
HEAD, conditional requests, held connections, and the access log."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from archiver.sample.accesslog import AccessLogEntry
from archiver.sample.assets import gzipped
from archiver.sample.messages import Request, Response

if TYPE_CHECKING:
    from archiver.sample.httpd import SampleHTTPServer

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
CHUNK_SIZE = 1024


class BadRequest(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class SampleRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sample-liveblog/1.0"
    sys_version = ""
    # Idle keep-alive connections are closed after this long (browsers reconnect as needed).
    timeout = 60
    server: SampleHTTPServer

    def __init__(self, request: Any, client_address: Any, server: ThreadingHTTPServer) -> None:
        self._request: Request | None = None
        super().__init__(request, client_address, server)

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def handle_one_request(self) -> None:
        self._request = None
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(414)
            return
        if not self.parse_request():          # it has answered with send_error()
            return
        self._dispatch()

    def _dispatch(self) -> None:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            joiner = "; " if key == "cookie" else ", "
            headers[key] = f"{headers[key]}{joiner}{value}" if key in headers else value
        if self.request_version != "HTTP/1.1":
            self.close_connection = True      # no keep-alive negotiation for HTTP/1.0
        try:
            body = self._read_body()
        except BadRequest as exc:
            self.send_error(exc.status)
            return
        request = Request(self.command, self.path, headers, body, self.request_version)
        self._request = request
        try:
            response = self.server.site.handle(request)
        except Exception:
            logger.exception("error while handling %s %s", self.command, self.path)
            response = self.server.site.error(500)
            self.close_connection = True
        if response.hold:
            self._hold(request)
        else:
            self._write(response, request)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise BadRequest(400)
        if int(length) > MAX_BODY:
            raise BadRequest(413)
        return self.rfile.read(int(length))

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise BadRequest(400) from None
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailer fields, then the blank line
                    pass
                return bytes(body)
            if len(body) + size > MAX_BODY:
                raise BadRequest(413)
            body += self.rfile.read(size)
            self.rfile.readline(3)

    def _hold(self, request: Request) -> None:
        """Never answer; release the connection when the server stops."""
        self._record(request.method, request.host, request.target, 0, 0, request)
        logger.debug("holding %s %s until the server stops", request.method, request.target)
        self.server.stopping.wait()
        self.close_connection = True

    def _write(self, response: Response, request: Request) -> None:
        head = request.method == "HEAD"
        body, headers, etag = response.body, list(response.headers), response.etag
        if response.compress:
            headers.append(("Vary", "Accept-Encoding"))
            if request.accepts_gzip():
                body = gzipped(body)
                headers.append(("Content-Encoding", "gzip"))
                # A strong validator names one representation: the gzip one gets its own.
                etag = etag[:-1] + '-gzip"' if etag else None
        status = response.status
        if etag and status == 200 and _matches(request.headers.get("if-none-match"), etag):
            status, body = 304, b""
        chunked = response.chunked and status != 304 and request.http_version == "HTTP/1.1"
        self.send_response(status)
        if response.content_type and status != 304:
            self.send_header("Content-Type", response.content_type)
        for name, value in headers:
            self.send_header(name, value)
        if etag:
            self.send_header("ETag", etag)
        if response.last_modified:
            self.send_header("Last-Modified", response.last_modified)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif status != 304:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        with_body = not head and status != 304
        # Logged before the client can see a byte, so a client that has its response always
        # finds it in the access log.
        self._record(request.method, request.host, request.target, status,
                     len(body) if with_body else 0, request)
        self.end_headers()
        if with_body and chunked:
            for start in range(0, len(body), CHUNK_SIZE):
                piece = body[start:start + CHUNK_SIZE]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif with_body:
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Errors found before routing (bad request line, body too large): our error page,
        logged like every other response, and the connection closed."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            # Garbage is not an HTTP/0.9 request: answer with a status line, as servers do.
            self.request_version = "HTTP/1.0"
        headers = getattr(self, "headers", None)
        host = headers.get("Host", "") if headers is not None else ""
        request = Request(self.command or "GET", getattr(self, "path", "") or "",
                          {"host": host} if host else {})
        self._write(self.server.site.error(code), request)

    def _record(self, method: str, host: str, target: str, status: int, sent: int,
                request: Request) -> None:
        url = f"http://{host or self.server.site.default_host}{target}"
        self.server.access_log.add(AccessLogEntry(
            method, host, target, url, status, sent, datetime.now(UTC),
            request.headers.get("user-agent", "")))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass                                  # the access log records responses instead

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - " + format, self.address_string(), *args)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags
