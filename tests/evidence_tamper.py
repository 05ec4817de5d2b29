"""Edits an attacker (or an accident) could make, for the tamper tests."""

from __future__ import annotations

import gzip
from pathlib import Path

from archiver.evidence.cdx import scan_warc


def flip_body_byte(warc: bytes, path_hint: Path, url_suffix: str) -> tuple[bytes, str]:
    """One byte of the body of the first 200 response whose URL ends with ``url_suffix``
    changed, its gzip member re-compressed: every gzip check still passes.

    Returns the new WARC bytes and the id of the record that was changed.
    """
    path_hint.write_bytes(warc)
    for rec in scan_warc(path_hint):
        uri = rec.header("warc-target-uri") or ""
        if rec.rec_type == "response" and rec.status == "200" and uri.endswith(url_suffix):
            member = gzip.decompress(warc[rec.offset:rec.offset + rec.length])
            body_at = member.index(b"\r\n\r\n", member.index(b"\r\n\r\n") + 4) + 4 + 200
            edited = member[:body_at] + bytes([member[body_at] ^ 0x20]) + member[body_at + 1:]
            new = warc[:rec.offset] + gzip.compress(edited) + warc[rec.offset + rec.length:]
            return new, rec.header("warc-record-id") or ""
    raise AssertionError(f"no 200 response ending in {url_suffix}")


def edit_line(data: bytes, number: int, old: bytes, new: bytes) -> bytes:
    """Line ``number`` (1-based) with its first ``old`` replaced by ``new``."""
    lines = data.split(b"\n")
    assert old in lines[number - 1], (old, lines[number - 1][:200])
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return b"\n".join(lines)
