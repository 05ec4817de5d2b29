"""The Scrapy extension that owns a run's archive: WARC files, capture log and run summary."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.archive import Archive
from archiver.capture.session import PageSummary
from archiver.capturelog import CaptureLog
from archiver.config import ArchiverConfig
from archiver.dedup import DigestIndex, DigestIndexError, MemoryDigestIndex
from archiver.evidence.hook import after_capture
from archiver.runinfo import file_entry, write_json_atomic
from archiver.scrapy.configured import config_of
from archiver.warc.files import WarcFiles, WarcWriteError
from archiver.warc.records import iso_utc
from archiver.warc.warcinfo import WarcinfoContext

logger = logging.getLogger(__name__)

class ArchiveExtension:
    def __init__(self, crawler: Crawler, config: ArchiverConfig,
                 dedup: DigestIndex | None = None) -> None:
        if config.run_dir is None:
            raise NotConfigured("ARCHIVER_RUN_DIR is not set (the add-on sets it)")
        self.crawler = crawler
        self.config = config
        self.run_dir = config.run_dir
        self.started = datetime.now(UTC)
        self._t0 = time.monotonic()
        self.pages: list[PageSummary] = []
        self.fatal: str | None = None
        self.dedup_error: str | None = None        # why the target's digest index is unused
        self.finish_reason = "unknown"              # Scrapy's, once the spider has closed
        self.summary: dict[str, Any] | None = None  # capture.json, once the engine stopped
        self._closing: asyncio.Future[None] | None = None
        self.log = CaptureLog(self.run_dir / "capture-log.jsonl")
        settings = crawler.settings
        # Set by the add-on when it chose the browser (rendered mode only).
        self.browser: str | None = settings.get("ARCHIVER_BROWSER_VERSION") \
            if config.render else None
        self.user_agent = settings.get("ARCHIVER_EFFECTIVE_USER_AGENT") or \
            settings.get("USER_AGENT")
        self.warcinfo = WarcinfoContext(
            operator=config.operator, user_agent=str(self.user_agent),
            mode="rendered" if config.render else "raw", browser=self.browser,
            robots="obey" if config.robots_obey else "ignore",
            description=f"{crawler.spidercls.name} capture" if crawler.spidercls else "capture",
            config=config.as_dict(), is_part_of=config.target)
        self.files = WarcFiles(self.run_dir / "warc", self.warcinfo.fields,
                               prefix=config.warc_prefix, max_size=config.warc_max_size)
        self.archive = Archive(self.files, self.log, dedup)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        config = config_of(crawler)
        dedup_factory = crawler.settings.get("ARCHIVER_DEDUP_FACTORY")
        dedup_error: str | None = None
        try:
            dedup = dedup_factory(config) if callable(dedup_factory) else None
        except DigestIndexError as exc:
            # Capturing matters more than saving space: this pass keeps every payload whole,
            # and the damaged (or newer) index file is left as it is for a person to look at.
            dedup, dedup_error = MemoryDigestIndex(), str(exc)
        ext = cls(crawler, config, dedup)
        ext.dedup_error = dedup_error
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        # The summary lists the entries file, which the feed exporter finishes on spider_closed.
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    @classmethod
    def of(cls, crawler: Crawler) -> ArchiveExtension:
        ext = crawler.get_extension(cls)
        if ext is None:
            raise NotConfigured("the archiver add-on is not enabled for this crawler")
        return ext

    # -- signals ------------------------------------------------------------------------------
    def spider_opened(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log.event("capture-started", run_dir=str(self.run_dir),
                       mode=self.warcinfo.mode, browser=self.browser,
                       user_agent=self.user_agent, pid=os.getpid())
        if self.dedup_error:
            self.log.event("dedup-unavailable", level="error", error=self.dedup_error,
                           note="this pass writes every payload in full (no revisit records)")

    def spider_closed(self, reason: str) -> None:
        try:
            self.archive.close()
        except OSError as exc:
            self.fatal = self.fatal or f"closing the WARC file failed: {exc}"
        self.log.event("capture-finished", reason=reason, pages=len(self.pages),
                       failed=sum(1 for p in self.pages if not p.ok), fatal=self.fatal)
        self.finish_reason = reason

    def engine_stopped(self) -> None:
        summary = self.write_summary(self.finish_reason)
        # SHA256SUMS and the custody log's "capture" line, over the finished files.
        after_capture(self.run_dir, summary)

    # -- used by the spider and the raw recorder ---------------------------------------------
    def page_done(self, summary: PageSummary) -> None:
        self.pages.append(summary)
        level = "info" if summary.ok else "error"
        self.log.event("page", level=level, **summary.as_dict())
        self.crawler.stats.inc_value("archiver/pages_captured" if summary.ok
                                     else "archiver/pages_failed")

    def write_failed(self, exc: WarcWriteError) -> None:
        """A write error (full disk): stop the crawl; what was written stays valid."""
        self.fatal = str(exc)
        self.log.event("write-failed", level="error", error=str(exc))
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            self._closing = asyncio.ensure_future(
                engine.close_spider_async(reason="archiver_write_failed"))

    def write_summary(self, reason: str) -> dict[str, Any]:
        warc_files = [file_entry(p) for p in self.files.closed_files if p.exists()]
        entries_path = self.run_dir / "entries.jsonl"
        stats = self.archive.stats
        summary = {
            "run_dir": str(self.run_dir),
            "started_at": iso_utc(self.started),
            "finished_at": iso_utc(datetime.now(UTC)),
            "duration_seconds": round(time.monotonic() - self._t0, 3),
            "finish_reason": reason,
            "fatal_error": self.fatal,
            "dedup_error": self.dedup_error,
            "mode": self.warcinfo.mode,
            "browser": self.browser,
            "user_agent": self.user_agent,
            "warc_files": warc_files,
            "entries_file": file_entry(entries_path) if entries_path.exists() else None,
            "pages": [p.as_dict() for p in self.pages],
            "counts": {
                "pages": len(self.pages),
                "pages_failed": sum(1 for p in self.pages if not p.ok),
                "entries": sum(p.entries for p in self.pages),
                "responses": stats.responses, "revisits": stats.revisits,
                "requests": stats.requests, "truncated": stats.truncated,
                "refetched": stats.refetched,
                "embeds_rendered": sum(p.embeds_rendered for p in self.pages),
                "embeds_failed": sum(p.embeds_failed for p in self.pages),
            },
        }
        try:
            write_json_atomic(self.run_dir / "capture.json", summary)
        except OSError as exc:
            logger.error("could not write the run summary: %s", exc)
        self.summary = summary
        return summary


def run_dir_name(now: datetime | None = None, label: str = "capture") -> str:
    now = now or datetime.now(UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{label}"


def default_run_dir(root: Path, label: str = "capture") -> Path:
    return root / run_dir_name(label=label)
