"""The judges' venvs: built once, re-built when pins change, locked, loud when pip fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from judges import venvs
from judges.venvs import PYWB, WACZ, JudgeEnv, JudgeSetupError, base_python, ensure_env

pytestmark = [pytest.mark.judge, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
# A small pure-Python package, to keep these tests about the machinery, not pywb.
TINY = JudgeEnv("tiny", ("six==1.17.0",),
                smoke=(("python", ("-c", "import six; print('six', six.__version__)"),
                        "six 1.17.0"),))


@pytest.fixture(autouse=True)
def _forget_built_envs() -> None:
    venvs._ready.clear()  # each test sees the disk, not this process's memo


def test_base_python_is_not_the_project_venv() -> None:
    python = base_python()
    assert python.is_file()
    assert Path(sys.prefix) not in python.parents
    assert venvs.python_version(python)[:2] >= venvs.MIN_PYTHON


def test_env_is_built_once_and_rebuilt_when_pins_change(tmp_path: Path) -> None:
    venv = ensure_env(TINY, root=tmp_path)
    stamp = json.loads((venv / "judge-stamp.json").read_text())
    assert stamp["requirements"] == ["six==1.17.0"]
    marker = venv / "marker"
    marker.write_text("still the same venv")
    venvs._ready.clear()
    assert ensure_env(TINY, root=tmp_path) == venv
    assert marker.exists()
    changed = JudgeEnv("tiny", ("six>=1.16",), TINY.smoke)
    venvs._ready.clear()
    assert ensure_env(changed, root=tmp_path) == venv
    assert not marker.exists()
    assert json.loads((venv / "judge-stamp.json").read_text())["requirements"] == ["six>=1.16"]


def test_parallel_processes_build_it_once(tmp_path: Path) -> None:
    script = ("import logging, sys; sys.path.insert(0, 'tests'); "
              "logging.basicConfig(level=logging.INFO); "
              "from pathlib import Path; from judges.venvs import ensure_env, JudgeEnv; "
              f"ensure_env(JudgeEnv('tiny', {TINY.requirements!r}, {TINY.smoke!r}), "
              f"root=Path({str(tmp_path)!r}))")
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    logs = [p.communicate(timeout=900)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], logs
    assert sum(log.count("built tiny judge venv") for log in logs) == 1, logs


def test_pip_failure_says_what_failed(tmp_path: Path) -> None:
    missing = tmp_path / "judge_missing-0.0.0-py3-none-any.whl"
    broken = JudgeEnv("broken", (str(missing),))
    with pytest.raises(JudgeSetupError) as info:
        ensure_env(broken, root=tmp_path)
    message = str(info.value)
    assert "pip could not install" in message and str(missing) in message
    assert "judge-install.log" in message
    assert not (tmp_path / "broken" / "judge-stamp.json").exists()


def test_too_old_python_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "python-3.7"
    fake.write_text("#!/bin/sh\necho 3 7 17\n")
    fake.chmod(0o755)
    with pytest.raises(JudgeSetupError, match=r"needs >= 3\.8"):
        ensure_env(TINY, root=tmp_path / "judges", python=fake)


def test_toolchain_pins_item_40() -> None:
    """`pip check` in both judge venvs; warcio >= 1.8.1 in ours; wacz -V says 1.1.1."""
    for spec in (PYWB, WACZ):
        venv = ensure_env(spec)
        checked = subprocess.run([venv / "bin" / "python", "-m", "pip", "check"],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    ours = subprocess.run([sys.executable, "-c",
                           "import warcio.utils as u; u.open_or_default"], check=False)
    assert ours.returncode == 0
    version = subprocess.run([ensure_env(WACZ) / "bin" / "wacz", "-V"], capture_output=True,
                             text=True, check=False)
    assert "WACZ File Format: 1.1.1" in version.stdout + version.stderr


def test_judges_dir_can_be_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(venvs.DIR_ENV, str(tmp_path))
    assert venvs.judges_dir() == tmp_path
    monkeypatch.delenv(venvs.DIR_ENV)
    assert venvs.judges_dir() == REPO / ".judges"
    assert os.fspath(REPO / ".judges") in os.fspath(ensure_env(WACZ))
