"""The history pipeline: sets each entry's ``change`` against the target's history, adds the
page's deleted entries after its entries, and commits the pass in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.capture.session import PageSummary
from archiver.history.changes import INCOMPLETE_LOAD, PassTracker
from archiver.history.model import (
    DELETED,
    EDITED,
    FAILED,
    INTERRUPTED,
    NEW,
    OK,
    UNCHANGED,
    now_text,
)
from archiver.history.model import ERROR as STATUS_ERROR
from archiver.history.store import HistoryStore, SqliteHistoryStore
from archiver.scrapy.archive_extension import ArchiveExtension
from archiver.scrapy.configured import config_of

logger = logging.getLogger(__name__)


@dataclass
class _Liveblog:
    """The pages of one liveblog seen so far in a pass (its first page and further pages)."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    ok: bool = True
    closed: bool = False
    load_more: str | None = None
    error: str | None = None

    def add(self, summary: PageSummary, entries: list[dict[str, Any]]) -> None:
        self.entries += entries
        if summary.first_page is None:
            self.closed = summary.closed
        if not summary.ok:
            self.ok = False
            self.error = self.error or summary.error
        status = next((b.get("status") for b in summary.behaviours
                       if b.get("name") == "load-more"), None)
        if status in INCOMPLETE_LOAD and self.load_more not in INCOMPLETE_LOAD:
            self.load_more = status      # one page not fully loaded: the liveblog is not
        elif self.load_more is None:
            self.load_more = status
        if summary.pages_left:
            self.load_more = "partial"

# Sent by the spider after it yielded a page's entries, with ``summary`` (PageSummary) and
# ``entries`` (the list yielded). Receivers return a list of further entries to yield: the
# history pipeline returns the page's deleted entries.
page_entries_done = object()

# Scrapy's finish reasons for a crawl that was stopped rather than finished.
STOPPED = ("shutdown", "cancelled")


class HistoryPipeline:
    """Enabled by the add-on when ``ARCHIVER_HISTORY_DB`` is set (watch passes)."""

    def __init__(self, crawler: Crawler, store: HistoryStore, pass_id: str) -> None:
        self.crawler = crawler
        self.store = store
        self.pass_id = pass_id
        self.reason = "unknown"
        self.tracker: PassTracker | None = None
        self.done = False
        # Liveblogs whose further pages are still being captured, by first page URL.
        self._pending: dict[str, _Liveblog] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HistoryPipeline:
        config = config_of(crawler)
        if config.history_db is None or config.run_dir is None:
            raise NotConfigured("ARCHIVER_HISTORY_DB is not set")
        config.history_db.parent.mkdir(parents=True, exist_ok=True)
        pipeline = cls(crawler, SqliteHistoryStore(config.history_db), config.run_dir.name)
        crawler.signals.connect(pipeline.page_done, signal=page_entries_done)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        # After spider_closed: the archive has closed (fsynced) its WARC files by then, so
        # the versions committed never name a record that is not on disk.
        crawler.signals.connect(pipeline.engine_stopped, signal=signals.engine_stopped)
        return pipeline

    # -- items ----------------------------------------------------------------------------
    def open_spider(self) -> None:
        spider = self.crawler.spider
        urls = getattr(spider, "urls", None) or []
        self.tracker = PassTracker(self.pass_id, ",".join(dict.fromkeys(urls)), now_text(),
                                   self.store.known_entries, self.store.last_entry)

    def _page_key(self, item: dict[str, Any]) -> str:
        """The URL the page was requested by (stable across passes, unlike a redirect's
        target): the history of a target is kept per requested URL. The further pages of a
        paginated liveblog share their first page's (entries move from page to page)."""
        final = (item.get("source") or {}).get("page_url") or ""
        for page in reversed(ArchiveExtension.of(self.crawler).pages):
            if final in (page.final_url, page.url):
                return page.first_page or page.url
        return str(final)

    def process_item(self, item: Any) -> Any:
        if self.tracker is None or not isinstance(item, dict) or "entry_id" not in item:
            return item
        if item.get("change") == DELETED:
            return item  # produced by page_done below
        item["change"] = self.tracker.observe(self._page_key(item), item)
        return item

    def page_done(self, summary: PageSummary, entries: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
        if self.tracker is None:
            return []
        # A paginated liveblog is one page of the history, under its first page's URL: its
        # deletions are computed once its last page is done, from the entries of all.
        key = summary.first_page or summary.url
        liveblog = self._pending.setdefault(key, _Liveblog())
        liveblog.add(summary, entries)
        if summary.followed_by is not None and summary.ok:
            return []
        del self._pending[key]
        return self._finish(key, liveblog)

    def _finish(self, key: str, liveblog: _Liveblog) -> list[dict[str, Any]]:
        assert self.tracker is not None
        deleted = self.tracker.finish_page(key, ok=liveblog.ok, entries=liveblog.entries,
                                           closed=liveblog.closed,
                                           load_more=liveblog.load_more, error=liveblog.error)
        page = self.tracker.pages[-1]
        if page.withheld:
            ArchiveExtension.of(self.crawler).log.event(
                "deletions-withheld", level="warning", page=key, reason=page.withheld)
        return deleted

    # -- end of the pass ------------------------------------------------------------------
    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.tracker is None or self.done:
            return
        self.done = True
        ext = ArchiveExtension.of(self.crawler)
        finished = now_text()
        try:
            if self.reason != "finished" or ext.fatal:
                status = INTERRUPTED if self.reason in STOPPED else STATUS_ERROR
                why = ext.fatal or f"the capture ended early ({self.reason})"
                self.store.discard_pass(self.pass_id, status, finished, why)
                ext.log.event("history-discarded", level="warning", pass_id=self.pass_id,
                              reason=why)
                return
            # A liveblog whose further page failed (no entries came of it): nothing deleted.
            for page in ext.pages:
                if page.first_page is not None and not page.ok and \
                        page.first_page in self._pending:
                    self._pending[page.first_page].add(page, [])
            for key, liveblog in list(self._pending.items()):
                del self._pending[key]
                liveblog.ok = False
                liveblog.error = liveblog.error or "a further page was not captured"
                self._finish(key, liveblog)
            known_pages = {p.page_url for p in self.tracker.pages}
            for page in ext.pages:
                if page.first_page is None and page.url not in known_pages:
                    self.tracker.finish_page(page.url, ok=False, entries=[], error=page.error)
            pages_ok = bool(ext.pages) and all(p.ok for p in ext.pages)
            changes = self.tracker.result(OK if pages_ok else FAILED, finished)
            self.store.commit_pass(changes)
        except Exception as exc:
            logger.exception("the history of pass %s was not stored", self.pass_id)
            ext.log.event("history-failed", level="error", pass_id=self.pass_id,
                          error=f"{type(exc).__name__}: {exc}")
            return
        ext.log.event("history-committed", pass_id=self.pass_id, status=changes.status,
                      new=changes.count(NEW), edited=changes.count(EDITED),
                      unchanged=changes.count(UNCHANGED), deleted=changes.count(DELETED),
                      off_page=changes.off_page, withheld=changes.withheld)
