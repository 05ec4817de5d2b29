"""Recording Scrapy's own downloads (``--no-render``) as the server sent them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response

from archiver.exchange import ORIGIN_NETWORK, HttpExchange
from archiver.scrapy.archive_extension import ArchiveExtension
from archiver.warc.files import WarcWriteError
from archiver.warc.records import BodySource

logger = logging.getLogger(__name__)


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    # Scrapy's Headers hold names and values as bytes (it encodes whatever it is given).
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


class RawRecorderMiddleware:
    """Sits next to the downloader (order 950): it sees every response before redirects,
    retries and decompression, with the request headers the downloader really sent."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._ext: ArchiveExtension | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RawRecorderMiddleware:
        return cls(crawler)

    @property
    def ext(self) -> ArchiveExtension:
        if self._ext is None:
            self._ext = ArchiveExtension.of(self.crawler)
        return self._ext

    def process_response(self, request: Request, response: Response) -> Response:
        if "playwright" in response.flags or request.meta.get("playwright"):
            return response
        latency = float(request.meta.get("download_latency") or 0.0)
        response_headers = _pairs(response.headers)
        note = None
        if response.body and not any(k.lower() == "content-length" for k, _ in response_headers):
            # Twisted keeps framing headers to itself: no Content-Length means the body came
            # chunked or close-delimited; which of the two is not reported.
            note = ("framing not reported by the HTTP client: the body came chunked or "
                    "close-delimited; stored de-chunked, Content-Length is the stored length")
        exchange = HttpExchange(
            url=response.url, method=request.method,
            request_headers=_pairs(request.headers), request_body=request.body or None,
            # Scrapy does not report the reason phrase: the status line supplies the standard one.
            status=response.status, reason="", response_headers=response_headers,
            started_at=datetime.now(UTC) - timedelta(seconds=latency),
            body=BodySource(response.body), body_decoded=False, body_origin=ORIGIN_NETWORK,
            ip_address=str(response.ip_address) if response.ip_address else None,
            http_version=response.protocol or "HTTP/1.1", note=note,
        )
        try:
            written = self.ext.archive.write_exchange(exchange)
        except WarcWriteError as exc:
            self.ext.write_failed(exc)
            raise
        request.meta["archiver_record_id"] = written.record_id
        request.meta["archiver_warc_file"] = written.warc_file
        request.meta["archiver_captured_at"] = exchange.started_at
        return response
