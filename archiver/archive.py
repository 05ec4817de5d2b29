"""What a capture writes into its WARC files: exchanges (or revisits), page snapshots, entries."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from archiver.capturelog import CaptureLog
from archiver.dedup import DigestIndex, DurableDigestIndex, uri_kind
from archiver.exchange import ORIGIN_NONE, ORIGIN_REFETCH, HttpExchange
from archiver.warc.builders import (
    DigestRef,
    build_metadata,
    build_request,
    build_resource,
    build_response,
    build_revisit,
)
from archiver.warc.files import WarcFiles, WrittenRecord
from archiver.warc.records import BodySource, WarcRecord

logger = logging.getLogger(__name__)

H_FRAME_OF = "Archiver-Frame-Of"
H_EXTRACTOR = "Archiver-Extractor-Version"
ENTRIES_TYPE = "application/x-ndjson"


@dataclass(frozen=True)
class FrameInput:
    url: str
    name: str
    html: bytes


@dataclass
class PageRecords:
    """Where a page's snapshot landed."""

    warc_file: str | None = None
    dom_record_id: str | None = None
    frame_record_ids: dict[str, str] = field(default_factory=dict)
    screenshot_record_id: str | None = None
    pageinfo_record_id: str | None = None
    screenshot_sha256: str | None = None
    screenshot_identical_to: DigestRef | None = None


@dataclass(frozen=True)
class ExchangeWritten:
    record_id: str            # the response (or revisit) record
    payload_digest: str | None
    revisit: bool
    warc_file: str


@dataclass
class ArchiveStats:
    responses: int = 0
    revisits: int = 0
    requests: int = 0
    truncated: int = 0
    refetched: int = 0
    bytes_payload: int = 0
    pages: int = 0


