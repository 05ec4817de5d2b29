"""Scrapy settings module for the project (``scrapy.cfg`` points here)."""

from __future__ import annotations

BOT_NAME = "archiver"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# scrapy-playwright needs the asyncio reactor (the default since Scrapy 2.13, stated for clarity).
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# One add-on wires the download handler, extensions, middlewares, pipelines and feeds.
ADDONS = {"archiver.scrapy.addon.ArchiverAddon": 0}

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Scrapy re-reads a generator callback's source on every response to warn about `return x`
# in generators; its cache is keyed by the bound method, a new object each time, so it never
# hits (about 1 ms per response, 15% of a --no-render crawl). Our callbacks are tested.
WARN_ON_GENERATOR_RETURN_VALUE = False
