"""Our CDXJ index of a real capture equals cdxj-indexer's; the ZipNum blocks and idx hold."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import sample_capture, warc_of
from judges.cdxj import cdxj_index

from archiver.evidence import cdx


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Path:
    return sample_capture(tmp_path_factory, sample_server)


@pytest.mark.judge
@pytest.mark.slow
def test_lines_equal_cdxj_indexer(run_dir: Path) -> None:
    warc = warc_of(run_dir)
    ours = cdx.sorted_lines(cdx.scan_warc(warc))
    theirs = cdxj_index(warc, sort=True)
    assert len(ours) == len(theirs) > 40
    for line, entry in zip(ours, theirs, strict=True):
        key, ts, fields = line.split(" ", 2)
        assert (key, ts) == (entry.pop("urlkey"), entry.pop("timestamp"))
        assert json.loads(fields) == entry


@pytest.mark.slow
def test_offsets_and_lengths_cut_out_records(run_dir: Path) -> None:
    warc = warc_of(run_dir)
    data = warc.read_bytes()
    records = list(cdx.scan_warc(warc))
    assert records[0].rec_type == "warcinfo" and records[0].offset == 0
    for rec in records:
        member = gzip.decompress(data[rec.offset:rec.offset + rec.length])
        assert member.startswith(b"WARC/1.1\r\n")
        assert (rec.header("warc-record-id") or "").encode() in member
    assert records[-1].offset + records[-1].length == len(data)


def test_blocks_and_idx() -> None:
    lines = [f"com,example)/{i:04d} 20260101000000 {{\"url\": \"x\"}}" for i in range(650)]
    data, idx = cdx.compress_index(lines, per_block=300)
    idx_lines = idx.decode().splitlines()
    assert idx_lines[0].startswith("!meta 0 ") and '"cdxj-gzip-1.0"' in idx_lines[0]
    assert len(idx_lines) == 4
    rebuilt: list[str] = []
    for line in idx_lines[1:]:
        key, ts, meta = line.split(" ", 2)
        fields = json.loads(meta)
        block = data[fields["offset"]:fields["offset"] + fields["length"]]
        assert fields["digest"] == "sha256:" + hashlib.sha256(block).hexdigest()
        text = gzip.decompress(block).decode().splitlines()
        assert text[0].startswith(f"{key} {ts} ")
        rebuilt += text
    assert rebuilt == lines
    assert gzip.decompress(data).decode().splitlines() == lines
    assert cdx.compress_index(lines) == cdx.compress_index(lines)   # deterministic


def test_timestamp14() -> None:
    assert cdx.timestamp14("2026-11-26T16:21:04.637602Z") == "20261126162104"
    assert cdx.timestamp14("2026-11-26T16:21:04Z") == "20261126162104"
