"""Browser discovery order, install fallbacks and launch flags (real files, real subprocesses)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from archiver import browser
from archiver.browser import (
    BrowserNotFound,
    ensure_chromium,
    find_chromium,
    install_commands,
    launch_options,
)


def _exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho 'Chromium 123.0.1 fake'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _no_which(_name: str) -> str | None:
    return None


def test_explicit_setting_wins(tmp_path: Path) -> None:
    exe = _exe(tmp_path / "mine")
    other = _exe(tmp_path / "env")
    choice = find_chromium(str(exe), env={"ARCHIVER_CHROMIUM": str(other)}, which=_no_which)
    assert choice is not None and (choice.path, choice.source) == (str(exe), "setting")


def test_env_before_playwright_and_system(tmp_path: Path) -> None:
    exe = _exe(tmp_path / "env")
    env = {"ARCHIVER_CHROMIUM": str(exe), "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "pw")}
    _exe(tmp_path / "pw" / "chromium-1" / "chrome-linux" / "chrome")
    choice = find_chromium(env=env, which=lambda n: str(exe))
    assert choice is not None and choice.source == "env"


def test_playwright_browser_before_system(tmp_path: Path) -> None:
    pw = _exe(tmp_path / "pw" / "chromium-9999" / "chrome-linux64" / "chrome")
    system = _exe(tmp_path / "bin" / "chromium")
    choice = find_chromium(env={"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "pw")},
                           which=lambda n: str(system) if n == "chromium" else None)
    assert choice is not None and (choice.path, choice.source) == (str(pw), "playwright")


def test_system_chromium_last(tmp_path: Path) -> None:
    system = _exe(tmp_path / "bin" / "chromium-browser")
    choice = find_chromium(env={"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none")},
                           which=lambda n: str(system) if n == "chromium-browser" else None)
    assert choice is not None and choice.source == "system"


def test_explicit_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BrowserNotFound, match="not an executable"):
        find_chromium(str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFound, match="ARCHIVER_CHROMIUM"):
        find_chromium(env={"ARCHIVER_CHROMIUM": str(tmp_path / "missing")})


def test_install_order() -> None:
    root_debian = install_commands(root=True, debian=True)
    assert root_debian[0][-1] == "chromium" and "apt-get" in root_debian[0]
    assert root_debian[-1][-3:] == ["playwright", "install", "chromium"]
    user = install_commands(root=False, debian=True)
    assert len(user) == 1 and user[0][0] == sys.executable


def test_ensure_installs_then_finds(tmp_path: Path) -> None:
    """The installer runs for real (a command that creates the browser); ensure then finds it."""
    target = tmp_path / "chromium"
    ran: list[Sequence[str]] = []

    def run(cmd: Sequence[str]) -> int:
        ran.append(cmd)
        if "playwright" in cmd:
            _exe(target)
            return 0
        return 100  # apt fails

    def find() -> browser.BrowserChoice | None:
        return browser.BrowserChoice(str(target), "system") if target.exists() else None

    choice = ensure_chromium(run=run, find=find, root=True, debian=True)
    assert choice.path == str(target)
    assert len(ran) == 3


def test_ensure_gives_instructions_when_everything_fails() -> None:
    with pytest.raises(BrowserNotFound) as err:
        ensure_chromium(run=lambda cmd: 1, find=lambda: None, root=False, debian=False)
    assert "apt-get install -y chromium" in str(err.value)
    assert "playwright install chromium" in str(err.value)


def test_launch_flags_sandbox_only_dropped_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    opts = launch_options("/usr/bin/chromium")
    assert opts["executable_path"] == "/usr/bin/chromium"
    assert "--disable-background-networking" in opts["args"]
    assert "--no-sandbox" not in opts["args"]  # Playwright adds it when chromium_sandbox=False
    assert opts["chromium_sandbox"] is (os.geteuid() != 0)


def test_browser_version_reads_the_executable(tmp_path: Path) -> None:
    assert browser.browser_version(str(_exe(tmp_path / "c"))) == "Chromium 123.0.1 fake"


def test_cli_reports_missing_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from archiver.cli.main import main

    monkeypatch.setenv("ARCHIVER_CHROMIUM", str(tmp_path / "missing"))
    assert main(["browser"]) == 4
    assert "ARCHIVER_CHROMIUM" in capsys.readouterr().err
