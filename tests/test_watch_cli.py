"""The watch verbs as programs, without a browser: bad input (targets file, output directory,
arguments), a busy target, a target that is done, and history/diff over a stored history."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from capturing import REPO, archiver_cmd
from test_history_changes import PAGE, entry
from test_history_store import run_pass

from archiver.history.store import SqliteHistoryStore
from archiver.watch.layout import TargetDir
from archiver.watch.lock import TargetLock

TARGETS = """\
[[target]]
name = "live"
url = "http://127.0.0.1:9/live/"
every = "1m"
"""


def archiver(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(archiver_cmd(*args), capture_output=True, text=True, timeout=120,
                          check=False, cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def write_targets(tmp_path: Path, text: str = TARGETS, root: str | None = None) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text((f'output_root = "{root}"\n' if root else "") + text, encoding="utf-8")
    return path


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*")) if path.exists() else []


@pytest.mark.parametrize("verb", [("watch", "--targets"), ("capture", "--target", "live",
                                                           "--targets")])
def test_malformed_targets_file(tmp_path: Path, verb: tuple[str, ...]) -> None:
    path = write_targets(tmp_path, TARGETS.replace('every = "1m"', 'every = "1 minute"'))
    result = archiver(*verb, str(path), "--output-root", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"archiver: {path}:4: every: not a duration: '1 minute' (write e.g. 90s, 5m, 6h, "
        "1h30m, 2d)"]
    assert not (tmp_path / "out").exists()


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = write_targets(tmp_path, TARGETS + "\n[[target]\nname = 'x'\n")
    result = archiver("watch", "--targets", str(path))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"archiver: {path}:6: not valid TOML")


def test_output_directory_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    root = blocker / "out"
    watch = archiver("watch", "http://127.0.0.1:9/live/", "--every", "1m", "--name", "live",
                     "--output-root", str(root))
    assert watch.returncode == 5
    assert watch.stderr.splitlines() == [
        f"archiver: cannot write to {root}/targets/live: Not a directory"]
    once = archiver("capture", "--targets", str(write_targets(tmp_path, root=str(root))),
                    "--target", "live")
    assert once.returncode == 5
    assert once.stderr.splitlines() == [
        f"archiver: cannot write to {root}/targets/live: Not a directory"]
    assert files_under(tmp_path) == [blocker, tmp_path / "targets.toml"]


def test_passes_directory_that_cannot_be_made(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path / "out", "live")
    tdir.root.mkdir(parents=True)
    tdir.passes.write_text("in the way")
    result = archiver("capture", "--targets", str(write_targets(tmp_path)), "--target", "live",
                      "--output-root", str(tmp_path / "out"))
    assert result.returncode == 5
    assert result.stderr.splitlines() == [
        f"archiver: cannot write to {tdir.root}: File exists"]


def test_busy_target(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path / "out", "live")
    tdir.root.mkdir(parents=True)
    with TargetLock(tdir.lock).acquire(note="target live"):
        result = archiver("capture", "--targets", str(write_targets(tmp_path)), "--target",
                          "live", "--output-root", str(tmp_path / "out"))
    assert result.returncode == 8
    assert result.stderr.splitlines() == [
        f"archiver: target live is busy: another pass holds {tdir.lock} "
        f"(pid {os.getpid()}; target live)"]
    assert list(tdir.passes.iterdir()) == []
    log = [json.loads(line) for line in tdir.watch_log.read_text().splitlines()]
    assert [e["event"] for e in log] == ["pass-busy"]


def _closed_history(tdir: TargetDir) -> None:
    tdir.passes.mkdir(parents=True)
    store = SqliteHistoryStore(tdir.history)
    run_pass(store, "p1", [entry("a", "one")])
    store.close()
    db = __import__("sqlite3").connect(tdir.history)
    db.execute("UPDATE passes SET closed = 1")
    db.commit()
    db.close()


def test_a_target_that_is_done_captures_nothing(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path / "out", "live")
    _closed_history(tdir)
    result = archiver("capture", "--targets", str(write_targets(tmp_path)), "--target", "live",
                      "--output-root", str(tmp_path / "out"))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "archiver: target live is done (the liveblog is closed (closed marker or "
        "coverageEndTime)): nothing captured; --force captures anyway"]
    assert [p.name for p in tdir.passes.iterdir()] == []
    watch = archiver("watch", "--targets", str(write_targets(tmp_path)), "--output-root",
                     str(tmp_path / "out"))
    assert watch.returncode == 0
    assert "live: stopped: the liveblog is closed" in watch.stdout
    assert "watch over: 0 passes; stopped live: closed" in watch.stdout


@pytest.mark.parametrize(("args", "words"), [
    ((), "give a URL (with --every) or --targets FILE"),
    (("http://127.0.0.1:9/",), "give the interval: --every 5m"),
    (("ftp://x/", "--every", "5m"), "not an http(s) URL"),
    (("http://127.0.0.1:9/", "--every", "5q"), "not a duration: '5q'"),
    (("http://127.0.0.1:9/", "--every", "5m", "--until", "soon"), "--until: not a duration"),
    (("http://127.0.0.1:9/", "--every", "5m", "--stop-after-idle", "0"), "at least 1"),
    (("--targets", "t.toml", "--every", "5m"), "--every goes with URL"),
    (("http://127.0.0.1:9/", "--targets", "t.toml"), "not both"),
])
def test_watch_usage_errors(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    write_targets(tmp_path)
    result = archiver("watch", *args, cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert words in line


def test_capture_targets_usage(tmp_path: Path) -> None:
    path = write_targets(tmp_path)
    assert archiver("capture", "--targets", str(path)).returncode == 2
    both = archiver("capture", "http://127.0.0.1:9/", "--targets", str(path), "--target", "live")
    assert both.returncode == 2 and "come from the targets file" in both.stderr
    unknown = archiver("capture", "--targets", str(path), "--target", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == f"archiver: {path}: no target named 'nope' (targets: live)"


def test_history_and_diff(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path / "out", "live")
    tdir.passes.mkdir(parents=True)
    store = SqliteHistoryStore(tdir.history)
    run_pass(store, "p1", [entry("a", "one"), entry("b", "two")])
    run_pass(store, "p2", [entry("a", "one, corrected"), entry("c", "three")])
    store.close()
    root = ["--output-root", str(tmp_path / "out")]
    text = archiver("history", "live", *root)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == ("target live: 2 passes (2 ok), 3 entries "
                                           "(1 deleted, 1 edited, 1 live)")
    as_json = json.loads(archiver("history", str(tdir.root), "--json").stdout)
    assert {e["entry_id"]: e["state"] for e in as_json["entries"]} == \
        {"a": "edited", "b": "deleted", "c": "live"}
    one = json.loads(archiver("history", "live", *root, "--entry", "a", "--json").stdout)
    assert [v["entry"]["body_text"] for v in one["versions"]] == ["one", "one, corrected"]
    assert one["first_seen"] == one["versions"][0]["captured_at"]
    assert "version 2: captured" in archiver("history", "live", *root, "--entry", "a").stdout
    missing = archiver("history", "live", *root, "--entry", "zz")
    assert missing.returncode == 2 and "has no entry 'zz'" in missing.stderr
    diff = archiver("diff", "live", *root)
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.splitlines()[1:] == ["added: 1", "  + c  Title c", "edited: 1",
                                            "  ~ a  Title a", "removed: 1", "  - b  Title b",
                                            "unchanged: 0"]
    back = json.loads(archiver("diff", "live", "2", "p1", "--json", *root).stdout)
    assert ([i["entry_id"] for i in back["added"]], [i["entry_id"] for i in back["removed"]]) \
        == (["b"], ["c"])
    nothing = archiver("history", "elsewhere", *root)
    assert nothing.returncode == 2 and "no history for target 'elsewhere'" in nothing.stderr
    assert PAGE in archiver("history", "live", *root, "--entry", "b").stdout


def test_a_capture_that_cannot_work_stops_the_target(tmp_path: Path) -> None:
    """A setting the capture refuses is not retried for ever: the target stops, the watch
    exits with the capture's code and names the cause."""
    result = archiver("watch", "http://127.0.0.1:9/live/", "--every", "1s", "--name", "bad",
                      "--output-root", str(tmp_path / "out"), "-s", "ARCHIVER_VIEWPORT_WIDTH=0")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "archiver: bad: the capture exited with code 2: archiver: ARCHIVER_VIEWPORT_WIDTH must "
        "be > 0, got 0"]
    assert "bad: stopped: the capture exited with code 2" in result.stdout
    store = SqliteHistoryStore(TargetDir.under(tmp_path / "out", "bad").history)
    try:
        [row] = store.passes()
    finally:
        store.close()
    assert (row.status, row.history, row.exit_code) == ("error", "discarded", 2)


def test_a_damaged_history_database(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path / "out", "live")
    tdir.passes.mkdir(parents=True)
    tdir.history.write_bytes(b"this is not SQLite" * 100)
    result = archiver("capture", "--targets", str(write_targets(tmp_path)), "--target", "live",
                      "--output-root", str(tmp_path / "out"))
    assert result.returncode == 5
    assert result.stderr.splitlines() == [
        f"archiver: history database {tdir.history}: file is not a database"]
    assert tdir.history.read_bytes() == b"this is not SQLite" * 100     # left as it was
    assert list(tdir.passes.iterdir()) == []


@pytest.mark.parametrize("verb", ["history", "diff"])
def test_reading_a_damaged_history_database(tmp_path: Path, verb: str) -> None:
    """history and diff read the database: one line naming it, exit 2 (an unusable input
    file), and the file is left as it was."""
    tdir = TargetDir.under(tmp_path / "out", "live")
    tdir.passes.mkdir(parents=True)
    tdir.history.write_bytes(b"this is not SQLite" * 100)
    result = archiver(verb, "live", "--output-root", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"archiver: history database {tdir.history}: file is not a database"]
    assert tdir.history.read_bytes() == b"this is not SQLite" * 100
