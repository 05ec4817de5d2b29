"""The by-hand commands of docs/evidence.md, run as written on a real package: they must
pass on the untouched package and fail on an edited one."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import copy_run, sample_capture
from evidence_package import Packaged, packaged
from judges.wacz_tamper import edit_json, rewrite_wacz

pytestmark = [pytest.mark.slow, pytest.mark.judge]

DOC = Path(__file__).resolve().parent.parent / "docs" / "evidence.md"


def by_hand_blocks() -> tuple[str, str]:
    """(steps 1-5 as one script, step 6 as one script), from the ```sh blocks."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Checking by hand", 1)[1].split("\n## ", 1)[0]
    package_part, folder_part = section.split("**6. The capture folder**", 1)
    blocks = [re.findall(r"```sh\n(.*?)```", part, re.S) for part in (package_part,
                                                                       folder_part)]
    assert len(blocks[0]) >= 6 and blocks[1], "docs/evidence.md lost its by-hand steps"
    return "\n".join(blocks[0]), "\n".join(blocks[1])


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Iterator[Packaged]:
    run_dir = sample_capture(tmp_path_factory, sample_server)
    with packaged(run_dir, tmp_path_factory.mktemp("docs")) as made:
        yield made


def run_script(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def hand_over(pkg: Packaged, wacz: Path, folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(wacz, folder / "evidence.wacz")
    shutil.copy(pkg.pub, folder / "signer.pub")
    shutil.copy(pkg.tsa_ca, folder / "tsa-ca.pem")
    return folder


def test_the_documented_commands_pass(pkg: Packaged, tmp_path: Path) -> None:
    package_steps, folder_steps = by_hand_blocks()
    result = run_script(package_steps, hand_over(pkg, pkg.wacz, tmp_path / "handed"))
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "FAILED" not in out and "datapackage.json: OK" in out
    assert "Verified OK" in out and "Verification: OK" in out and "Status: Granted." in out
    fingerprints = [line.split()[0] for line in result.stdout.splitlines()
                    if re.fullmatch(r"[0-9a-f]{64}\s+-", line.strip())]
    assert len(fingerprints) == 2 and fingerprints[0] == fingerprints[1]
    folder = copy_run(pkg.run_dir, tmp_path / "capture")
    checked = run_script(folder_steps, folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAILED" not in checked.stdout and checked.stdout.count(": OK") >= 8


def test_they_fail_on_an_edited_package(pkg: Packaged, tmp_path: Path) -> None:
    def retitle(package: dict[str, object]) -> None:
        package["title"] = "edited"
    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz",
                       edit={"datapackage.json": edit_json(retitle)})
    package_steps, _ = by_hand_blocks()
    result = run_script(package_steps, hand_over(pkg, bad, tmp_path / "handed"))
    assert result.returncode != 0
    assert "datapackage.json: FAILED" in result.stdout + result.stderr
