"""Progress of a capture: a live status line on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class ProgressExtension:
    def __init__(self, crawler: Crawler, stream: TextIO, tty: bool) -> None:
        self.crawler = crawler
        self.stream = stream
        self.tty = tty
        self.total = 0
        self.done = 0
        self.t0 = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not crawler.settings.getbool("ARCHIVER_PROGRESS", True):
            raise NotConfigured("ARCHIVER_PROGRESS is off")
        ext = cls(crawler, sys.stderr, sys.stderr.isatty())
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _emit(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K" + text[:200])
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def page_started(self, url: str, total: int) -> None:
        self.total = max(self.total, total)
        self._emit(f"[{self.done + 1}/{self.total}] capturing {url}")

    def page_finished(self, url: str, text: str) -> None:
        self.done += 1
        elapsed = time.monotonic() - self.t0
        line = f"[{self.done}/{self.total}] {text} ({elapsed:.1f}s): {url}"
        self.stream.write(("\r\x1b[2K" if self.tty else "") + line + "\n")
        self.stream.flush()

    def spider_closed(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
