"""HTTP header blocks of request/response records, and the decoded-body header convention."""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import urlsplit

from archiver.exchange import HttpExchange

# Browser mode stores bodies decoded: the encoding headers would lie about the stored bytes, so
# they are renamed (checklist D18) and Content-Length is set to the stored length (D19).
RENAMED_WHEN_DECODED = ("content-encoding", "transfer-encoding")
RENAMED_ALWAYS = ("transfer-encoding",)  # chunked framing is never stored, in either mode

BODY_CONVENTION = (
    "Bodies are stored as the entity the client received after transfer decoding. In "
    "browser mode (archiver-capture-mode: rendered) content codings are removed too: the "
    "original Content-Encoding and Transfer-Encoding headers are renamed X-Orig-Content-"
    "Encoding and X-Orig-Transfer-Encoding, and Content-Length is the stored length (the "
    "original, when different, is in X-Orig-Content-Length). In raw mode (archiver-capture-"
    "mode: raw) the compressed bytes are kept under their true Content-Encoding; chunked "
    "framing is removed, so the payload digest is over the de-chunked entity body, as WARC 1.1 "
    "specifies. Scrapy's HTTP client does not report framing headers: a raw-mode response "
    "that came without Content-Length (chunked or close-delimited) says so in Archiver-Note "
    "and carries the stored length as Content-Length."
)


def _clean(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, value in headers:
        # HTTP/2 pseudo-headers are not HTTP/1.1 fields; the status line carries them.
        if name.startswith(":"):
            continue
        for part in str(value).replace("\r\n", "\n").split("\n"):
            out.append((name, part))
    return out


def _encode(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")


def request_target(url: str) -> str:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def _http1_version(exchange: HttpExchange) -> str:
    # Chromium reports h2/h3 as protocol names; replay tools expect HTTP/1.x message lines.
    return exchange.http_version if exchange.http_version.startswith("HTTP/1") else "HTTP/1.1"


def request_block(exchange: HttpExchange) -> bytes:
    headers = _clean(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", urlsplit(exchange.url).netloc))
    lines = [f"{exchange.method.upper()} {request_target(exchange.url)} "
             f"{_http1_version(exchange)}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return _encode(lines)


def response_headers_for_storage(exchange: HttpExchange, stored_length: int
                                 ) -> list[tuple[str, str]]:
    renamed = RENAMED_WHEN_DECODED if exchange.body_decoded else RENAMED_ALWAYS
    out: list[tuple[str, str]] = []
    original_length: str | None = None
    for name, value in _clean(exchange.response_headers):
        lname = name.lower()
        if lname in renamed:
            out.append((f"X-Orig-{name}", value))
        elif lname == "content-length":
            original_length = value
        else:
            out.append((name, value))
    if original_length is not None and original_length.strip() != str(stored_length):
        out.append(("X-Orig-Content-Length", original_length))
    out.append(("Content-Length", str(stored_length)))
    return out


def status_line(exchange: HttpExchange) -> str:
    reason = exchange.reason
    if not reason:
        try:
            reason = HTTPStatus(exchange.status).phrase
        except ValueError:
            reason = ""
    return f"{_http1_version(exchange)} {exchange.status} {reason}".rstrip()


def response_block(exchange: HttpExchange, stored_length: int) -> bytes:
    lines = [status_line(exchange)]
    lines += [f"{n}: {v}" for n, v in response_headers_for_storage(exchange, stored_length)]
    return _encode(lines)
