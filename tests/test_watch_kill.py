"""Kill the watcher (and its capture) in the middle of a pass, start it again: the killed
pass is recorded as interrupted with its WARC recovered, nothing is duplicated or lost, and
the watch carries on to its stop rule."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from capturing import REPO, archiver_cmd
from judges.checklist import check_warcs, format_findings

from archiver.history.store import SqliteHistoryStore
from archiver.sample import ManualClock
from archiver.sample.server import SampleServer
from archiver.watch.layout import TargetDir

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAST = ["-s", "ARCHIVER_EMBED_TIMEOUT=5", "-s", "ARCHIVER_NETWORK_IDLE_CAP=3",
        "-s", "ARCHIVER_NETWORK_QUIET=0.3"]


def watcher(url: str, root: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            archiver_cmd("watch", url, "--every", "1s", "--stop-after-idle", "2", "--name",
                         "live", "--output-root", str(root), *FAST),
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def children(pid: int) -> list[int]:
    """Child processes of every thread of ``pid`` (passes start from worker threads)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def events(tdir: TargetDir) -> list[dict[str, object]]:
    if not tdir.watch_log.exists():
        return []
    return [json.loads(line) for line in tdir.watch_log.read_text().splitlines()]


def wait_until_writing(tdir: TargetDir, log: Path, passes: int | None = None) -> None:
    """Until a pass (the ``passes``-th one, when given) is writing its WARC: a ``.open`` file
    of more than 20 kB."""
    deadline = time.monotonic() + 180
    while True:
        assert time.monotonic() < deadline, log.read_text()
        started = sum(1 for e in events(tdir) if e["event"] == "pass-started")
        for path in tdir.passes.glob("*/warc/*.warc.gz.open"):
            try:
                big = path.stat().st_size > 20_000
            except FileNotFoundError:         # closed (renamed) since the glob
                continue
            if big and (passes is None or started == passes):
                return
        time.sleep(0.1)


def test_killed_mid_pass_and_started_again(tmp_path: Path) -> None:
    root = tmp_path / "out"
    tdir = TargetDir.under(root, "live")
    with SampleServer(port=0, live=True, clock=ManualClock()) as server:
        server.live.step_to(12)
        first = watcher(server.liveblog_url, root, tmp_path / "watch-1.txt")
        try:
            wait_until_writing(tdir, tmp_path / "watch-1.txt", passes=2)
            captures = children(first.pid)
            assert len(captures) == 1
            # like a power cut: no process gets to clean up
            os.kill(first.pid, signal.SIGKILL)
            os.killpg(captures[0], signal.SIGKILL)
        finally:
            first.wait(timeout=60)
        time.sleep(1)
        killed_open = list(tdir.passes.glob("*/warc/*.warc.gz.open"))
        assert len(killed_open) == 1
        killed_pass = killed_open[0].parent.parent.name
        second = watcher(server.liveblog_url, root, tmp_path / "watch-2.txt")
        assert second.wait(timeout=300) == 0, (tmp_path / "watch-2.txt").read_text()
    out = (tmp_path / "watch-2.txt").read_text()
    assert "stopped: 2 passes in a row without change" in out
    assert not list(root.rglob("*.open"))
    recovered = sorted((tdir.pass_dir(killed_pass) / "warc").glob("*.warc.gz"))
    assert len(recovered) == 1
    log = events(tdir)
    kinds = [e["event"] for e in log]
    assert kinds.count("warc-recovered") == 1 and kinds.count("pass-interrupted") == 1
    interrupted = next(e for e in log if e["event"] == "pass-interrupted")
    assert interrupted["pass_id"] == killed_pass and interrupted["history"] == "discarded"
    note = json.loads((tdir.pass_dir(killed_pass) / "pass.json").read_text())
    assert note["status"] == "interrupted" and note["recovered"]
    store = SqliteHistoryStore(tdir.history)
    try:
        passes, entries = store.passes(), store.entries()
        versions = [store.versions(e.entry_id) for e in entries]
    finally:
        store.close()
    assert [(p.status, p.history) for p in passes] == [
        ("ok", "committed"), ("interrupted", "discarded"), ("ok", "committed"),
        ("ok", "committed")]
    assert [(p.new, p.unchanged) for p in passes if p.status == "ok"] == \
        [(14, 0), (0, 14), (0, 14)]
    assert len(entries) == 14 and {e.state for e in entries} == {"live"}
    assert all(len(v) == 1 and v[0].pass_id == passes[0].pass_id for v in versions)
    after = tdir.root / (passes[2].run_dir or "")
    lines = [json.loads(line) for line in (after / "entries.jsonl").read_text().splitlines()]
    assert len(lines) == 14 and {e["change"] for e in lines} == {"unchanged"}
    assert len({e["entry_id"] for e in lines}) == 14


@pytest.mark.judge
def test_recovered_pass_belongs_to_a_valid_evidence_set(tmp_path: Path) -> None:
    """Run after the test above would be nicer; kept independent: a kill during the first
    pass, recovery at the next start, and the checklist over every file of the target."""
    root = tmp_path / "out"
    tdir = TargetDir.under(root, "live")
    with SampleServer(port=0, live=True, clock=ManualClock()) as server:
        first = watcher(server.liveblog_url, root, tmp_path / "watch-1.txt")
        try:
            wait_until_writing(tdir, tmp_path / "watch-1.txt")
            captures = children(first.pid)
            os.kill(first.pid, signal.SIGKILL)
            for pid in captures:
                os.killpg(pid, signal.SIGKILL)
        finally:
            first.wait(timeout=60)
        time.sleep(1)
        second = watcher(server.liveblog_url, root, tmp_path / "watch-2.txt")
        assert second.wait(timeout=300) == 0, (tmp_path / "watch-2.txt").read_text()
    warcs = tdir.warcs()
    assert len(warcs) == 4 and not list(root.rglob("*.open"))
    findings = check_warcs(warcs)
    assert not findings, format_findings(findings)


def test_sigterm_ends_the_pass_cleanly(tmp_path: Path) -> None:
    """``kill PID`` (or systemd stopping the service): the running capture is told to stop,
    closes its WARC, and the pass is recorded as interrupted with its changes discarded."""
    root = tmp_path / "out"
    tdir = TargetDir.under(root, "live")
    with SampleServer(port=0, live=True, clock=ManualClock()) as server:
        proc = watcher(server.liveblog_url, root, tmp_path / "watch.txt")
        try:
            wait_until_writing(tdir, tmp_path / "watch.txt")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=180) == 130, (tmp_path / "watch.txt").read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert not list(root.rglob("*.open"))
    [run_dir] = list(tdir.passes.iterdir())
    assert json.loads((run_dir / "capture.json").read_text())["finish_reason"] == "shutdown"
    store = SqliteHistoryStore(tdir.history)
    try:
        [row] = store.passes()
        assert (row.status, row.history, row.exit_code) == ("interrupted", "discarded", 130)
        assert store.entries() == []
    finally:
        store.close()
    note = json.loads((run_dir / "pass.json").read_text())
    assert note["status"] == "interrupted"
    assert "watch over: 1 passes" in (tmp_path / "watch.txt").read_text()
