"""The quality gate: per-field accuracy on the hand-checked fixtures must stay at its floors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archiver.extract.evaluate import (
    FIELDS,
    FLOORS,
    below_floors,
    evaluate_fixture,
    fixture_dirs,
    main,
    overall,
)

FIXTURES = Path(__file__).parent / "fixtures" / "liveblogs"
REQUIRED = {"jsonld-only", "microdata-only", "hashed-classes", "epoch-placeholders",
            "ticker-de", "english-bst", "key-events", "sample-volkskrant"}


def test_every_fixture_has_page_meta_and_expected_entries() -> None:
    names = {d.name for d in fixture_dirs(FIXTURES)}
    assert names >= REQUIRED
    for d in fixture_dirs(FIXTURES):
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        assert {"url", "captured_at", "content_type", "frames", "description"} <= set(meta)
        assert (d / "page.html").stat().st_size > 0
        for rel in meta["frames"].values():
            assert (d / rel).is_file()


def test_no_fixture_of_our_own_goes_through_a_profile() -> None:
    from archiver.extract import extract_entries
    from archiver.extract.evaluate import load_snapshot
    for name in sorted(REQUIRED - {"sample-volkskrant"}):
        assert extract_entries(load_snapshot(FIXTURES / name)).profile is None, name


def test_accuracy_is_at_or_above_the_pinned_floors(capsys: pytest.CaptureFixture[str]) -> None:
    reports = [evaluate_fixture(d) for d in fixture_dirs(FIXTURES)]
    scores = overall(reports)
    assert set(scores) == set(FIELDS) == set(FLOORS)
    failing = below_floors(reports)
    detail = [f"{r.name}: {m}" for r in reports for m in r.mismatches]
    assert not failing, f"below floor: {failing}\n" + "\n".join(detail[:40])


def test_the_gate_notices_a_wrong_expectation(tmp_path: Path) -> None:
    broken = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "english-bst", broken / "english-bst")
    path = broken / "english-bst" / "expected.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["title"] = "Something else"
    first["images"] = [{"url": None, "alt": None, "caption": "x", "credit": "Reuters",
                        "credit_raw": "reuters"}]
    path.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    report = evaluate_fixture(broken / "english-bst")
    assert report.scores["title"].correct == report.scores["title"].total - 1
    assert report.scores["captions"].correct < report.scores["captions"].total
    assert report.scores["body_text"].accuracy == 1.0
    assert main([str(broken), "--check"]) == 1
    assert main([str(FIXTURES), "--check"]) == 0


def test_missing_entries_count_against_every_field(tmp_path: Path) -> None:
    fixture = tmp_path / "key-events"
    shutil.copytree(FIXTURES / "key-events", fixture)
    path = fixture / "expected.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = json.loads(lines[-1])
    extra.update(entry_id="entry-1", title="An entry the page does not have", position=6)
    path.write_text("\n".join([*lines, json.dumps(extra)]) + "\n", encoding="utf-8")
    report = evaluate_fixture(fixture)
    assert report.scores["entry_count"].correct == 0
    assert report.scores["title"].accuracy == pytest.approx(5 / 6)


def test_cli_prints_a_per_fixture_per_field_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "sample-volkskrant" in out and "ALL" in out and "body_text" in out
