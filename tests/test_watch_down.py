"""Bad input: the target goes down for two passes and comes back. The failed passes are
logged and retried; the history shows no deletions that did not happen."""

from __future__ import annotations

import json
import threading

import pytest

from archiver.history.store import SqliteHistoryStore
from archiver.sample import ManualClock
from archiver.sample.server import SampleServer
from archiver.watch.layout import TargetDir
from archiver.watch.passrun import PassRunner
from archiver.watch.result import PassResult
from archiver.watch.scheduler import Scheduler, WatchOutcome
from archiver.watch.stoprules import StopRules
from archiver.watch.targets import Target

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAST = (("ARCHIVER_EMBED_TIMEOUT", "5"), ("ARCHIVER_NETWORK_IDLE_CAP", "3"),
        ("ARCHIVER_NETWORK_QUIET", "0.3"), ("ARCHIVER_NAVIGATION_TIMEOUT", "20"))


class Outage:
    """Stops the server after the first pass; brings it back (same port, same liveblog
    time) after the third."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.server = SampleServer(port=0, live=True, clock=clock)
        self.results: list[PassResult] = []

    def scheduled(self, target: Target, due: float) -> None:
        pass

    def pass_started(self, target: Target, pass_id: str) -> None:
        pass

    def pass_finished(self, target: Target, result: PassResult, next_due: float | None) -> None:
        self.results.append(result)
        if len(self.results) == 1:
            self.server.stop()
        elif len(self.results) == 3:
            self.server = SampleServer(port=self.server.port, live=True, clock=self.clock)
            self.server.start()

    def target_stopped(self, target: Target, reason: str, detail: str) -> None:
        pass


def test_target_down_for_two_passes(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("down")
    clock = ManualClock()
    outage = Outage(clock)
    outage.server.start()
    outage.server.live.step_to(12)
    try:
        target = Target("down", outage.server.liveblog_url, every=1.0, retry=1.0,
                        stop=StopRules(idle_passes=1))
        scheduler = Scheduler([target], PassRunner(root, extra_settings=FAST), outage)
        box: list[WatchOutcome] = []
        thread = threading.Thread(target=lambda: box.append(scheduler.run()), daemon=True)
        thread.start()
        thread.join(timeout=600)
        if thread.is_alive():
            scheduler.stop()
            thread.join(timeout=120)
            pytest.fail(f"the watch did not end: {outage.results}")
    finally:
        outage.server.stop()
    results = outage.results
    assert [r.status for r in results] == ["ok", "failed", "failed", "ok"]
    assert box[0].stopped == {"down": "idle"}
    assert all("ConnectionRefused" in (r.error or "") or "ERR_CONNECTION_REFUSED"
               in (r.error or "") for r in results[1:3]), [r.error for r in results]
    assert [(r.new, r.deleted, r.unchanged) for r in results] == \
        [(14, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 14)]
    tdir = TargetDir.under(root, "down")
    store = SqliteHistoryStore(tdir.history)
    try:
        entries, passes = store.entries(), store.passes()
    finally:
        store.close()
    assert len(entries) == 14 and {e.state for e in entries} == {"live"}
    assert [p.status for p in passes] == ["ok", "failed", "failed", "ok"]
    assert all("not captured" in (p.withheld or "") for p in passes[1:3])
    log = [json.loads(line) for line in tdir.watch_log.read_text().splitlines()]
    finished = [(e["event"], e["status"]) for e in log if e["event"].startswith("pass-f")]
    assert finished == [("pass-finished", "ok"), ("pass-finished", "failed"),
                        ("pass-finished", "failed"), ("pass-finished", "ok")]
    last = tdir.root / (results[3].run_dir or "")
    changes = {json.loads(line)["change"] for line in
               (last / "entries.jsonl").read_text().splitlines()}
    assert changes == {"unchanged"}
