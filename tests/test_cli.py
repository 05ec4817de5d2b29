"""The command line as a user meets it: help, the spider list, the demo, bad invocations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from capturing import REPO, archiver_cmd

from archiver.cli.main import main


def test_help_lists_the_verbs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for verb in ("capture", "extract", "recover", "demo", "sample", "browser"):
        assert verb in out


def test_no_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_scrapy_list_from_the_repo_root() -> None:
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO,
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["liveblog"]


def test_capture_without_urls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capture"]) == 2
    assert "at least one URL" in capsys.readouterr().err


@pytest.mark.parametrize("item", ["NOVALUE", "=1", " =x", "\t= 2"])
def test_capture_rejects_a_setting_without_a_name(item: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capture", "http://127.0.0.1:9/", "-s", item]) == 2
    assert "--set needs NAME=VALUE" in capsys.readouterr().err


def test_capture_rejects_non_http(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capture", "ftp://example.org/x"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


def test_unwritable_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["capture", "http://127.0.0.1:1/", "--no-render", "-o",
                 str(blocker / "run")]) == 5
    assert "cannot write" in capsys.readouterr().err


def test_demo_without_a_browser_names_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVER_CHROMIUM": str(tmp_path / "no-chromium-here")}
    out = subprocess.run(archiver_cmd("demo", "--output-root", str(tmp_path)), cwd=REPO,
                         env=env, capture_output=True, text=True, check=False, timeout=120)
    assert out.returncode == 4
    assert "apt-get install -y chromium" in out.stderr
    assert "playwright install chromium" in out.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_demo_captures_the_sample(tmp_path: Path) -> None:
    out = subprocess.run(archiver_cmd("demo", "--output-root", str(tmp_path)), cwd=REPO,
                         capture_output=True, text=True, check=False, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert re.search(r"24 entries, 8 embeds rendered, 0 failed", out.stdout)
    [run_dir] = list(tmp_path.iterdir())
    warcs = list((run_dir / "warc").glob("*.warc.gz"))
    assert warcs and (run_dir / "entries.jsonl").stat().st_size > 0
    for path in [*warcs, run_dir / "entries.jsonl"]:
        line = next(line for line in out.stdout.splitlines() if path.name in line)
        assert re.search(r"[\d,]+ bytes  sha256 [0-9a-f]{64}", line)
