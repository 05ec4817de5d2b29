"""scrapy-playwright's handler, shared by the http and https schemes so there is one browser."""

from __future__ import annotations

import weakref
from typing import Any

from scrapy.crawler import Crawler
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

_SHARED: weakref.WeakKeyDictionary[Crawler, SharedPlaywrightHandler] = \
    weakref.WeakKeyDictionary()


class SharedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """Scrapy builds one handler per scheme; scrapy-playwright would then launch one browser
    for http and another for https. Returning the same instance for both keeps one browser,
    one set of contexts and one place that closes them."""

    _closed: bool = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPlaywrightHandler:
        handler = _SHARED.get(crawler)
        if handler is None:
            handler = cls(crawler)
            _SHARED[crawler] = handler
        return handler

    async def close(self) -> Any:
        if self._closed:
            return None
        self._closed = True
        return await super().close()
