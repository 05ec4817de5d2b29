"""``archiver verify``: exit codes, lines, JSON, the custody entry it adds."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capturing import archiver_cmd
from evidence_capture import copy_run, sample_capture, warc_of
from evidence_package import Packaged, packaged

from archiver.cli.exitcodes import EXIT_CANNOT_CHECK, EXIT_OK, EXIT_TAMPERED, EXIT_USAGE
from archiver.cli.main import main
from archiver.evidence import custody, rundir, sums

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Iterator[Packaged]:
    run_dir = sample_capture(tmp_path_factory, sample_server)
    with packaged(run_dir, tmp_path_factory.mktemp("cli-verify")) as made:
        yield made


def test_capture_dir_ok_and_logged(pkg: Packaged, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = copy_run(pkg.run_dir, tmp_path / "run")
    before = len(custody.read_entries(run_dir / custody.NAME))
    assert main(["verify", str(run_dir), "--actor", "Clerk"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"Verifying capture {run_dir}"
    assert out.splitlines()[-1].startswith("VERIFIED")
    assert all(line[:4] in ("OK  ", "NOTE") for line in out.splitlines()[1:-1])
    entries = custody.read_entries(run_dir / custody.NAME)
    assert len(entries) == before + 1
    assert entries[-1]["action"] == "verify" and entries[-1]["actor"] == "Clerk"
    assert entries[-1]["details"]["verdict"] == "ok"
    assert entries[-1]["files"] == sums.hash_files(run_dir, rundir.all_deliverables(run_dir))
    assert not custody.check_chain(run_dir / custody.NAME).problems
    # The entry it added does not disturb the next verification.
    assert main(["verify", str(run_dir), "--no-log"]) == EXIT_OK


def test_a_warc_alone(pkg: Packaged, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(warc_of(pkg.run_dir)), "--no-log"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "every block and payload digest matches" in out and "matches" in out
    assert "SHA256SUMS" in out


def test_timestamp_without_ca_cannot_be_checked(pkg: Packaged,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(pkg.wacz), "--no-log"]) == EXIT_CANNOT_CHECK
    out = capsys.readouterr().out
    assert "???? " in out and "no TSA CA certificate given" in out
    assert out.splitlines()[-1].startswith("CANNOT CHECK")


def test_json_output(pkg: Packaged, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", str(pkg.wacz), "--json", "--no-log", "--tsa-ca", str(pkg.tsa_ca),
                 "--public-key", str(pkg.pub)])
    results = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK and results[0]["verdict"] == "ok" and results[0]["kind"] == "wacz"
    assert results[0]["passed"] and results[0]["seconds"] < 60


def test_worst_verdict_wins(pkg: Packaged, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.warc.gz"
    data = bytearray(warc_of(pkg.run_dir).read_bytes())
    data[len(data) // 2] ^= 1
    bad.write_bytes(bytes(data))
    assert main(["verify", str(pkg.wacz), str(bad), "--no-log", "--tsa-ca",
                 str(pkg.tsa_ca)]) == EXIT_TAMPERED
    assert main(["verify", str(tmp_path / "missing.wacz"), "--no-log"]) == EXIT_CANNOT_CHECK
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["verify", str(tmp_path / "notes.txt"), "--no-log"]) == EXIT_CANNOT_CHECK
    (tmp_path / "empty.wacz").write_bytes(b"PK\x03\x04 not really")
    assert main(["verify", str(tmp_path / "empty.wacz"), "--no-log"]) == EXIT_CANNOT_CHECK
    capsys.readouterr()


def test_bad_trust_files_are_usage_errors(pkg: Packaged, tmp_path: Path) -> None:
    (tmp_path / "junk.pem").write_text("junk")
    assert main(["verify", str(pkg.wacz), "--public-key", str(tmp_path / "junk.pem")]) == \
        EXIT_USAGE
    assert main(["verify", str(pkg.wacz), "--tsa-ca", str(tmp_path / "junk.pem")]) == EXIT_USAGE
    assert main(["verify", str(pkg.wacz), "--tsa-ca", str(tmp_path / "none.pem")]) == EXIT_USAGE


def test_exit_code_of_the_program(pkg: Packaged, tmp_path: Path) -> None:
    run_dir = copy_run(pkg.run_dir, tmp_path / "run")
    (run_dir / "entries.jsonl").write_bytes(b"{}\n" + (run_dir / "entries.jsonl").read_bytes())
    done = subprocess.run(archiver_cmd("verify", str(run_dir), "--no-log"), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == EXIT_TAMPERED, done.stdout + done.stderr
    assert "FAIL entries.jsonl line 1 (entry_id None)" in done.stdout
