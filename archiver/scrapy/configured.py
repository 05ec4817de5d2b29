"""The archiver config of a crawler, for components: a bad setting disables them with its reason."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.config import ArchiverConfig, ConfigError


def config_of(crawler: Crawler) -> ArchiverConfig:
    try:
        return ArchiverConfig.from_settings(crawler.settings)
    except ConfigError as exc:
        raise NotConfigured(str(exc)) from exc
