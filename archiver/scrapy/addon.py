"""The one add-on that wires the archiver into a crawl: handler, extensions, middleware, feeds."""

from __future__ import annotations

import logging
import re

from scrapy.crawler import Crawler
from scrapy.settings import Settings

from archiver.browser import BrowserNotFound, browser_version, find_chromium, launch_options
from archiver.config import ArchiverConfig
from archiver.scrapy.archive_extension import default_run_dir

logger = logging.getLogger(__name__)

HANDLER = "archiver.scrapy.handler.SharedPlaywrightHandler"
ARCHIVE_EXTENSION = "archiver.scrapy.archive_extension.ArchiveExtension"
PROGRESS_EXTENSION = "archiver.scrapy.progress.ProgressExtension"
RAW_RECORDER = "archiver.scrapy.raw_recorder.RawRecorderMiddleware"
EXPORTER = "archiver.scrapy.exporter.EntryLinesExporter"
RENDER_CONCURRENCY = 4
HISTORY_PIPELINE = "archiver.scrapy.history_pipeline.HistoryPipeline"


def chrome_user_agent(version_text: str | None) -> str:
    """A desktop Chrome UA for the browser's major version (the reduced UA format Chrome
    itself sends), instead of the default that says HeadlessChrome."""
    match = re.search(r"(\d+)\.\d+", version_text or "")
    major = match.group(1) if match else "130"
    return ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{major}.0.0.0 Safari/537.36")


class ArchiverAddon:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiverAddon:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        spider = getattr(self.crawler, "spider", None)
        render_arg = getattr(spider, "archiver_render", None)
        if render_arg is not None:
            settings.set("ARCHIVER_RENDER", bool(render_arg), priority="addon")
        config = ArchiverConfig.from_settings(settings)
        run_dir = config.run_dir or default_run_dir(config.output_root)
        settings.set("ARCHIVER_RUN_DIR", str(run_dir), priority="addon")
        if config.dedup_index is not None and not settings.get("ARCHIVER_DEDUP_FACTORY"):
            from archiver.dedup import open_digest_index

            settings.set("ARCHIVER_DEDUP_FACTORY", open_digest_index, priority="addon")
        if config.history_db is not None:
            settings["ITEM_PIPELINES"][HISTORY_PIPELINE] = 300

        settings["EXTENSIONS"][ARCHIVE_EXTENSION] = 100
        settings["EXTENSIONS"][PROGRESS_EXTENSION] = 110
        settings["DOWNLOADER_MIDDLEWARES"][RAW_RECORDER] = 950
        settings["FEED_EXPORTERS"]["entries"] = EXPORTER
        feeds = dict(settings.getdict("FEEDS"))
        feeds.setdefault(str(run_dir / "entries.jsonl"),
                         {"format": "entries", "store_empty": True, "overwrite": True})
        settings.set("FEEDS", feeds, priority="addon")
        settings.set("ROBOTSTXT_OBEY", config.robots_obey, priority="addon")
        token = config.user_agent or config.user_agent_token
        settings.set("USER_AGENT", token, priority="addon")

        if not config.render:
            settings.set("ARCHIVER_EFFECTIVE_USER_AGENT", token, priority="addon")
            return
        choice = find_chromium(config.chromium)
        if choice is None:
            raise BrowserNotFound("no Chromium found: run `archiver browser --install` "
                                  "(apt-get install -y chromium as root, or python -m "
                                  "playwright install chromium), or set ARCHIVER_CHROMIUM")
        version = browser_version(choice.path)
        # The archive extension states it in warcinfo and the summary: asked once, here.
        settings.set("ARCHIVER_BROWSER_VERSION", version, priority="addon")
        user_agent = config.user_agent or f"{chrome_user_agent(version)} {token}"
        settings.set("ARCHIVER_EFFECTIVE_USER_AGENT", user_agent, priority="addon")
        settings["DOWNLOAD_HANDLERS"]["http"] = HANDLER
        settings["DOWNLOAD_HANDLERS"]["https"] = HANDLER
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS",
                     launch_options(choice.path, headless=config.headless), priority="addon")
        # The browser's own headers are the evidence: do not let Scrapy rewrite them.
        settings.set("PLAYWRIGHT_PROCESS_REQUEST_HEADERS", None, priority="addon")
        settings.set("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", 1, priority="addon")
        # A rendered page holds a browser page for its whole capture: a few at a time (override
        # with --concurrency / CONCURRENT_REQUESTS).
        settings.set("CONCURRENT_REQUESTS", RENDER_CONCURRENCY, priority="addon")
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT",
                     config.navigation_timeout * 1000, priority="addon")
        logger.info("rendering with %s (%s, found by %s)", choice.path, version, choice.source)
