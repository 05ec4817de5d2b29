"""``archiver package`` and ``archiver keygen`` on the command line: outputs, records, and
refusals that leave nothing behind."""

from __future__ import annotations

import shutil
import stat
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import copy_run, sample_capture, warc_of

from archiver.cli.exitcodes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from archiver.cli.main import main
from archiver.evidence import custody, rundir, sums
from archiver.evidence.hook import after_capture
from archiver.evidence.verify import verify_path

pytestmark = pytest.mark.slow


@pytest.fixture
def run_dir(tmp_path_factory: pytest.TempPathFactory, sample_server: Any,
            tmp_path: Path) -> Path:
    return copy_run(sample_capture(tmp_path_factory, sample_server), tmp_path / "run")


def test_keygen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen", "-o", str(tmp_path / "k")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "fingerprint: SHA256:" in out
    assert stat.S_IMODE((tmp_path / "k.key").stat().st_mode) == 0o600
    before = (tmp_path / "k.key").read_bytes()
    assert main(["keygen", "-o", str(tmp_path / "k")]) == EXIT_USAGE
    assert (tmp_path / "k.key").read_bytes() == before
    assert main(["keygen", "-o", str(tmp_path / "k.key"), "--force"]) == EXIT_OK
    assert (tmp_path / "k.key").read_bytes() != before


@pytest.mark.judge
def test_package_into_the_capture_records_it(run_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    wacz = run_dir / "evidence.wacz"
    assert main(["package", str(run_dir), "-o", str(wacz), "--actor", "Clerk"]) == EXIT_OK
    assert "package digest (sha256 of datapackage.json): sha256:" in capsys.readouterr().out
    listed = sums.read_sums(run_dir) or {}
    assert listed["evidence.wacz"] == sums.hash_files(run_dir, [wacz])["evidence.wacz"]
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=run_dir, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout
    last = custody.read_entries(run_dir / custody.NAME)[-1]
    assert last["action"] == "package" and last["actor"] == "Clerk"
    assert last["files"]["evidence.wacz"] == listed["evidence.wacz"]
    assert last["details"]["datapackage_digest"].startswith("sha256:")
    for name, digest in last["files"].items():
        assert listed.get(name, digest) == digest
    result = verify_path(run_dir)
    assert result.verdict == "ok", result.report()
    assert "evidence.wacz!datapackage.json: all" in result.report()


def test_refuses_a_capture_changed_since(run_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with (run_dir / "entries.jsonl").open("ab") as fh:
        fh.write(b'{"slipped": "in"}\n')
    out = tmp_path / "x.wacz"
    assert main(["package", str(run_dir), "-o", str(out)]) == EXIT_FAILURE
    assert "refusing to package" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))


def test_refuses_a_capture_whose_manifest_is_damaged(run_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """SHA256SUMS is what the files are checked against: unreadable, it is one line and a
    refusal, not a traceback."""
    manifest = (run_dir / "SHA256SUMS").read_bytes()
    with (run_dir / "SHA256SUMS").open("a", encoding="utf-8") as fh:
        fh.write("not a sum line\n")
    out = tmp_path / "x.wacz"
    assert main(["package", str(run_dir), "-o", str(out)]) == EXIT_FAILURE
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"archiver: refusing to package: {run_dir}: ")
    assert "is not '<sha256>  <file>'" in err[0]
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))
    # Beside the package (outside the capture) a damaged SHA256SUMS is a warning: the
    # package is made, and the damaged file is left as it was.
    (run_dir / "SHA256SUMS").write_bytes(manifest)
    (tmp_path / "SHA256SUMS").write_text("not a sum line\n", encoding="utf-8")
    assert main(["package", str(run_dir), "-o", str(out)]) == EXIT_OK
    assert "could not update" in capsys.readouterr().err
    assert out.is_file() and (tmp_path / "SHA256SUMS").read_text() == "not a sum line\n"


def test_tsa_failure_leaves_nothing(run_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.wacz"
    code = main(["package", str(run_dir), "-o", str(out), "--tsa", "http://127.0.0.1:9/",
                 "--tsa-timeout", "5"])
    assert code == EXIT_FAILURE and "cannot reach the TSA" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("x.wacz*"))


def test_bad_inputs(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.wacz"
    assert main(["package", str(tmp_path / "nope"), "-o", str(out)]) == EXIT_USAGE
    (tmp_path / "bad.key").write_text("not a key")
    assert main(["package", str(run_dir), "-o", str(out), "--sign",
                 str(tmp_path / "bad.key")]) == EXIT_USAGE
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(warc_of(run_dir), twin / warc_of(run_dir).name)
    assert main(["package", str(run_dir), str(twin / warc_of(run_dir).name), "-o",
                 str(out)]) == EXIT_FAILURE
    assert "share a name" in capsys.readouterr().err
    assert not out.exists()


def test_bare_warc_files_package_too(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "bare.wacz"
    assert main(["package", str(warc_of(run_dir)), "-o", str(out), "--no-log"]) == EXIT_OK
    result = verify_path(out)
    assert result.verdict == "ok", result.report()
    assert "1 page(s)" in result.report()


def test_every_warc_of_the_capture_is_packaged(run_dir: Path, tmp_path: Path) -> None:
    """The package holds the WARCs that SHA256SUMS, the custody log and verify count as the
    capture's (rundir.warc_files): those in warc/ and any beside them."""
    shutil.copy(warc_of(run_dir), run_dir / "beside-00000.warc.gz")
    after_capture(run_dir, {})                      # SHA256SUMS and custody take it in
    out = tmp_path / "all.wacz"
    assert main(["package", str(run_dir), "-o", str(out), "--no-log"]) == EXIT_OK
    with zipfile.ZipFile(out) as zf:
        packed = {n for n in zf.namelist() if n.startswith("archive/")}
    assert packed == {f"archive/{p.name}" for p in rundir.warc_files(run_dir)}
    assert "archive/beside-00000.warc.gz" in packed

