"""One HTTP exchange as the browser (or Scrapy's downloader) made it: the unit the WARC stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from archiver.warc.records import BodySource

# Where a stored body came from; written into the record (Archiver-Body-Origin).
ORIGIN_BROWSER = "browser"        # the browser's own bytes, decoded (gzip/br/chunking removed)
ORIGIN_REFETCH = "refetch"        # fetched again with the page's cookies: the browser lost it
ORIGIN_NETWORK = "network"        # Scrapy's downloader: compression kept, chunking removed
ORIGIN_NONE = "unavailable"       # no body could be had: headers only, WARC-Truncated set


@dataclass
class HttpExchange:
    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    started_at: datetime
    body: BodySource | None = None
    request_body: bytes | None = None
    # True when the stored body is the decoded entity (browser mode): Content-Encoding is then
    # renamed to X-Orig-Content-Encoding. Chunked framing is never stored, in either mode.
    body_decoded: bool = True
    body_origin: str = ORIGIN_BROWSER
    truncated: str | None = None          # WARC-Truncated reason when the body is incomplete
    ip_address: str | None = None
    http_version: str = "HTTP/1.1"
    resource_type: str | None = None      # document, script, image, xhr, fetch, ...
    frame_url: str | None = None
    note: str | None = None               # why a body is missing or refetched (Archiver-Note)

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.response_headers:
            if key.lower() == lname:
                return value
        return None

    @property
    def mime_type(self) -> str:
        value = self.header("content-type") or ""
        return value.split(";", 1)[0].strip().lower()
