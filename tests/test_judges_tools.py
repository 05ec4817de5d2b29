"""warcio's CLI and cdxj-indexer as judges, and the tamper helper of checklist item 17."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from judges.cdxj import cdxj_index, parse_cdxj
from judges.checklist import check_warcs
from judges.runner import JudgeError
from judges.samples import CSS, CSS_BODY, PAGE, PAGE_TEXT_1, evidence_set, tiny_png
from judges.tamper import break_gzip_member, flip_body_byte
from judges.warcbuild import record_id
from judges.warcio_cli import (
    warcio_check,
    warcio_extract,
    warcio_index,
    warcio_payload_size,
    warcio_recompress,
)

pytestmark = pytest.mark.judge


@pytest.fixture
def good(tmp_path: Path) -> list[Path]:
    return evidence_set().write(tmp_path / "good")


def members(path: Path) -> list[bytes]:
    recs = warcio_index(path, "offset,length")
    data = path.read_bytes()
    return [data[int(r["offset"]):int(r["offset"]) + int(r["length"])] for r in recs]


def test_warcio_check_passes_every_record(good: list[Path]) -> None:
    result = warcio_check(good)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("digest pass") == 10 + 5
    assert result.stdout.count("not checked (revisit)") == 2
    assert "no digest to check" not in result.stdout


def test_warcio_index_and_extract(good: list[Path]) -> None:
    recs = warcio_index(good, ["offset", "filename", "warc-type", "warc-target-uri",
                               "http:content-length"])
    assert [r["warc-type"] for r in recs[:3]] == ["warcinfo", "response", "request"]
    assert {r["filename"] for r in recs} == {p.name for p in good}
    css = next(r for r in recs if r.get("warc-target-uri") == CSS and r["warc-type"] == "response")
    assert warcio_extract(good[0], css["offset"], payload=True) == CSS_BODY
    assert warcio_payload_size(good[0], css["offset"]) == len(CSS_BODY)
    assert css["http:content-length"] == str(len(CSS_BODY))
    whole = warcio_extract(good[0], css["offset"])
    assert whole.startswith(b"WARC/1.1\r\n") and whole.rstrip().endswith(CSS_BODY.rstrip())
    head = warcio_extract(good[0], css["offset"], headers=True)
    assert b"HTTP/1.1 200 OK" in head and CSS_BODY not in head


def test_warcio_recompress_tells_good_from_single_member(good: list[Path],
                                                         tmp_path: Path) -> None:
    assert "No Errors Found!" in warcio_recompress(good[0], tmp_path / "r.warc.gz").stdout
    es = evidence_set()
    es.modes = ("whole-file", "per-record")
    lump = es.write(tmp_path / "lump", (0,))[0]
    result = warcio_recompress(lump, tmp_path / "fixed.warc.gz")
    assert "No Errors Found!" not in result.stdout
    assert "Compression Errors Found and Fixed!" in result.stdout
    with pytest.raises(JudgeError, match="non-chunked gzip"):
        warcio_index(lump, "offset")


def test_cdxj_index_parses_sorted_lines(good: list[Path]) -> None:
    entries = cdxj_index(good)
    assert len(entries) == 8  # 4 responses, 2 revisits, 2 resources; warc-fields metadata: none
    keys = [(e["urlkey"], e["timestamp"]) for e in entries]
    assert keys == sorted(keys)
    page = [e for e in entries if e["url"] == PAGE]
    assert [e["timestamp"] for e in page] == ["20240501120000", "20240502120000"]
    assert {e["mime"] for e in entries if e["url"] == CSS} == {"text/css", "warc/revisit"}
    assert all(e["digest"].startswith("sha256:") for e in entries)


def test_parse_cdxj_rejects_other_formats() -> None:
    with pytest.raises(JudgeError, match="line 1"):
        parse_cdxj("com,example)/ 20240101000000 not-json\n")
    assert parse_cdxj("\n") == []


def test_tampered_body_fails_warcio_check_only_there(good: list[Path], tmp_path: Path) -> None:
    """Checklist 17: one byte of a body changed, per-record gzip kept."""
    tampered = flip_body_byte(good[0], tmp_path / good[0].name, target_uri=PAGE)
    assert tampered.record_id == record_id("page")
    before, after = members(good[0]), members(tampered.path)
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [1]  # only the page response's member differs
    plain = zlib.decompress(after[1], wbits=31)
    assert zlib.decompress(before[1], wbits=31) != plain
    assert len(zlib.decompress(before[1], wbits=31)) == len(plain)
    result = warcio_check(tampered.path)
    assert result.returncode == 1
    assert "block digest failed" in result.stdout
    assert f"offset {tampered.record_offset} WARC-Record-ID {tampered.record_id}" in result.stdout
    was = warcio_extract(good[0], tampered.record_offset, payload=True)
    now = warcio_extract(tampered.path, tampered.record_offset, payload=True)
    assert PAGE_TEXT_1.encode() in was and len(was) == len(now)
    assert [i for i in range(len(was)) if was[i] != now[i]] == [tampered.body_index]
    assert now[tampered.body_index] == tampered.new == tampered.old ^ 1
    findings = check_warcs([tampered.path, good[1]])
    assert {f.item for f in findings} == {16}
    assert [f.record_id for f in findings] == [record_id("page")]


def test_cdxj_does_not_check_digests_but_fails_on_a_broken_member(good: list[Path],
                                                                  tmp_path: Path) -> None:
    flipped = flip_body_byte(good[0], tmp_path / "flipped.warc.gz")
    assert len(cdxj_index([flipped.path])) == len(cdxj_index([good[0]]))
    broken = tmp_path / "broken.warc.gz"
    break_gzip_member(good[0], broken, record=3)
    with pytest.raises(JudgeError, match="cdxj-indexer failed"):
        cdxj_index([broken])
    assert warcio_check(broken).returncode != 0


def test_flip_needs_a_response_body(tmp_path: Path) -> None:
    es = evidence_set()
    only_info = es.write(tmp_path, (1,))[0]
    with pytest.raises(ValueError, match="no response"):
        flip_body_byte(only_info, tmp_path / "x.warc.gz", target_uri="https://nowhere.example/")
    assert tiny_png()[:8] == b"\x89PNG\r\n\x1a\n"
