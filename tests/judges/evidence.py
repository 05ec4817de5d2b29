"""What the outside tools say about a set of WARC files, gathered once for the checklist items."""

from __future__ import annotations

import re
import subprocess
import tempfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .cdxj import cdxj_index
from .runner import JudgeError
from .warcio_cli import (
    Record,
    warcio_check,
    warcio_extract,
    warcio_index,
    warcio_payload_size,
    warcio_recompress,
)

# Every field the items read, in one `warcio index` run per file.
INDEX_FIELDS = (
    "offset", "length", "filename", "warc-type", "warc-record-id", "warc-date", "content-length",
    "content-type", "warc-target-uri", "warc-concurrent-to", "warc-ip-address", "warc-truncated",
    "warc-block-digest", "warc-payload-digest", "warc-filename", "warc-profile", "warc-refers-to",
    "warc-refers-to-target-uri", "warc-refers-to-date", "http:status", "http:content-length",
    "http:content-encoding", "http:transfer-encoding",
)
CHECK_RECORD = re.compile(r"^  offset (\d+) WARC-Record-ID (\S*) (\S*)$")


@dataclass
class CheckReport:
    """`warcio check -v` output for one file: messages per record offset, file-level errors."""

    messages: dict[int, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_check_output(text: str, names: Mapping[str, str]) -> dict[str, CheckReport]:
    """Split `warcio check -v` stdout by file (``names`` maps printed path to base name)."""
    reports: dict[str, CheckReport] = {}
    current: CheckReport | None = None
    offset: int | None = None
    for line in text.splitlines():
        if line in names:
            current = reports.setdefault(names[line], CheckReport())
            offset = None
            continue
        if current is None:
            continue
        match = CHECK_RECORD.match(line)
        if match:
            offset = int(match[1])
            current.messages.setdefault(offset, [])
        elif line.startswith("    ") and offset is not None:
            current.messages[offset].append(line.strip())
        elif line.strip():
            current.errors.append(line.strip())
    return reports


@dataclass
class Member:
    """What `zcat`-like decompression of one record's bytes shows."""

    gzip: bool
    single: bool  # one complete gzip member, nothing after it
    first_line: str


def read_member(handle: BinaryIO, offset: int, length: int) -> Member:
    handle.seek(offset)
    chunk = handle.read(length)
    if chunk[:2] != b"\x1f\x8b":
        return Member(False, False, chunk.split(b"\r\n", 1)[0].decode("latin-1"))
    inflater = zlib.decompressobj(wbits=31)
    try:
        text = inflater.decompress(chunk)
    except zlib.error:
        return Member(True, False, "")
    single = inflater.eof and not inflater.unused_data
    return Member(True, single, text.split(b"\r\n", 1)[0].decode("latin-1"))


@dataclass
class Evidence:
    """The tools' view of the evidence set. Files are named by base name throughout."""

    paths: dict[str, Path]
    records: dict[str, list[Record]]
    index_errors: dict[str, str]
    check: subprocess.CompletedProcess[str]
    check_reports: dict[str, CheckReport]
    recompress: dict[str, subprocess.CompletedProcess[str]]
    members: dict[tuple[str, int], Member]
    cdxj: list[dict[str, str]] | None
    cdxj_error: str | None
    _payloads: dict[tuple[str, int], bytes] = field(default_factory=dict)
    _sizes: dict[tuple[str, int], int] = field(default_factory=dict)

    def all_records(self) -> Iterator[tuple[str, Record]]:
        for name, records in self.records.items():
            for rec in records:
                yield name, rec

    def payload(self, name: str, offset: int) -> bytes:
        """`warcio extract --payload` of one record (cached)."""
        key = (name, offset)
        if key not in self._payloads:
            self._payloads[key] = warcio_extract(self.paths[name], offset, payload=True)
        return self._payloads[key]

    def payload_sizes(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """`warcio extract --payload | wc -c` per record, a few warcio processes at a time
        (one process per record adds up). A failed extraction maps to -1."""
        def size(key: tuple[str, int]) -> int:
            try:
                return warcio_payload_size(self.paths[key[0]], key[1])
            except JudgeError:
                return -1
        todo = [k for k in keys if k not in self._sizes]
        with ThreadPoolExecutor(max_workers=4) as pool:
            self._sizes.update(zip(todo, pool.map(size, todo), strict=True))
        return {k: self._sizes[k] for k in keys}


def _why(exc: JudgeError) -> str:
    """The line of warcio's traceback that says what is wrong with the file."""
    text = exc.result.stderr.decode("utf-8", "replace") if exc.result else str(exc)
    if "non-chunked gzip file detected" in text:
        return "non-chunked gzip file detected (records share a gzip member)"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else str(exc)


def gather(paths: Sequence[Path]) -> Evidence:
    """Run warcio index/check/recompress and cdxj-indexer over the files, once each."""
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"no such WARC file(s): {', '.join(missing)}")
    by_name: dict[str, Path] = {}
    for path in paths:
        if path.name in by_name:
            raise ValueError(f"two files named {path.name} in one evidence set")
        by_name[path.name] = Path(path)
    records: dict[str, list[Record]] = {}
    index_errors: dict[str, str] = {}
    members: dict[tuple[str, int], Member] = {}
    recompress: dict[str, subprocess.CompletedProcess[str]] = {}
    with tempfile.TemporaryDirectory(prefix="judge-recompress-") as tmp:
        for name, path in by_name.items():
            try:
                records[name] = warcio_index(path, INDEX_FIELDS)
            except JudgeError as exc:
                index_errors[name] = _why(exc)
                continue
            with path.open("rb") as handle:
                for rec in records[name]:
                    offset = int(rec["offset"])
                    members[(name, offset)] = read_member(handle, offset, int(rec["length"]))
            recompress[name] = warcio_recompress(path, Path(tmp) / name)
    check = warcio_check(list(by_name.values()), verbose=True)
    reports = parse_check_output(check.stdout, {str(p): n for n, p in by_name.items()})
    readable = [by_name[n] for n in records]
    cdxj: list[dict[str, str]] | None = None
    cdxj_error: str | None = None
    try:
        cdxj = cdxj_index(readable, sort=True) if readable else []
    except JudgeError as exc:
        cdxj_error = f"cdxj-indexer --sort failed: {_why(exc)}"
    return Evidence(by_name, records, index_errors, check, reports, recompress, members, cdxj,
                    cdxj_error)
