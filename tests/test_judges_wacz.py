"""py-wacz and check_wacz as judges of WACZ packages (checklist 30-34), and pywb from a WACZ."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from judges.checklist import check_wacz, format_findings
from judges.pywb import Pywb
from judges.samples import PAGE, PAGE_TEXT_1, TS1, evidence_set
from judges.wacz import VALID_TEXT, wacz_create, wacz_validate, wacz_version
from judges.wacz_tamper import edit_json, flip_byte, replace_bytes, rewrite_wacz

pytestmark = [pytest.mark.judge, pytest.mark.slow]

WARC1 = "archive/judge-20240501120000-00001-testhost.warc.gz"


@pytest.fixture(scope="module")
def good_wacz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wacz")
    warcs = evidence_set().write(work / "warcs")
    pages = work / "pages.jsonl"
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
             {"id": "count-day", "url": PAGE, "ts": "2024-05-01T12:00:00Z", "title": "Count day"}]
    pages.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return wacz_create(warcs, work / "good.wacz", pages=pages)


def test_wacz_tool_reports_format_1_1_1() -> None:
    assert "WACZ File Format: 1.1.1" in wacz_version()


def test_good_package_passes(good_wacz: Path) -> None:
    result = wacz_validate(good_wacz)
    assert result.returncode == 0 and VALID_TEXT in result.stdout
    assert WARC1 in zipfile.ZipFile(good_wacz).namelist()
    findings = check_wacz(good_wacz)
    assert findings == [], format_findings(findings)


@dataclass
class WaczCase:
    id: str
    item: int
    kwargs: Callable[[], dict[str, object]]
    also: frozenset[int] = field(default_factory=frozenset)
    validate_fails: bool = False  # whether py-wacz itself notices (item 34)


CASES = [
    # py-wacz does not notice these: the checks of our own are needed.
    WaczCase("G31-no-digest-file", 31, lambda: {"drop": ("datapackage-digest.json",)}),
    WaczCase("G31-pages-format", 31, lambda: {
        "edit": {"pages/pages.jsonl": replace_bytes(b"json-pages-1.0", b"json-pages-0.9")},
        "rehash": True}),
    WaczCase("G31-pages-ts", 31, lambda: {
        "edit": {"pages/pages.jsonl": replace_bytes(b"2024-05-01T12:00:00Z", b"20240501120000")},
        "rehash": True}),
    WaczCase("G32-deflated-warc", 32, lambda: {"compress": {WARC1: zipfile.ZIP_DEFLATED}}),
    WaczCase("G32-deflated-cdx", 32, lambda: {
        "compress": {"indexes/index.cdx.gz": zipfile.ZIP_DEFLATED}}),
    # py-wacz notices these too.
    WaczCase("G31-no-pages", 31, lambda: {"drop": ("pages/pages.jsonl",)},
             also=frozenset({30, 33}), validate_fails=True),
    WaczCase("G31-wacz-version", 31, lambda: {
        "edit": {"datapackage.json": edit_json(lambda p: p.__setitem__("wacz_version", "1.0"))},
        "rehash": True}, also=frozenset({30}), validate_fails=True),
    WaczCase("G33-warc-byte", 33, lambda: {"edit": {WARC1: flip_byte()}},
             also=frozenset({30}), validate_fails=True),
    WaczCase("G33-datapackage-edit", 33, lambda: {
        "edit": {"datapackage.json": edit_json(lambda p: p.__setitem__("title", "edited"))}},
        also=frozenset({30}), validate_fails=True),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_package_violation_is_found(case: WaczCase, good_wacz: Path, tmp_path: Path) -> None:
    bad = rewrite_wacz(good_wacz, tmp_path / "bad.wacz", **case.kwargs())  # type: ignore[arg-type]
    findings = check_wacz(bad)
    report = format_findings(findings)
    items = {f.item for f in findings}
    assert items == {case.item, *case.also}, report
    assert (wacz_validate(bad).returncode != 0) is case.validate_fails


def test_unreadable_zip_is_a_finding(tmp_path: Path) -> None:
    junk = tmp_path / "junk.wacz"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    items = {f.item for f in check_wacz(junk)}
    assert items == {30, 31}


def test_pywb_replays_from_the_wacz(good_wacz: Path) -> None:
    with Pywb(wacz=good_wacz) as pywb:
        reply = pywb.get(PAGE, TS1, "mp_")
        assert reply.status == 200 and PAGE_TEXT_1.encode() in reply.body
        assert pywb.errors_for_collection() == []
