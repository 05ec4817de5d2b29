"""CDXJ index lines for a WACZ, as cdxj-indexer writes them, and the compressed index.

``indexes/index.cdx.gz`` is a series of gzip members of up to :data:`LINES_PER_BLOCK`
sorted lines each; ``indexes/index.idx`` names the first key, offset, length and sha256 of
every member, after a ``!meta`` line (the ZipNum layout pywb and ReplayWeb.page read).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archiver.evidence.surt import surt

INDEXED_TYPES = frozenset({"response", "revisit", "resource", "metadata"})
LINES_PER_BLOCK = 300
_MIME_END = re.compile(r"[;\s]")


@dataclass
class ScannedRecord:
    """One record's place in its file and the headers an index needs."""

    filename: str
    offset: int
    length: int
    rec_type: str
    headers: dict[str, str]           # WARC headers, lower-case names
    status: str | None
    http_content_type: str | None
    payload: bytes | None             # only when asked for

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def scan_warc(path: Path, want_payload: Callable[[str, str], bool] = lambda t, u: False,
              name: str | None = None) -> Iterator[ScannedRecord]:
    """Every record of a WARC with offset and length in the file (warcio does the parsing)."""
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=False)
        for record in iterator:
            headers: dict[str, str] = {}
            for key, value in record.rec_headers.headers:
                headers.setdefault(key.lower(), value)
            rec_type = record.rec_type
            uri = headers.get("warc-target-uri", "")
            payload = record.raw_stream.read() if want_payload(rec_type, uri) else None
            status = content_type = None
            if record.http_headers is not None:
                if rec_type in ("response", "revisit"):
                    status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type")
            iterator.read_to_end(record)
            yield ScannedRecord(name or path.name, iterator.get_record_offset(),
                                iterator.get_record_length(), rec_type, headers,
                                status, content_type, payload)


def timestamp14(warc_date: str) -> str:
    """``2026-11-26T16:21:04.6376Z`` -> ``20261126162104``."""
    digits = re.sub(r"\D", "", warc_date)
    return (digits + "00000000000000")[:14]


def index_fields(rec: ScannedRecord) -> dict[str, str] | None:
    """The JSON part of a CDXJ line, or None for records an index leaves out."""
    if rec.rec_type not in INDEXED_TYPES:
        return None
    if rec.rec_type in ("resource", "metadata") and \
            rec.header("content-type") == "application/warc-fields":
        return None
    fields: dict[str, str] = {"url": rec.header("warc-target-uri") or ""}
    if rec.rec_type == "revisit":
        mime: str | None = "warc/revisit"
    elif rec.rec_type == "response":
        mime = rec.http_content_type
    else:
        mime = rec.header("content-type")
    if mime is not None:
        fields["mime"] = _MIME_END.split(mime, maxsplit=1)[0].strip()
    if rec.status is not None:
        fields["status"] = rec.status
    digest = rec.header("warc-payload-digest") or rec.header("warc-block-digest")
    if digest:
        fields["digest"] = digest
    fields["length"] = str(rec.length)
    fields["offset"] = str(rec.offset)
    fields["filename"] = rec.filename
    return fields


def cdxj_line(rec: ScannedRecord) -> str | None:
    fields = index_fields(rec)
    if fields is None:
        return None
    return f"{surt(fields['url'])} {timestamp14(rec.header('warc-date') or '')} " \
           f"{json.dumps(fields)}"


def sorted_lines(records: Iterable[ScannedRecord]) -> list[str]:
    return sorted(line for line in map(cdxj_line, records) if line is not None)


def compress_index(lines: list[str], data_name: str = "index.cdx.gz",
                   per_block: int = LINES_PER_BLOCK) -> tuple[bytes, bytes]:
    """(index.cdx.gz, index.idx) for sorted CDXJ lines."""
    blocks: list[bytes] = []
    idx = [f"!meta 0 {json.dumps({'format': 'cdxj-gzip-1.0', 'filename': data_name})}\n"]
    offset = 0
    for start in range(0, len(lines), per_block):
        chunk = lines[start:start + per_block]
        # mtime=0: the same lines always give the same bytes (and the same hash).
        member = gzip.compress("".join(line + "\n" for line in chunk).encode("utf-8"),
                               mtime=0)
        key = " ".join(chunk[0].split(" ", 2)[:2])
        meta = {"offset": offset, "length": len(member),
                "digest": "sha256:" + hashlib.sha256(member).hexdigest()}
        idx.append(f"{key} {json.dumps(meta)}\n")
        blocks.append(member)
        offset += len(member)
    return b"".join(blocks), "".join(idx).encode("utf-8")
