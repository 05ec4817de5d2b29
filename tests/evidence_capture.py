"""One real capture of the sample liveblog shared by the evidence tests (a capture costs
~10 s), with the end-of-capture hook applied; tests that change files work on copies."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from capturing import capture

from archiver.evidence.hook import after_capture

_CACHE: dict[str, Path] = {}


def sample_capture(tmp_path_factory: pytest.TempPathFactory, server: Any) -> Path:
    """The run directory of a capture of the sample (made once per test session)."""
    if "run" not in _CACHE:
        run_dir = tmp_path_factory.mktemp("evidence-capture") / "run"
        result = capture([server.liveblog_url], run_dir)
        assert result.returncode == 0, f"capture failed: {result.stderr[-3000:]}"
        # The capture extension calls the hook itself once it is wired in; it is idempotent.
        after_capture(run_dir, result.summary)
        _CACHE["run"] = run_dir
    return _CACHE["run"]


def copy_run(run_dir: Path, dest: Path) -> Path:
    """A private copy (the shared capture must stay untouched)."""
    shutil.copytree(run_dir, dest)
    return dest


def warc_of(run_dir: Path) -> Path:
    warcs = sorted((run_dir / "warc").glob("*.warc.gz"))
    assert len(warcs) == 1, warcs
    return warcs[0]
