"""after_capture on a real capture: SHA256SUMS, the custody entry, idempotence."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import copy_run, sample_capture, warc_of

from archiver.evidence import custody, sums
from archiver.evidence.hook import after_capture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Path:
    return sample_capture(tmp_path_factory, sample_server)


@pytest.mark.judge
def test_sha256sum_passes_and_custody_matches(run_dir: Path) -> None:
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=run_dir,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = sums.read_sums(run_dir) or {}
    assert {"entries.jsonl", "capture.json", "capture-log.jsonl"} <= set(listed)
    assert any(name.startswith("warc/") and name.endswith(".warc.gz") for name in listed)
    entries = custody.read_entries(run_dir / custody.NAME)
    capture = [e for e in entries if e["action"] == "capture"]
    assert len(capture) == 1
    assert capture[0]["files"] == listed
    summary = json.loads((run_dir / "capture.json").read_text())
    assert capture[0]["details"]["started_at"] == summary["started_at"]
    assert capture[0]["actor"]


def test_idempotent(run_dir: Path, tmp_path: Path) -> None:
    copy = copy_run(run_dir, tmp_path / "copy")
    before = ((copy / "SHA256SUMS").read_bytes(), (copy / custody.NAME).read_bytes())
    summary = json.loads((copy / "capture.json").read_text())
    after_capture(copy, summary)
    after_capture(copy, summary)
    assert ((copy / "SHA256SUMS").read_bytes(), (copy / custody.NAME).read_bytes()) == before


def test_a_changed_file_is_never_rerecorded(run_dir: Path, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    copy = copy_run(run_dir, tmp_path / "copy")
    before = (copy / "SHA256SUMS").read_bytes()
    with (copy / "entries.jsonl").open("ab") as fh:
        fh.write(b'{"added": true}\n')
    with caplog.at_level(logging.ERROR):
        after_capture(copy, {})
    assert (copy / "SHA256SUMS").read_bytes() == before
    assert "entries.jsonl" in caplog.text


def test_fresh_directory_and_bad_input_never_raise(run_dir: Path, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    copy = copy_run(run_dir, tmp_path / "copy")
    (copy / "SHA256SUMS").unlink()
    (copy / custody.NAME).unlink()
    (copy / "capture-log.jsonl").unlink()          # an optional file missing
    after_capture(copy, {"started_at": "x"})
    listed = sums.read_sums(copy) or {}
    assert "capture-log.jsonl" not in listed and sums.relative_name(copy, warc_of(copy)) in listed
    with caplog.at_level(logging.ERROR):
        after_capture(tmp_path / "does-not-exist", {})
        after_capture(copy, None)  # type: ignore[arg-type]
    assert "does-not-exist" in caplog.text
