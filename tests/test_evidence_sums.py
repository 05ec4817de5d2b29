"""SHA256SUMS as sha256sum writes and reads it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from archiver.evidence import sums


def _files(tmp_path: Path) -> list[Path]:
    (tmp_path / "warc").mkdir()
    paths = [tmp_path / "warc" / "a.warc.gz", tmp_path / "entries.jsonl",
             tmp_path / "odd name with spaces.txt"]
    for number, path in enumerate(paths):
        path.write_bytes(b"content %d\n" % number)
    return paths


@pytest.mark.judge
def test_sha256sum_checks_what_we_write(tmp_path: Path) -> None:
    sums.add_files(tmp_path, _files(tmp_path))
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 3
    (tmp_path / "entries.jsonl").write_bytes(b"edited\n")
    failed = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "entries.jsonl: FAILED" in failed.stdout


@pytest.mark.judge
def test_we_read_what_sha256sum_writes(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    (tmp_path / "back\\slash").write_bytes(b"x")
    names = [sums.relative_name(tmp_path, p) for p in paths] + ["back\\slash"]
    out = subprocess.run(["sha256sum", *names], cwd=tmp_path, capture_output=True, check=True)
    (tmp_path / "SHA256SUMS").write_bytes(out.stdout)
    checked = sums.check_sums(tmp_path)
    assert checked is not None and len(checked) == 4 and all(r.ok for r in checked)
    assert sums.parse_sums(sums.format_sums({"back\\slash": "0" * 64})) == \
        {"back\\slash": "0" * 64}


def test_recorded_hashes_are_kept_unless_replaced(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    first = sums.add_files(tmp_path, paths)
    paths[1].write_bytes(b"changed\n")
    kept = sums.add_files(tmp_path, paths, replace=False)
    assert kept["entries.jsonl"] == first["entries.jsonl"]
    replaced = sums.add_files(tmp_path, paths, replace=True)
    assert replaced["entries.jsonl"] != first["entries.jsonl"]


def test_missing_and_bad_manifests(tmp_path: Path) -> None:
    assert sums.read_sums(tmp_path) is None
    (tmp_path / "SHA256SUMS").write_text("not a sum line\n")
    with pytest.raises(ValueError, match="line 1"):
        sums.read_sums(tmp_path)
