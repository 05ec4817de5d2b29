"""The ``liveblog`` spider: capture each given URL (rendered by default) into the run's archive."""

from __future__ import annotations

import asyncio
import functools
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Page
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure

from archiver import __version__
from archiver.archive import ExchangeWritten, pageinfo_fields
from archiver.capture.pagination import next_pages
from archiver.capture.recorder import TrafficRecorder
from archiver.capture.session import PageSummary, capture_page
from archiver.config import ArchiverConfig
from archiver.exchange import HttpExchange
from archiver.extract import PageSnapshot, SourceRef, entry_to_json_line, extract_entries
from archiver.scrapy.archive_extension import ArchiveExtension
from archiver.scrapy.history_pipeline import page_entries_done
from archiver.scrapy.progress import ProgressExtension
from archiver.warc.files import WarcWriteError


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() not in ("0", "false", "no", "off", "")


def read_url_list(text: str) -> list[str]:
    """URLs, one per line; blank lines and ``#`` comments are skipped."""
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


class LiveblogSpider(Spider):
    name = "liveblog"

    def __init__(self, url: str | None = None, urls_file: str | None = None,
                 profile: str | None = None, render: str | None = None, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        urls = [u.strip() for u in (url or "").split(",") if u.strip()]
        if urls_file:
            urls += read_url_list(Path(urls_file).read_text(encoding="utf-8"))
        # A URL given twice is one page.
        self.urls: list[str] = list(dict.fromkeys(urls))
        self.profile = profile
        # Read by the add-on before settings freeze (spider args are known by then).
        self.archiver_render = None if render is None else _truthy(render)
        self._seen: set[str] = set()
        self._running: set[asyncio.Future[Any]] = set()
        self._slots: asyncio.Semaphore | None = None

    # -- set-up -------------------------------------------------------------------------------
    @property
    def ext(self) -> ArchiveExtension:
        return ArchiveExtension.of(self.crawler)

    @property
    def config(self) -> ArchiverConfig:
        return self.ext.config

    @property
    def progress(self) -> ProgressExtension | None:
        return self.crawler.get_extension(ProgressExtension)

    def _hook_shutdown(self) -> None:
        """Run before Scrapy's own SIGINT/SIGTERM handlers: cut running page captures short."""
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(sig)
            if callable(previous):
                signal.signal(sig, functools.partial(self._on_signal, previous))

    def _on_signal(self, previous: Callable[[int, Any], Any], signum: int, frame: Any) -> None:
        loop = asyncio.get_event_loop()
        for task in list(self._running):
            loop.call_soon_threadsafe(task.cancel)
        previous(signum, frame)

    async def start(self) -> AsyncIterator[Request]:
        self._hook_shutdown()
        if not self.urls:
            self.logger.error("no URL given: use -a url=URL (comma-separated) or "
                              "-a urls_file=FILE")
            return
        for url in self.urls:
            self._seen.add(url)
            if self.progress:
                self.progress.page_started(url, len(self.urls))
            yield self.page_request(url)

    def page_request(self, url: str, first_page: str | None = None,
                     page_number: int = 1) -> Request:
        meta: dict[str, Any] = {"handle_httpstatus_all": True, "archiver_url": url,
                                "archiver_first_page": first_page,
                                "archiver_page_number": page_number}
        if not self.config.render:
            return Request(url, callback=self.parse_raw, errback=self.page_failed, meta=meta,
                           dont_filter=True)
        host = urlsplit(url).hostname or "site"
        meta.update({
            "playwright": True,
            "playwright_include_page": True,
            # One context per site: its consent cookie then holds for every page of the run.
            "playwright_context": f"archiver-{host}",
            "playwright_context_kwargs": {
                "user_agent": self.crawler.settings.get("ARCHIVER_EFFECTIVE_USER_AGENT"),
                "viewport": {"width": self.config.viewport_width,
                             "height": self.config.viewport_height},
                # A service worker would answer from its own cache, out of our sight.
                "service_workers": "block",
                "accept_downloads": True,
            },
            "playwright_page_init_callback": self.init_page,
            "dont_retry": True,
        })
        return Request(url, callback=self.parse_rendered, errback=self.page_failed, meta=meta,
                       dont_filter=True)

    async def init_page(self, page: Page, request: Request) -> None:
        # Scrapy's concurrency limit ends with the download, but a page stays open in the
        # callback while it is captured: a slot is held from here until the page is done.
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.crawler.settings.getint("CONCURRENT_REQUESTS"))
        await self._slots.acquire()
        request.meta["archiver_slot"] = True
        recorder = TrafficRecorder(page.context, self.write_exchange,
                                   max_body_size=self.config.max_body_size,
                                   refetch=self.config.refetch_missing_bodies,
                                   unanswered_sink=self.ext.archive.write_unanswered)
        recorder.attach()
        request.meta["archiver_recorder"] = recorder

    def write_exchange(self, exchange: HttpExchange) -> ExchangeWritten:
        try:
            return self.ext.archive.write_exchange(exchange)
        except WarcWriteError as exc:
            self.ext.write_failed(exc)
            raise

    # -- rendered pages -----------------------------------------------------------------------
    async def parse_rendered(self, response: Response
                             ) -> AsyncIterator[dict[str, Any] | Request]:
        page: Page = response.meta["playwright_page"]
        recorder: TrafficRecorder = response.meta["archiver_recorder"]
        url = response.meta["archiver_url"]
        # A task of its own, so that a shutdown signal can cut it short (it then keeps what
        # the page shows) instead of Scrapy waiting for every behaviour to run out.
        task = asyncio.ensure_future(
            capture_page(page, recorder, self.ext.archive, self.config, url, self.profile))
        self._running.add(task)
        try:
            summary, entries = await asyncio.wait_for(task, timeout=self.config.page_timeout)
        finally:
            self._running.discard(task)
            if not page.is_closed():
                await page.close()
            self._release_slot(response.meta)
        self._paginated(summary, response.meta)
        self._finished(summary)
        further = self._further_pages(summary)
        for entry in entries:
            yield entry
        for entry in self._after_page(summary, entries):
            yield entry
        for request in further:
            yield request

    # -- raw pages ----------------------------------------------------------------------------
    def parse_raw(self, response: Response) -> Iterator[dict[str, Any] | Request]:
        url = response.meta["archiver_url"]
        summary = PageSummary(url, final_url=response.url, status=response.status)
        if response.status >= 400:
            summary.error = f"the page answered HTTP {response.status}"
        entries: list[dict[str, Any]] = []
        if isinstance(response, HtmlResponse) and self.config.extract and response.status < 400:
            entries = self._extract_raw(response, summary)
            summary.next_pages = next_pages(response.body, response.url)
        self._paginated(summary, response.meta)
        self._finished(summary)
        further = self._further_pages(summary)
        yield from entries
        yield from self._after_page(summary, entries)
        yield from further
        if self.config.follow_links and isinstance(response, TextResponse):
            yield from self._outlinks(response)

    def _extract_raw(self, response: TextResponse, summary: PageSummary
                     ) -> list[dict[str, Any]]:
        record_id = response.meta.get("archiver_record_id")
        snap = PageSnapshot(
            url=response.url, html=response.body,
            captured_at=response.meta["archiver_captured_at"],
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1")
            or None,
            source=SourceRef(response.meta.get("archiver_warc_file"), record_id, response.url),
            profile=self.profile)
        result = extract_entries(snap)
        summary.title = result.liveblog.get("title")
        summary.entries = len(result.entries)
        summary.closed = result.closed
        self.ext.archive.write_entries(
            page_url=response.url, refers_to=record_id, date=snap.captured_at,
            lines=[entry_to_json_line(e) for e in result.entries],
            extractor_version=__version__)
        return result.entries

    @staticmethod
    def _paginated(summary: PageSummary, meta: dict[str, Any]) -> None:
        summary.first_page = meta.get("archiver_first_page")
        summary.page_number = int(meta.get("archiver_page_number") or 1)

    def _further_pages(self, summary: PageSummary) -> list[Request]:
        """The liveblog's next page, when its older entries are on further pages: only from
        a page that had entries, and at most ARCHIVER_PAGINATION_MAX_PAGES after the first."""
        # The page under the URL it ended on too (a redirect): a link back to it is no
        # further page.
        self._seen.update(u for u in (summary.url, summary.final_url) if u)
        if not summary.ok or not summary.entries:
            return []
        links = [u for u in summary.next_pages if u not in self._seen]
        if not links:
            return []
        if summary.page_number > self.config.pagination_max_pages:
            # Not captured whole (a watch pass then deletes nothing); with pagination off,
            # a page is what it always was.
            summary.pages_left = self.config.pagination_max_pages > 0
            return []
        first = summary.first_page or summary.url
        link = links[0]
        self._seen.add(link)
        self.logger.info("%s: older entries on a further page, %s", first, link)
        if self.progress:
            self.progress.page_started(link, self.progress.total + 1)
        summary.followed_by = link
        return [self.page_request(link, first, summary.page_number + 1)]

    def _outlinks(self, response: TextResponse) -> Iterator[Request]:
        host = urlsplit(response.url).netloc
        for href in response.css("a::attr(href)").getall():
            link = urljoin(response.url, href).split("#", 1)[0]
            if urlsplit(link).netloc != host or link in self._seen:
                continue
            self._seen.add(link)
            yield Request(link, callback=self.parse_raw, errback=self.page_failed,
                          meta={"handle_httpstatus_all": True, "archiver_url": link})

    def _after_page(self, summary: PageSummary, entries: list[dict[str, Any]]
                    ) -> list[dict[str, Any]]:
        """Entries that follow the page's own: a watch pass's history adds the page's
        deleted entries (see archiver.scrapy.history_pipeline)."""
        more: list[dict[str, Any]] = []
        for _receiver, value in self.crawler.signals.send_catch_log(
                signal=page_entries_done, summary=summary, entries=entries):
            if isinstance(value, list):
                more += value
        return more

    # -- failures -----------------------------------------------------------------------------
    async def page_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("archiver_url", request.url)
        error = describe_failure(failure)
        recorder: TrafficRecorder | None = request.meta.get("archiver_recorder")
        if recorder is not None:
            await recorder.close()
            self.ext.archive.write_page(
                page_url=url, refers_to=None, date=_now(), dom=None, frames=[],
                screenshot=None, pageinfo=_failed_pageinfo(url, error, recorder))
        page = request.meta.get("playwright_page")
        if page is not None and not page.is_closed():
            await page.close()
        self._release_slot(request.meta)
        summary = PageSummary(url, error=error)
        self._paginated(summary, request.meta)
        self._finished(summary)

    def _release_slot(self, meta: dict[str, Any]) -> None:
        if meta.pop("archiver_slot", False) and self._slots is not None:
            self._slots.release()

    def _finished(self, summary: PageSummary) -> None:
        self.ext.page_done(summary)
        if self.progress:
            if summary.ok:
                text = (f"{summary.entries} entries, {summary.embeds_rendered} embeds rendered"
                        + (f", {summary.embeds_failed} failed" if summary.embeds_failed else ""))
            else:
                text = f"FAILED: {summary.error}"
            self.progress.page_finished(summary.url, text)


def describe_failure(failure: Failure) -> str:
    value = failure.value
    message = str(getattr(value, "message", "") or value).strip().splitlines()
    first = message[0] if message else type(value).__name__
    return f"{type(value).__name__}: {first}"


def _now() -> datetime:
    return datetime.now(UTC)


def _failed_pageinfo(url: str, error: str, recorder: TrafficRecorder) -> list[tuple[str, str]]:
    return pageinfo_fields({"url": url, "error": error, "status": None}, [],
                           [r.as_dict() for r in recorder.resources], recorder.issues)
