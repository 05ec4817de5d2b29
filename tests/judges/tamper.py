"""Tampered copies of WARC files for checklist item 17: one byte changed, gzip members kept."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from .warcio_cli import warcio_index


@dataclass(frozen=True)
class Tampered:
    """Where the copy differs from the original."""

    path: Path
    record_offset: int  # offset of the changed record's gzip member (same in both files)
    record_id: str
    target_uri: str
    body_index: int  # index of the changed byte within the HTTP body
    old: int
    new: int


def _gunzip_member(member: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    raw = inflater.decompress(member)
    if not inflater.eof or inflater.unused_data:
        raise ValueError("record is not exactly one gzip member; tampering needs per-record gzip")
    return raw


def _gzip(raw: bytes) -> bytes:
    deflater = zlib.compressobj(9, zlib.DEFLATED, 31)
    return deflater.compress(raw) + deflater.flush()


def flip_body_byte(src: Path, dst: Path, *, target_uri: str | None = None,
                   mask: int = 0x01) -> Tampered:
    """Copy ``src`` to ``dst`` with one byte of a response body XOR-ed with ``mask``.

    The record is the first response with a non-empty body (or the one for ``target_uri``).
    Only its gzip member is decompressed, edited and recompressed; the others are copied
    byte for byte. Headers, lengths and digests are untouched, so only the digest notices.
    """
    if not 0 < mask < 256:
        raise ValueError("mask must change the byte")
    data = src.read_bytes()
    fields = "offset,length,warc-type,warc-target-uri,warc-record-id"
    for rec in warcio_index(src, fields):
        if rec.get("warc-type") != "response":
            continue
        if target_uri is not None and rec.get("warc-target-uri") != target_uri:
            continue
        offset, length = int(rec["offset"]), int(rec["length"])
        raw = bytearray(_gunzip_member(data[offset:offset + length]))
        warc_end = raw.index(b"\r\n\r\n") + 4
        content_length = next(int(line.split(b":", 1)[1])
                              for line in raw[:warc_end].split(b"\r\n")
                              if line.lower().startswith(b"content-length:"))
        body_start = raw.index(b"\r\n\r\n", warc_end) + 4
        body_end = warc_end + content_length
        if body_end <= body_start:
            continue
        index = (body_end - body_start) // 2
        old = raw[body_start + index]
        raw[body_start + index] = old ^ mask
        dst.write_bytes(data[:offset] + _gzip(bytes(raw)) + data[offset + length:])
        return Tampered(dst, offset, rec.get("warc-record-id", ""),
                        rec.get("warc-target-uri", ""), index, old, old ^ mask)
    raise ValueError(f"no response with a body{' for ' + target_uri if target_uri else ''} "
                     f"in {src}")


def break_gzip_member(src: Path, dst: Path, record: int = 1) -> int:
    """Copy ``src`` with the compressed bytes of its ``record``-th member damaged (a broken
    container, unlike :func:`flip_body_byte`). Returns the damaged member's offset."""
    recs = warcio_index(src, "offset,length")
    offset, length = int(recs[record]["offset"]), int(recs[record]["length"])
    data = bytearray(src.read_bytes())
    # Past the 10-byte gzip header, inside the deflate stream.
    for pos in range(offset + 12, offset + length - 8):
        data[pos] ^= 0xFF
    dst.write_bytes(bytes(data))
    return offset
