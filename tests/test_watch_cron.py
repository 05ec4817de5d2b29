"""The two ways to run passes on the finished (static) sample: ``archiver watch`` over a
targets file, two targets at once; then ``archiver capture --targets`` as cron would run it,
twice at the same moment (one pass runs, the other finds the target busy). The second pass
over the unchanged liveblog writes at most a tenth of the first one's bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from capturing import archiver_cmd
from judges.checklist import check_warcs, format_findings

from archiver.history.store import SqliteHistoryStore
from archiver.sample.server import SampleServer
from archiver.watch.layout import TargetDir

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TARGETS = """\
max_parallel = 2

[defaults]
every = "10m"

[defaults.settings]
ARCHIVER_EMBED_TIMEOUT = 5
ARCHIVER_NETWORK_IDLE_CAP = 3
ARCHIVER_NETWORK_QUIET = 0.3

[[target]]
name = "alpha"
url = "{url}"

[[target]]
name = "beta"
url = "{url}"
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(archiver_cmd(*args), capture_output=True, text=True, timeout=600,
                          check=False, cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(archiver_cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"})


@dataclass
class Runs:
    root: Path
    watch: subprocess.CompletedProcess[str]
    cron: list[tuple[int, str, str]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    work = tmp_path_factory.mktemp("cron")
    with SampleServer(port=0) as server:
        (work / "targets.toml").write_text(TARGETS.format(url=server.liveblog_url))
        watch = run("watch", "--targets", "targets.toml", cwd=work)
        both = [start("capture", "--targets", "targets.toml", "--target", "alpha", "--force",
                      cwd=work) for _ in range(2)]
        cron = []
        for proc in both:
            out, err = proc.communicate(timeout=600)
            cron.append((proc.returncode, out, err))
    yield Runs(work / "output", watch, cron)


def test_watch_two_targets_at_once(runs: Runs) -> None:
    assert runs.watch.returncode == 0, runs.watch.stderr[-3000:]
    out = runs.watch.stdout
    for name in ("alpha", "beta"):
        assert re.search(rf"{name}: pass \d{{8}}T\d{{6}}Z ok: 24 entries \(24 new, 0 edited, "
                         r"0 deleted, 0 unchanged\), [\d.]+ MB WARC, [\d.]+s, closed", out), out
        assert f"{name}: stopped: the liveblog is closed" in out
    assert out.strip().endswith("watch over: 2 passes; stopped alpha: closed, beta: closed")
    # concurrent: each pass started before the other finished
    spans = []
    for name in ("alpha", "beta"):
        log = [json.loads(line) for line in
               TargetDir.under(runs.root, name).watch_log.read_text().splitlines()]
        begin = next(e["time"] for e in log if e["event"] == "pass-started")
        end = next(e["time"] for e in log if e["event"] == "pass-finished")
        spans.append((begin, end))
    assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1], spans


def test_cron_pass_is_idempotent_and_small(runs: Runs) -> None:
    codes = sorted(code for code, _out, _err in runs.cron)
    assert codes == [0, 8], runs.cron
    busy = next(err for code, _out, err in runs.cron if code == 8)
    assert re.fullmatch(r"archiver: target alpha is busy: another pass holds \S+/lock "
                        r"\(pid \d+; target alpha\)\n", busy)
    done = next(out for code, out, _err in runs.cron if code == 0)
    assert re.match(r"alpha: pass \S+ ok: 24 entries \(0 new, 0 edited, 0 deleted, "
                    r"24 unchanged\)", done), done
    tdir = TargetDir.under(runs.root, "alpha")
    store = SqliteHistoryStore(tdir.history)
    try:
        passes = store.passes()
        entries = store.entries()
    finally:
        store.close()
    assert [p.status for p in passes] == ["ok", "ok"]
    assert len(entries) == 24 and all(e.versions == 1 for e in entries)
    first, second = (p.warc_bytes or 0 for p in passes)
    assert 0 < second <= 0.10 * first, (first, second)
    diff = run("diff", str(tdir.root), cwd=runs.root)
    assert diff.stdout.splitlines()[1:] == ["added: 0", "edited: 0", "removed: 0",
                                            "unchanged: 24"]


@pytest.mark.judge
def test_checklist_over_both_passes(runs: Runs) -> None:
    tdir = TargetDir.under(runs.root, "alpha")
    warcs = tdir.warcs()
    assert len(warcs) == 2
    findings = check_warcs(warcs)
    assert not findings, format_findings(findings)
