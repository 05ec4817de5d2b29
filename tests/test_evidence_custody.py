"""The custody log: append-only lines chained by hash."""

from __future__ import annotations

import json
from pathlib import Path

from archiver.evidence import custody


def test_entries_carry_who_when_what(tmp_path: Path) -> None:
    log = tmp_path / custody.NAME
    entry = custody.append(log, "capture", {"a.warc.gz": "ab" * 32}, actor="Jane Doe",
                           details={"pages": ["https://example.com/"]})
    assert entry["action"] == "capture" and entry["actor"] == "Jane Doe"
    assert entry["time"].endswith("Z") and entry["tool"].startswith("liveblog-archiver/")
    assert entry["clock_sync"] and entry["host"] and entry["os_user"]
    assert entry["files"] == {"a.warc.gz": "ab" * 32}
    assert json.loads(log.read_text().splitlines()[0]) == entry


def test_chain_detects_edits_and_removals(tmp_path: Path) -> None:
    log = tmp_path / custody.NAME
    for action in ("capture", "package", "verify"):
        custody.append(log, action, {"f": "00" * 32})
    assert custody.check_chain(log).problems == []
    lines = log.read_text().splitlines()
    log.write_text("\n".join([lines[0], lines[2]]) + "\n")
    problems = custody.check_chain(log).problems
    assert problems and "line 2" in problems[0] and "verify" in problems[0]
    log.write_text("\n".join([lines[0].replace("capture", "captura"), *lines[1:]]) + "\n")
    assert "line 2" in custody.check_chain(log).problems[0]


def test_append_after_a_missing_final_newline(tmp_path: Path) -> None:
    log = tmp_path / custody.NAME
    custody.append(log, "capture", {})
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    custody.append(log, "verify", {})
    assert len(custody.read_entries(log)) == 2 and not custody.check_chain(log).problems


def test_the_last_line_edited_out_of_shape(tmp_path: Path) -> None:
    """No line after it carries its hash, so the chain cannot show an edit of the last line:
    its shape must (seq a number, files names to hashes), or readers of the entries fail."""
    log = tmp_path / custody.NAME
    custody.append(log, "capture", {"f": "00" * 32})
    custody.append(log, "verify", {"f": "00" * 32})
    lines = log.read_text().splitlines()
    for field, value in (("seq", "two"), ("files", ["f"]), ("files", {"f": 0}), ("seq", True)):
        last = {**json.loads(lines[1]), field: value}
        log.write_text(lines[0] + "\n" + json.dumps(last) + "\n")
        check = custody.check_chain(log)
        assert [e["action"] for e in check.entries] == ["capture"], (field, value)
        assert len(check.problems) == 1 and "line 2" in check.problems[0], check.problems
        assert custody.latest_hashes(check.entries) == {"f": ("00" * 32, 1)}
