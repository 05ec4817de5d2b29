"""The entries file against the ``urn:entries:`` records of the WARCs it came from."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from archiver.evidence.outcome import Outcome
from archiver.evidence.warccheck import RecordInfo

ENTRIES_PREFIX = "urn:entries:"


def keep_entries(info: RecordInfo) -> bool:
    return info.rec_type == "resource" and info.target_uri.startswith(ENTRIES_PREFIX)


def _entry_id(line: bytes) -> str:
    try:
        value = json.loads(line)
    except ValueError:
        return "unparseable JSON"
    if isinstance(value, dict):
        return f"entry_id {value.get('entry_id')!r}"
    return "not an object"


def _lines(data: bytes) -> list[bytes]:
    return [line.rstrip(b"\r") for line in data.split(b"\n") if line.strip()]


def check_entries(name: str, data: bytes, records: Iterable[tuple[str, RecordInfo]]
                  ) -> Outcome:
    """Every line of ``name`` must be a line of some entries record, and the reverse.

    ``records``: (WARC name, record info with its block kept).
    """
    outcome = Outcome()
    stored: Counter[bytes] = Counter()
    origin: dict[bytes, str] = {}
    count = 0
    for warc, info in records:
        count += 1
        for line in _lines(info.block or b""):
            stored[line] += 1
            origin.setdefault(line, f"{warc} record {info.record_id}")
    file_lines = _lines(data)
    if not count:
        if file_lines:
            outcome.cannot(f"{name}: the WARCs hold no urn:entries: record to compare its "
                           f"{len(file_lines)} lines with")
        return outcome
    remaining = stored.copy()
    bad = 0
    for number, line in enumerate(file_lines, 1):
        if remaining[line] > 0:
            remaining[line] -= 1
            continue
        bad += 1
        outcome.tampered(f"{name} line {number} ({_entry_id(line)}) is in no urn:entries: "
                         "record of the WARCs (edited or added after capture)")
    for line, left in remaining.items():
        if left > 0:
            bad += 1
            outcome.tampered(f"{name}: a line of {origin[line]} ({_entry_id(line)}) is "
                             "missing from the file (removed or edited)")
    if not bad:
        outcome.ok(f"{name}: all {len(file_lines)} entries match the {count} urn:entries: "
                   "record(s) in the WARCs")
    return outcome
