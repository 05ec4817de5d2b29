"""Re-deriving entries from WARC files alone: find each page's snapshot, rebuild its input."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.extract import PageSnapshot, SourceRef
from archiver.warc.reader import StoredRecord, decode_content, iter_records, read_payload
from archiver.warc.records import parse_warc_date

logger = logging.getLogger(__name__)


@dataclass
class _Collected:
    pageinfos: list[StoredRecord] = field(default_factory=list)
    entries: list[StoredRecord] = field(default_factory=list)
    by_id: dict[str, StoredRecord] = field(default_factory=dict)


def parse_pageinfo(payload: bytes) -> dict[str, Any]:
    """The page-info record (warc-fields with one-line JSON values) as a dict of lists."""
    out: dict[str, Any] = {"behaviour": [], "resource": [], "issue": []}
    # Lines end in CRLF; str.splitlines() would also cut a value at U+2028, U+0085 and the
    # like, which JSON leaves unescaped (a page title may hold them).
    for line in payload.decode("utf-8").split("\n"):
        name, sep, value = line.removesuffix("\r").partition(": ")
        if not sep:
            continue
        try:
            parsed: Any = json.loads(value)
        except ValueError:
            parsed = value
        if name in out and isinstance(out[name], list):
            out[name].append(parsed)
        else:
            out[name] = parsed
    return out


def _collect(paths: Iterable[Path]) -> _Collected:
    found = _Collected()
    # Payloads of responses (images, scripts, video) are read only for the one that turns
    # out to be a raw page: holding them all would cost the size of the capture in memory.
    for path in paths:
        for record in iter_records(path, load=lambda rec_type, _uri: rec_type != "response",
                                   types=frozenset({"metadata", "resource", "response"})):
            uri = record.target_uri
            if record.rec_type == "metadata" and uri.startswith("urn:pageinfo:"):
                found.pageinfos.append(record)
            elif record.rec_type == "resource" and uri.startswith("urn:entries:"):
                found.entries.append(record)
            elif record.rec_type == "response" or uri.startswith("urn:dom:"):
                found.by_id[record.record_id] = record
    return found


def snapshots(paths: Iterable[Path]) -> Iterator[PageSnapshot]:
    """One snapshot per captured page, in the order the capture wrote their entries."""
    found = _collect(paths)
    rendered: dict[str, PageSnapshot] = {}
    for info_record in found.pageinfos:
        info = parse_pageinfo(info_record.payload or b"")
        snap = info.get("snapshot") or {}
        page = info.get("page") or {}
        dom = found.by_id.get(snap.get("dom") or "")
        if dom is None:
            continue
        frames = {url: found.by_id[rid].payload or b""
                  for url, rid in (snap.get("frames") or {}).items() if rid in found.by_id}
        final_url = dom.target_uri.removeprefix("urn:dom:")
        rendered[info_record.header("warc-refers-to") or final_url] = PageSnapshot(
            url=final_url, html=dom.payload or b"",
            captured_at=parse_warc_date(dom.header("warc-date") or ""),
            frames=frames, source=SourceRef(dom.path.name, dom.record_id, final_url),
            profile=page.get("explicit_profile") or page.get("profile"))
    for entries_record in found.entries:
        refers_to = entries_record.header("warc-refers-to") or ""
        page_url = entries_record.target_uri.removeprefix("urn:entries:")
        if refers_to in rendered or page_url in rendered:
            yield rendered.pop(refers_to if refers_to in rendered else page_url)
            continue
        response = found.by_id.get(refers_to)
        if response is None or response.rec_type != "response":
            logger.warning("no snapshot or response for the entries of %s", page_url)
            continue
        yield raw_snapshot(response)


def raw_snapshot(response: StoredRecord) -> PageSnapshot:
    """A page captured without a browser: the server's bytes, decoded as a browser would."""
    payload = response.payload if response.payload is not None else read_payload(response)
    body = decode_content(payload, response.http_header("content-encoding"))
    return PageSnapshot(
        url=response.target_uri, html=body,
        captured_at=parse_warc_date(response.header("warc-date") or ""),
        content_type=response.http_header("content-type"),
        source=SourceRef(response.path.name, response.record_id, response.target_uri))
