"""Record-by-record digest checks of a WARC, read from its bytes with no WARC library.

Each gzip member (or, for a plain WARC, each record) is inflated and parsed here; block and
payload digests are recomputed and compared with the headers. Problems name the file, the
record's offset, id, type and URI.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from archiver.evidence.outcome import Outcome
from archiver.evidence.warcstream import (
    ByteStream,
    Corrupt,
    HashingReader,
    gzip_chunks,
    plain_chunks,
)

HEADER_LIMIT = 1 << 20
HTTP_TYPES = frozenset({"response", "request", "revisit"})


@dataclass
class RecordInfo:
    offset: int
    rec_type: str
    record_id: str
    target_uri: str
    date: str
    block_ok: bool | None = None
    payload_digest: str | None = None     # as stated in the header
    block_digest: str | None = None
    payload_ok: bool | None = None
    length: int | None = None             # bytes in the file (gzip member), when known
    block: bytes | None = None            # kept only when asked for


Keep = Callable[[RecordInfo], bool]


@dataclass
class WarcCheck:
    name: str
    records: list[RecordInfo] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)
    sha256: str = ""          # of the whole file, from the same read as the records
    size: int = 0             # its bytes


def _digest_matches(label: str, actual: bytes) -> bool:
    value = label.partition(":")[2].strip()
    if len(value) == 2 * len(actual) and all(c in "0123456789abcdefABCDEF" for c in value):
        return value.lower() == actual.hex()
    return value.upper().rstrip("=") == base64.b32encode(actual).decode().rstrip("=")


def _hasher(label: str | None) -> hashlib._Hash | None:
    if not label:
        return None
    name = label.partition(":")[0].strip().lower().replace("-", "")
    try:
        return hashlib.new(name)
    except ValueError:
        return None


class _PayloadSplitter:
    """Feeds a block to the block hasher and, after the HTTP header, the payload hasher."""

    def __init__(self, block: hashlib._Hash | None, payload: hashlib._Hash | None,
                 http: bool) -> None:
        self.block, self.payload, self.http = block, payload, http
        self.head = b""
        self.in_payload = not http
        self.http_head: bytes | None = None

    def __call__(self, data: bytes) -> None:
        if self.block is not None:
            self.block.update(data)
        if self.in_payload:
            if self.payload is not None:
                self.payload.update(data)
            return
        self.head += data
        at = self.head.find(b"\r\n\r\n")
        if at >= 0:
            self.in_payload = True
            self.http_head, rest = self.head[:at + 4], self.head[at + 4:]
            self.head = b""
            if self.payload is not None:
                self.payload.update(rest)
        elif len(self.head) > HEADER_LIMIT:
            self.in_payload, self.http_head, self.head = True, None, b""


def check_warc(fh: IO[bytes], name: str, keep: Keep = lambda info: False,
               size: int | None = None) -> WarcCheck:
    """Check every record of one WARC file (gzip or plain, told apart by the magic); with
    no problem, the outcome says so in one line. The file is read once: its sha256 and size
    come with the report.

    ``keep`` selects records whose block is kept (for comparisons with other files);
    ``size``, the file's length, gives the last record its length.
    """
    report = WarcCheck(name)
    head = fh.read(2)
    fh.seek(0)
    gz = head == b"\x1f\x8b"
    reader = HashingReader(fh)
    stream = ByteStream(gzip_chunks(reader) if gz else plain_chunks(reader), gz)
    corrupt: Corrupt | None = None
    try:
        while True:
            offset = stream.position()
            if offset < 0:
                break
            if not _one_record(stream, offset, report, keep):
                break
    except Corrupt as exc:
        corrupt = exc
    # Before any seek: the hash covers every byte, whether the parser got to it or not.
    report.sha256, report.size = reader.finish(), reader.size
    if corrupt is not None:
        where = _salvage_header(fh, corrupt.offset) if gz else ""
        report.outcome.tampered(f"{name}: record at offset {corrupt.offset}{where}: "
                                f"{corrupt}")
    if not report.records and not report.outcome.problems:
        report.outcome.cannot(f"{name}: no WARC records found")
    if not report.outcome.problems:
        report.outcome.ok(f"{name}: {len(report.records)} records, every block and payload "
                          "digest matches")
    if gz:
        ends = [r.offset for r in report.records[1:]] + [size if size is not None else -1]
        for record, end in zip(report.records, ends, strict=True):
            record.length = end - record.offset if end >= 0 else None
    return report


def _salvage_header(fh: IO[bytes], offset: int) -> str:
    """Inflate a damaged member in small steps to name the record it held."""
    try:
        fh.seek(offset)
        data = fh.read(HEADER_LIMIT)
    except OSError:
        return ""
    inflater = zlib.decompressobj(wbits=31)
    out = b""
    for start in range(0, len(data), 256):
        try:
            out += inflater.decompress(data[start:start + 256])
        except zlib.error:
            break
        if b"\r\n\r\n" in out or inflater.eof:
            break
    if b"\r\n\r\n" not in out:
        return ""
    _version, headers = _parse_headers(out.split(b"\r\n\r\n", 1)[0])
    uri = headers.get("warc-target-uri")
    return (f" {headers.get('warc-record-id', '?')} ({headers.get('warc-type', '?')}"
            + (f" {uri})" if uri else ")"))


def _parse_headers(raw: bytes) -> tuple[str, dict[str, str]]:
    lines = raw.decode("utf-8", "replace").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers.setdefault(key.strip().lower(), value.strip())
    return lines[0].strip(), headers


def _one_record(stream: ByteStream, offset: int, report: WarcCheck, keep: Keep) -> bool:
    name = report.name
    raw = stream.read_until(b"\r\n\r\n", HEADER_LIMIT)
    if raw is None:
        if stream.buf.strip(b"\r\n"):
            report.outcome.tampered(f"{name}: bytes at offset {offset} are not a WARC record")
        return False
    version, headers = _parse_headers(raw)
    info = RecordInfo(offset, headers.get("warc-type", "?"), headers.get("warc-record-id", "?"),
                      headers.get("warc-target-uri", ""), headers.get("warc-date", ""))
    report.records.append(info)
    label = f"{name}: record at offset {offset} {info.record_id} ({info.rec_type}" + \
            (f" {info.target_uri})" if info.target_uri else ")")
    if not version.startswith("WARC/"):
        report.outcome.tampered(f"{label}: does not start with a WARC version line")
        return False
    try:
        length = int(headers["content-length"])
    except (KeyError, ValueError):
        report.outcome.tampered(f"{label}: no valid Content-Length")
        return False
    block_label = headers.get("warc-block-digest")
    payload_label = headers.get("warc-payload-digest")
    info.payload_digest, info.block_digest = payload_label, block_label
    http = info.rec_type in HTTP_TYPES and \
        headers.get("content-type", "").startswith("application/http")
    block_h, payload_h = _hasher(block_label), _hasher(payload_label)
    splitter = _PayloadSplitter(block_h, payload_h, http)
    sink: Callable[[bytes], None] = splitter
    kept: list[bytes] = []
    if keep(info):
        def sink(data: bytes) -> None:
            kept.append(data)
            splitter(data)
    got = stream.feed(length, sink)
    if kept:
        info.block = b"".join(kept)
    if got < length:
        report.outcome.tampered(f"{label}: truncated, {got} of {length} block bytes")
        return False
    trailer = stream.read_until(b"\r\n\r\n", 4)
    if trailer != b"\r\n\r\n":
        report.outcome.tampered(f"{label}: block is not followed by CRLF CRLF "
                                "(Content-Length does not match the data)")
    if block_h is None or block_label is None:
        report.outcome.cannot(f"{label}: no WARC-Block-Digest to check" if not block_label
                              else f"{label}: unsupported digest {block_label}")
    else:
        info.block_ok = _digest_matches(block_label, block_h.digest())
        if not info.block_ok:
            report.outcome.tampered(f"{label}: block digest mismatch: header says "
                                    f"{block_label}, the content hashes to "
                                    f"{block_label.partition(':')[0]}:{block_h.hexdigest()}")
    if payload_label and info.rec_type != "revisit":
        if payload_h is None:
            report.outcome.cannot(f"{label}: unsupported digest {payload_label}")
        elif http and splitter.http_head is None:
            report.outcome.tampered(f"{label}: HTTP headers never end; payload not found")
        else:
            info.payload_ok = _digest_matches(payload_label, payload_h.digest())
            if not info.payload_ok:
                chunked = b"chunked" in (splitter.http_head or b"").lower()
                if chunked and info.block_ok:
                    report.outcome.cannot(f"{label}: payload digest differs for a chunked "
                                          "body (the framing convention is ambiguous)")
                else:
                    report.outcome.tampered(f"{label}: payload digest mismatch: header says "
                                            f"{payload_label}, the payload hashes to "
                                            f"{payload_h.hexdigest()}")
    elif info.rec_type in ("response", "resource") and not payload_label:
        report.outcome.cannot(f"{label}: no WARC-Payload-Digest to check")
    return True
