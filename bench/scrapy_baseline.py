"""Floor A of benchmark 1: a plain Scrapy crawl of a URL list that keeps nothing.

Run as ``python -m bench.scrapy_baseline --urls-file FILE``; prints one JSON line with the
number of responses. Crawl settings that change the crawl itself (concurrency, robots.txt,
reactor) are the ones ``archiver capture --no-render`` runs with, so only the recording differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.settings import Settings


class PlainSpider(Spider):
    name = "bench-plain"

    def __init__(self, urls: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls or []

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, callback=self.parse, dont_filter=True,
                          meta={"handle_httpstatus_all": True})

    def parse(self, response: Response, **kwargs: Any) -> None:
        return None


def settings(concurrency: int | None) -> Settings:
    values: dict[str, Any] = {
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    if concurrency:
        values["CONCURRENT_REQUESTS"] = concurrency
    return Settings(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scrapy_baseline")
    parser.add_argument("--urls-file", type=Path, required=True)
    parser.add_argument("--concurrency", type=int)
    args = parser.parse_args(argv)
    urls = [u.strip() for u in args.urls_file.read_text(encoding="utf-8").splitlines()
            if u.strip() and not u.startswith("#")]
    process = CrawlerProcess(settings(args.concurrency))
    crawler = process.create_crawler(PlainSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    pages = int(stats.get("response_received_count", 0))
    print(json.dumps({"pages": pages, "finish_reason": stats.get("finish_reason")}))
    return 0 if pages == len(urls) else 1


if __name__ == "__main__":
    sys.exit(main())
