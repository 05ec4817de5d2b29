"""Recovering a `.warc.gz.open` file left by a killed process: keep its complete records."""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from archiver.warc.files import OPEN_SUFFIX

READ = 1 << 16


@dataclass(frozen=True)
class RecoveryReport:
    source: Path
    output: Path
    records: int
    kept_bytes: int
    cut_bytes: int
    cut_file: Path | None
    reason: str | None

    def describe(self) -> str:
        text = f"{self.output.name}: kept {self.records} complete records ({self.kept_bytes} bytes)"
        if self.cut_bytes:
            text += (f"; cut {self.cut_bytes} bytes at offset {self.kept_bytes} ({self.reason}),"
                     f" saved to {self.cut_file.name if self.cut_file else '-'}")
        else:
            text += "; nothing was cut"
        return text


class _Member:
    """What completeness needs of an inflated member, without holding it: the WARC header,
    the length and the last four bytes (a record body may be hundreds of megabytes)."""

    def __init__(self) -> None:
        self.head = bytearray()     # grows until the header's blank line is in it
        self.head_end = -1
        self.size = 0
        self.tail = b""

    def add(self, data: bytes) -> None:
        if self.head_end < 0:
            self.head += data
            self.head_end = self.head.find(b"\r\n\r\n")
        self.size += len(data)
        self.tail = (self.tail + data[-4:])[-4:]

    def problem(self) -> str | None:
        """None when the member is one whole WARC record, else why not."""
        if not self.head.startswith(b"WARC/") or self.head_end < 0:
            return "no WARC header"
        length = None
        for line in bytes(self.head[:self.head_end]).split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    return "bad Content-Length"
        if length is None:
            return "no Content-Length"
        expected = self.head_end + 4 + length + 4
        if self.size != expected or self.tail != b"\r\n\r\n":
            return f"record holds {self.size} of {expected} bytes"
        return None


def scan(path: Path) -> tuple[int, int, str | None]:
    """(complete records, byte length of the complete prefix, why the rest is not complete)."""
    records = 0
    good_end = 0
    with path.open("rb") as fh:
        offset = 0
        while True:
            fh.seek(offset)
            decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            member = _Member()
            consumed = 0
            while not decomp.eof:
                chunk = fh.read(READ)
                if not chunk:
                    break
                try:
                    member.add(decomp.decompress(chunk))
                except zlib.error as exc:
                    return records, good_end, f"damaged gzip member: {exc}"
                consumed += len(chunk) - len(decomp.unused_data)
            if not decomp.eof:
                reason = None if consumed == 0 else "incomplete gzip member (process killed?)"
                return records, good_end, reason
            problem = member.problem()
            if problem:
                return records, good_end, problem
            records += 1
            offset += consumed
            good_end = offset


def recover(path: Path, output: Path | None = None) -> RecoveryReport:
    """Write the complete records of ``path`` to ``output`` (default: the name without
    ``.open``). Cut bytes are kept beside it in ``<output>.cut``: nothing is thrown away."""
    if output is None:
        name = path.name[: -len(OPEN_SUFFIX)] if path.name.endswith(OPEN_SUFFIX) else \
            path.name + ".recovered.warc.gz"
        output = path.with_name(name)
    if output.exists():
        raise FileExistsError(f"{output} already exists")
    records, good_end, reason = scan(path)
    size = path.stat().st_size
    cut_file = None
    if size > good_end:
        cut_file = output.with_name(output.name + ".cut")
        with path.open("rb") as src, cut_file.open("xb") as dst:
            src.seek(good_end)
            while chunk := src.read(READ):
                dst.write(chunk)
    tmp = output.with_name(output.name + ".tmp")
    with path.open("rb") as src, tmp.open("xb") as dst:
        remaining = good_end
        while remaining:
            chunk = src.read(min(READ, remaining))
            if not chunk:
                break
            dst.write(chunk)
            remaining -= len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, output)
    path.unlink()
    return RecoveryReport(path, output, records, good_end, size - good_end, cut_file,
                          reason if size > good_end else None)
