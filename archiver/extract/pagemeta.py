"""What a page says about the liveblog as a whole: title, canonical URL, site, language, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archiver.extract.jsonld import StructuredData, text_value
from archiver.extract.selectors import (
    CANONICAL,
    FIRST_H1,
    META_TAGS,
    TITLE,
    elements_of,
    strings_of,
)
from archiver.extract.text import element_text
from archiver.extract.times import parse_iso, parse_iso_date


@dataclass(frozen=True)
class PageMeta:
    url: str
    canonical_url: str | None
    title: str | None
    site: str | None
    language: str | None
    start_raw: str | None
    modified_raw: str | None
    end_raw: str | None


def meta_map(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in elements_of(META_TAGS(root)):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = m.get("content")
        if key and value is not None and key not in out:
            out[key] = value.strip()
    return out


def _first(*values: Any) -> str | None:
    for v in values:
        text = text_value(v) if not isinstance(v, str) else (v.strip() or None)
        if text:
            return text
    return None


def read_page_meta(root: etree._Element, url: str, sd: StructuredData,
                   micro_page: dict[str, str]) -> PageMeta:
    metas = meta_map(root)
    lb: dict[str, Any] = sd.liveblog or {}
    art: dict[str, Any] = sd.article or {}
    canon_hrefs = strings_of(CANONICAL(root))
    canonical = _first(str(canon_hrefs[0]) if canon_hrefs else None, metas.get("og:url"))
    title_el = elements_of(TITLE(root))
    h1 = elements_of(FIRST_H1(root))
    title = _first(lb.get("headline"), metas.get("og:title"), micro_page.get("headline"),
                   element_text(h1[0]) if h1 else None,
                   element_text(title_el[0]) if title_el else None, art.get("headline"))
    publisher = lb.get("publisher") or art.get("publisher")
    host = urlsplit(url).hostname
    site = _first(metas.get("og:site_name"), text_value(publisher), metas.get("application-name"),
                  host)
    html_lang = root.get("lang") or root.get("xml:lang")
    language = _first(html_lang, metas.get("og:locale", "").replace("_", "-") or None,
                      lb.get("inLanguage"), art.get("inLanguage"), metas.get("language"),
                      metas.get("content-language"))
    start = _first(lb.get("coverageStartTime"), lb.get("datePublished"),
                   micro_page.get("coverageStartTime"), micro_page.get("datePublished"),
                   metas.get("article:published_time"), art.get("datePublished"),
                   metas.get("date"), metas.get("dc.date"))
    modified = _first(lb.get("dateModified"), micro_page.get("dateModified"),
                      metas.get("article:modified_time"), art.get("dateModified"),
                      metas.get("og:updated_time"))
    end = _first(lb.get("coverageEndTime"), micro_page.get("coverageEndTime"))
    return PageMeta(
        url=url,
        canonical_url=urljoin(url, canonical) if canonical else None,
        title=title, site=site, language=language,
        start_raw=start, modified_raw=modified, end_raw=end)


def page_datetime(raw: str | None, zone: tzinfo) -> datetime | None:
    return parse_iso(raw, zone) if raw else None


def coverage_ended(end_raw: str | None, zone: tzinfo, captured_at: datetime) -> bool:
    """Had coverage ended when the page was captured? A ``coverageEndTime`` in the future is
    when the liveblog is planned to stop; a date without a time ends at that day's end."""
    if not end_raw:
        return False
    end = parse_iso(end_raw, zone)
    if end is not None:
        return end <= captured_at
    day = parse_iso_date(end_raw)
    return day is not None and day < captured_at.astimezone(zone).date()
