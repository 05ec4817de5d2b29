"""The WACZ page list: one page per captured liveblog, from the ``urn:pageinfo:`` records."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archiver.evidence.cdx import ScannedRecord
from archiver.rederive import parse_pageinfo

logger = logging.getLogger(__name__)

PAGEINFO_PREFIX = "urn:pageinfo:"
HEADER_FORMAT = "json-pages-1.0"


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    ts: str           # RFC 3339, the WARC-Date of the page's main response
    title: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "url": self.url, "ts": self.ts, "title": self.title}


def wants_payload(rec_type: str, uri: str) -> bool:
    """What a scan must load for :func:`pages_from_records` (page-info records only)."""
    return rec_type == "metadata" and uri.startswith(PAGEINFO_PREFIX)


def _pageinfo_page(payload: bytes) -> dict[str, Any]:
    try:
        page = parse_pageinfo(payload).get("page")
    except ValueError:      # not UTF-8: no page-info record this archiver wrote
        return {}
    return page if isinstance(page, dict) else {}


def _uuid_hex(record_id: str) -> str:
    return record_id.strip("<>").removeprefix("urn:uuid:").replace("-", "")


def pages_from_records(records: Iterable[ScannedRecord]) -> list[Page]:
    """Pages in capture order; WARCs without page-info records (made by other tools) give
    their first HTML response with status 200 per file."""
    by_id: dict[str, ScannedRecord] = {}
    infos: list[ScannedRecord] = []
    first_html: dict[str, ScannedRecord] = {}
    for rec in records:
        rid = rec.header("warc-record-id") or ""
        if rec.rec_type in ("response", "revisit", "resource"):
            by_id[rid] = rec
        if rec.rec_type == "metadata" and rec.payload is not None and \
                (rec.header("warc-target-uri") or "").startswith(PAGEINFO_PREFIX):
            infos.append(rec)
        if rec.rec_type == "response" and rec.status == "200" and \
                (rec.http_content_type or "").startswith("text/html"):
            first_html.setdefault(rec.filename, rec)
    pages: list[Page] = []
    seen: set[tuple[str, str]] = set()
    for info in infos:
        page = _pageinfo_page(info.payload or b"")
        main_id = str(page.get("main_record_id") or info.header("warc-refers-to") or "")
        main = by_id.get(main_id)
        if main is None:
            logger.warning("page info %s names no main response in these WARCs", info.offset)
            continue
        url = main.header("warc-target-uri") or str(page.get("final_url") or page.get("url"))
        ts = main.header("warc-date") or ""
        if (url, ts) in seen:
            continue
        seen.add((url, ts))
        pages.append(Page(_uuid_hex(main_id), url, ts, str(page.get("title") or url)))
    if not pages:
        for rec in first_html.values():
            url = rec.header("warc-target-uri") or ""
            pages.append(Page(_uuid_hex(rec.header("warc-record-id") or ""), url,
                              rec.header("warc-date") or "", url))
    return pages


def pages_jsonl(pages: list[Page], title: str = "Captured pages") -> bytes:
    header = {"format": HEADER_FORMAT, "id": "pages", "title": title}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(p.as_dict(), ensure_ascii=False) for p in pages]
    return ("\n".join(lines) + "\n").encode("utf-8")
