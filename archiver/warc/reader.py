"""Reading records back (with warcio): headers, offsets and payloads, decoded where asked."""

from __future__ import annotations

import gzip
import importlib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord


@dataclass
class StoredRecord:
    path: Path
    offset: int
    rec_type: str
    headers: dict[str, str]             # WARC headers, lower-case names (first value)
    http_headers: list[tuple[str, str]]  # HTTP headers for request/response/revisit
    status: int | None
    payload: bytes | None               # as stored (None when not loaded)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def record_id(self) -> str:
        return self.headers.get("warc-record-id", "")

    @property
    def target_uri(self) -> str:
        return self.headers.get("warc-target-uri", "")

    def http_header(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == lname), None)


def iter_records(path: Path, load: bool | Callable[[str, str], bool] = True,
                 types: frozenset[str] | None = None) -> Iterator[StoredRecord]:
    """Every record of one WARC file, in order, with its payload as stored (not decoded):
    ``load`` says for which, by (type, target URI) when it is a function."""
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh, no_record_parse=False, check_digests=False)
        for record in iterator:
            if types is not None and record.rec_type not in types:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            wanted = load if isinstance(load, bool) else load(record.rec_type, uri)
            payload = record.raw_stream.read() if wanted else None
            # (warcio finds the offset by reading to the record's end: after the payload)
            yield _stored(path, iterator.get_record_offset(), record, payload)


def read_payload(record: StoredRecord) -> bytes:
    """The payload of a record that was read without it, from its file and offset."""
    with record.path.open("rb") as fh:
        fh.seek(record.offset)
        for found in ArchiveIterator(fh, no_record_parse=False, check_digests=False):
            return bytes(found.raw_stream.read())
    raise ValueError(f"{record.path.name}: no record at offset {record.offset}")


def _stored(path: Path, offset: int, record: ArcWarcRecord, payload: bytes | None
            ) -> StoredRecord:
    rec_type = record.rec_type
    headers: dict[str, str] = {}
    for name, value in record.rec_headers.headers:
        headers.setdefault(name.lower(), value)
    http_headers = list(record.http_headers.headers) if record.http_headers else []
    status = None
    if record.http_headers is not None and rec_type in ("response", "revisit"):
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    return StoredRecord(path, offset, rec_type, headers, http_headers, status, payload)


def decode_content(body: bytes, content_encoding: str | None) -> bytes:
    """Undo a Content-Encoding kept in raw mode (gzip, deflate, br when brotli is there)."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            body = gzip.decompress(body)
        elif coding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:
                body = zlib.decompress(body, -zlib.MAX_WBITS)
        elif coding == "br":
            try:
                brotli = importlib.import_module("brotli")
            except ImportError as exc:
                raise ValueError("a br-encoded body needs the brotli package") from exc
            body = brotli.decompress(body)
        elif coding != "identity":
            raise ValueError(f"unsupported Content-Encoding: {coding}")
    return body
