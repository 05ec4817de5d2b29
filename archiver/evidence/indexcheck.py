"""A WACZ's index and page list checked against the WARC records they point at."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zipfile
import zlib

from archiver.evidence.cdx import INDEXED_TYPES, timestamp14
from archiver.evidence.outcome import Outcome
from archiver.evidence.surt import surt
from archiver.evidence.warccheck import RecordInfo

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
SHOWN = 5   # index problems listed one by one; more are counted (they share one cause)


def _split(line: str) -> tuple[str, str, dict[str, str]]:
    key, ts, rest = line.split(" ", 2)
    fields = json.loads(rest)
    if not isinstance(fields, dict):
        raise ValueError("not a JSON object")
    return key, ts, {str(k): str(v) for k, v in fields.items()}


def check_index(zf: zipfile.ZipFile, label: str, warcs: dict[str, list[RecordInfo]],
                out: Outcome) -> None:
    where = f"{label}!indexes/index.cdx.gz"
    if "indexes/index.cdx.gz" not in zf.namelist():
        return
    data = zf.read("indexes/index.cdx.gz")
    try:
        text = gzip.decompress(data).decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        out.tampered(f"{where}: not readable gzip text: {exc}")
        return
    by_offset = {(name, r.offset): r for name, recs in warcs.items() for r in recs}
    pointed: set[tuple[str, int]] = set()
    lines = [line for line in text.splitlines() if line.strip()]
    bad = 0
    for number, line in enumerate(lines, 1):
        try:
            key, ts, fields = _split(line)
            spot = (fields["filename"], int(fields["offset"]))
        except (ValueError, KeyError) as exc:
            out.tampered(f"{where} line {number}: not a CDXJ line ({exc})")
            bad += 1
            continue
        record = by_offset.get(spot)
        if record is None:
            bad += 1
            if bad <= SHOWN:
                out.tampered(f"{where} line {number}: points at {spot[0]} offset {spot[1]}, "
                             "where no record starts")
            continue
        pointed.add(spot)
        digest = record.payload_digest or record.block_digest
        wrong = [what for what, ok in (
            ("url", fields.get("url") == record.target_uri),
            ("timestamp", ts == timestamp14(record.date)),
            ("digest", fields.get("digest") in (None, digest)),
            ("length", record.length is None or fields.get("length") == str(record.length)),
        ) if not ok]
        if wrong:
            bad += 1
            if bad > SHOWN:
                continue
            out.tampered(f"{where} line {number}: {', '.join(wrong)} differ(s) from record "
                         f"{record.record_id} at {spot[0]} offset {spot[1]}")
        elif key != surt(record.target_uri):
            out.note(f"{where} line {number}: key {key!r} is not the SURT of "
                     f"{record.target_uri!r} (replay may not find it)")
    if bad > SHOWN:
        out.tampered(f"{where}: {bad - SHOWN} more line(s) do not match the records "
                     "(a WARC changed length, or the index was edited)")
    if lines != sorted(lines):
        out.note(f"{where}: lines are not sorted (replay tools binary-search them)")
    unindexed = [r for (name, _), r in by_offset.items()
                 if r.rec_type in INDEXED_TYPES and (name, r.offset) not in pointed
                 and not (r.rec_type in ("metadata", "resource") and
                          r.target_uri.startswith("urn:pageinfo:"))]
    if unindexed and not bad:
        out.note(f"{where}: {len(unindexed)} record(s) have no index line, e.g. "
                 f"{unindexed[0].record_id} ({unindexed[0].target_uri})")
    if not bad:
        out.ok(f"{where}: {len(lines)} lines, each points at its record (url, time, digest, "
               "length)")
    _check_idx(zf, label, data, lines, out)


def _check_idx(zf: zipfile.ZipFile, label: str, data: bytes, lines: list[str],
               out: Outcome) -> None:
    where = f"{label}!indexes/index.idx"
    if "indexes/index.idx" not in zf.namelist():
        return
    blocks = 0
    for number, line in enumerate(zf.read("indexes/index.idx").decode("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("!meta"):
            continue
        try:
            key, ts, fields = _split(line)
            start, length = int(fields["offset"]), int(fields["length"])
        except (ValueError, KeyError) as exc:
            out.tampered(f"{where} line {number}: not an index block line ({exc})")
            continue
        block = data[start:start + length]
        digest = fields.get("digest")
        if digest and digest != "sha256:" + hashlib.sha256(block).hexdigest():
            out.tampered(f"{where} line {number}: block at {start} does not hash to {digest}")
            continue
        try:
            first = gzip.decompress(block).decode("utf-8").split("\n", 1)[0]
        except (OSError, EOFError, zlib.error, UnicodeDecodeError):
            out.tampered(f"{where} line {number}: block at {start} is not a gzip member")
            continue
        if " ".join(first.split(" ", 2)[:2]) != f"{key} {ts}":
            out.tampered(f"{where} line {number}: names {key} {ts}, the block starts with "
                         f"{first[:80]!r}")
            continue
        blocks += 1
    if blocks:
        out.ok(f"{where}: {blocks} block(s) of index.cdx.gz, offsets and digests match")


def check_pages(zf: zipfile.ZipFile, label: str, out: Outcome) -> None:
    where = f"{label}!pages/pages.jsonl"
    if "pages/pages.jsonl" not in zf.namelist():
        return
    lines = zf.read("pages/pages.jsonl").decode("utf-8", "replace").splitlines()
    try:
        head = json.loads(lines[0]) if lines else None
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != "json-pages-1.0":
        out.tampered(f"{where}: the first line is not the json-pages-1.0 header")
    problems = 0
    for number, line in enumerate(lines[1:], 2):
        try:
            page = json.loads(line)
        except ValueError:
            page = None
        if not isinstance(page, dict) or not page.get("url") or \
                not RFC3339.match(str(page.get("ts", ""))):
            problems += 1
            out.tampered(f"{where} line {number}: no url or no RFC 3339 ts")
    if not problems:
        out.ok(f"{where}: header and {len(lines) - 1} page(s) with url and ts")