class Archive:
    """Bridges captured material and the WARC files; consults the digest index for revisits."""

    def __init__(self, files: WarcFiles, log: CaptureLog,
                 dedup: DigestIndex | None = None) -> None:
        self.files = files
        self.log = log
        self.dedup = dedup
        self.stats = ArchiveStats()

    # -- traffic ------------------------------------------------------------------------------
    def write_exchange(self, exchange: HttpExchange) -> ExchangeWritten:
        """Write request + response (or a revisit when the digest index knows the payload)."""
        response = build_response(exchange, self.files.new_id)
        response.compute_digests()
        digest = response.payload_digest
        assert digest is not None  # compute_digests sets it on every response
        # Only a whole payload goes into the index or is looked up in it.
        index = None if exchange.truncated or exchange.body_origin == ORIGIN_NONE else self.dedup
        record: WarcRecord = response
        if index is not None and response.body.size > 0:
            original = index.lookup(digest, exchange.url)
            # Only a response can be the original of a revisit (checklist E22).
            if original is not None and uri_kind(original.target_uri) == "http":
                record = build_revisit(exchange, digest, original, self.files.new_id)
        revisit = record is not response
        request = build_request(exchange, record, self.files.new_id)
        written = self.files.write([request, record])
        self.stats.requests += 1
        if revisit:
            self.stats.revisits += 1
        else:
            self.stats.responses += 1
            self.stats.bytes_payload += response.body.size
            if index is not None:
                index.add(DigestRef(record.record_id, exchange.url, record.date, digest))
        if exchange.truncated:
            self.stats.truncated += 1
            self.log.event("truncated", level="warning", url=exchange.url,
                           status=exchange.status, reason=exchange.truncated,
                           note=exchange.note, record_id=record.record_id)
        elif exchange.body_origin == ORIGIN_REFETCH:
            self.stats.refetched += 1
            self.log.event("refetched", url=exchange.url, note=exchange.note,
                           record_id=record.record_id)
        return ExchangeWritten(written[1].record_id, digest, revisit, written[1].filename)

    def write_unanswered(self, exchange: HttpExchange) -> str:
        """A request the browser sent that got no answer before the capture ended: its request
        record alone (no response to pair with), and a line in the capture log."""
        record = build_request(exchange, None, self.files.new_id)
        self.files.write([record])
        self.stats.requests += 1
        self.log.event("unanswered", level="warning", url=exchange.url,
                       method=exchange.method, note=exchange.note, record_id=record.record_id)
        return record.record_id

    # -- page snapshot ------------------------------------------------------------------------
    def write_page(self, *, page_url: str, refers_to: str | None, date: datetime,
                   dom: bytes | None, frames: Sequence[FrameInput], screenshot: bytes | None,
                   pageinfo: Sequence[tuple[str, str]]) -> PageRecords:
        """DOM (main and frames), screenshot and page info as one group in one file."""
        new_id = self.files.new_id
        result = PageRecords()
        records: list[WarcRecord] = []
        if dom is not None:
            dom_record = build_resource(f"urn:dom:{page_url}", "text/html; charset=utf-8",
                                        BodySource(dom), date, refers_to, new_id=new_id)
            records.append(dom_record)
            result.dom_record_id = dom_record.record_id
        for frame in frames:
            rec = build_resource(f"urn:dom:{frame.url}", "text/html; charset=utf-8",
                                 BodySource(frame.html), date, refers_to,
                                 extra=[(H_FRAME_OF, page_url)], new_id=new_id)
            records.append(rec)
            result.frame_record_ids[frame.url] = rec.record_id
        shot = None
        if screenshot is not None:
            shot = build_resource(f"urn:screenshot:{page_url}", "image/png",
                                  BodySource(screenshot), date, refers_to, new_id=new_id)
            shot.compute_digests()
            result.screenshot_sha256 = shot.payload_digest
            result.screenshot_identical_to = self._same_resource(shot)
            if result.screenshot_identical_to is None:
                records.append(shot)
                result.screenshot_record_id = shot.record_id
            else:
                shot = None
        snap: dict[str, Any] = {"dom": result.dom_record_id, "frames": result.frame_record_ids,
                                "screenshot": result.screenshot_record_id}
        if result.screenshot_identical_to is not None:
            snap["screenshot_identical_to"] = asdict(result.screenshot_identical_to)
        info = build_metadata(f"urn:pageinfo:{page_url}",
                              [*pageinfo, ("snapshot", json.dumps(snap, separators=(",", ":")))],
                              date, refers_to, new_id=new_id)
        records.append(info)
        written = self.files.write(records)
        result.pageinfo_record_id = info.record_id
        result.warc_file = written[0].filename
        self.stats.pages += 1
        if shot is not None and self.dedup is not None and shot.payload_digest:
            self.dedup.add(DigestRef(shot.record_id, shot.target_uri or "", shot.date,
                                     shot.payload_digest))
        if result.screenshot_identical_to is not None:
            self.log.event("screenshot-unchanged", page=page_url,
                           payload_digest=result.screenshot_sha256,
                           same_as=result.screenshot_identical_to.record_id)
        return result

    def _same_resource(self, record: WarcRecord) -> DigestRef | None:
        """An archived resource of this target with the same payload (a screenshot of a page
        that did not change). It is then not written again: a revisit may only point to a
        response (checklist E22), so the page-info record names the original instead."""
        if self.dedup is None or not record.payload_digest or not record.target_uri:
            return None
        original = self.dedup.lookup(record.payload_digest, record.target_uri)
        if original is None or uri_kind(original.target_uri) != "urn" \
                or original.payload_digest != record.payload_digest:
            return None
        return original

    def write_entries(self, *, page_url: str, refers_to: str | None, date: datetime,
                      lines: Sequence[str], extractor_version: str) -> WrittenRecord:
        body = "".join(line + "\n" for line in lines).encode("utf-8")
        record = build_resource(f"urn:entries:{page_url}", ENTRIES_TYPE, BodySource(body), date,
                                refers_to, extra=[(H_EXTRACTOR, extractor_version)],
                                new_id=self.files.new_id)
        return self.files.write([record])[0]

    def close(self) -> None:
        self.files.close()
        # Only now are the records the index names safely on disk.
        if isinstance(self.dedup, DurableDigestIndex):
            self.dedup.commit()


def pageinfo_fields(page: dict[str, Any], behaviours: Sequence[dict[str, Any]],
                    resources: Sequence[dict[str, Any]], issues: Sequence[str]
                    ) -> list[tuple[str, str]]:
    """The page-info record body: warc-fields whose values are one-line JSON objects."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    fields = [("format", "archiver-pageinfo/1"), ("page", dump(page))]
    fields += [("behaviour", dump(b)) for b in behaviours]
    fields += [("resource", dump(r)) for r in resources]
    fields += [("issue", dump(i)) for i in issues]
    return fields
