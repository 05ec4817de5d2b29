"""Acceptance: watching the live sample from start to close (real server, real Chromium, one
capture process per pass), the clock moved between passes. All entries, the deleted one
flagged once, the edited one with two versions, first_seen times, the stop on close; an
unchanged pass that adds little; revisits that pass the checklist and replay in pywb."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from judges.checklist import check_warcs, format_findings
from judges.pywb import Pywb
from judges.replay import replay_in_chromium
from judges.warcio_cli import warcio_index
from playwright.sync_api import Page as SyncPage

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

# The script step each pass sees: start (3 entries), the edit's first version, the edit,
# the extra entry, the same again (nothing changed), its deletion, the close.
PLAN = (0, 4, 6, 12, 12, 15, 25)
FAST = (("ARCHIVER_EMBED_TIMEOUT", "5"), ("ARCHIVER_NETWORK_IDLE_CAP", "3"),
        ("ARCHIVER_NETWORK_QUIET", "0.3"))
EDITED, DELETED = "4181732", "4182096"


class Driver:
    """Hears the scheduler; moves the liveblog's clock to the next planned step after each
    pass (before the next one can start)."""

    def __init__(self, server: SampleServer) -> None:
        self.server = server
        self.results: list[PassResult] = []
        self.steps: list[int] = []
        self.stopped: list[tuple[str, str]] = []

    def scheduled(self, target: Target, due: float) -> None:
        pass

    def pass_started(self, target: Target, pass_id: str) -> None:
        self.steps.append(self.server.live.step)

    def pass_finished(self, target: Target, result: PassResult, next_due: float | None) -> None:
        self.results.append(result)
        if len(self.results) < len(PLAN):
            self.server.live.step_to(PLAN[len(self.results)])

    def target_stopped(self, target: Target, reason: str, detail: str) -> None:
        self.stopped.append((reason, detail))


@dataclass
class Watched:
    tdir: TargetDir
    url: str
    outcome: WatchOutcome
    driver: Driver
    states: list[dict[str, Any]]             # per pass: the script's state {id: Entry}
    titles: dict[str, str]
    entries: list[list[dict[str, Any]]] = field(default_factory=list)   # per pass

    def run_dir(self, i: int) -> Path:
        return self.tdir.root / (self.driver.results[i].run_dir or "")

    def explain(self) -> str:
        """For assertion messages: what each pass did, and how its capture ended."""
        lines = []
        for i, (step, r) in enumerate(zip(self.driver.steps, self.driver.results,
                                          strict=False)):
            lines.append(f"pass {i + 1} step {step}: {r.status} {r.entries} entries "
                         f"+{r.new} ~{r.edited} -{r.deleted} ={r.unchanged} {r.warc_bytes} B "
                         f"{r.seconds}s {r.error or ''}")
            output = self.run_dir(i) / "capture-output.txt"
            if r.status != "ok" and output.exists():
                lines.append(output.read_text(errors="replace")[-1500:])
        return "\n".join(lines)


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    root = tmp_path_factory.mktemp("watch-live")
    clock = ManualClock()
    server = SampleServer(port=0, live=True, clock=clock)
    server.start()
    try:
        target = Target("live", server.liveblog_url, every=1.0, stop=StopRules(on_close=True))
        driver = Driver(server)
        scheduler = Scheduler([target], PassRunner(root, extra_settings=FAST), driver,
                              max_parallel=1)
        box: list[WatchOutcome] = []
        thread = threading.Thread(target=lambda: box.append(scheduler.run()), daemon=True)
        thread.start()
        thread.join(timeout=900)
        if thread.is_alive():
            scheduler.stop()
            thread.join(timeout=120)
            pytest.fail(f"the watch did not end; passes: {driver.results}")
        script = server.live.script
        states = [{e.id: e for e in script.states[step].entries} for step in driver.steps]
        titles = dict(script.titles)
    finally:
        server.stop()        # from here on, only the archive answers
    result = Watched(TargetDir.under(root, "live"), server.liveblog_url, box[0], driver, states,
                     titles)
    for i in range(len(driver.results)):
        lines = (result.run_dir(i) / "entries.jsonl").read_text(encoding="utf-8").splitlines()
        result.entries.append([json.loads(line) for line in lines])
    yield result


def num(entry_id: str) -> str:
    return entry_id.removeprefix("moment-")


def test_passes_follow_the_script_and_stop_on_close(watched: Watched) -> None:
    results = watched.driver.results
    assert watched.driver.steps == list(PLAN), watched.explain()
    assert [r.status for r in results] == ["ok"] * len(PLAN), watched.explain()
    assert watched.outcome.stopped == {"live": "closed"}
    assert watched.driver.stopped[0][0] == "closed"
    assert [r.closed for r in results] == [False] * (len(PLAN) - 1) + [True]


def test_each_pass_marks_what_changed(watched: Watched) -> None:
    seen: set[str] = set()
    previous: dict[str, Any] = {}
    for i, state in enumerate(watched.states):
        expected = {}
        for entry_id, entry in state.items():
            if entry_id not in seen:
                expected[entry_id] = "new"
            elif previous.get(entry_id) != entry:
                expected[entry_id] = "edited"
            else:
                expected[entry_id] = "unchanged"
        for gone in set(previous) - set(state):
            expected[gone] = "deleted"
        got = {num(e["entry_id"]): e["change"] for e in watched.entries[i]}
        assert got == expected, f"pass {i + 1} (step {PLAN[i]})\n{watched.explain()}"
        assert len(watched.entries[i]) == len(got)           # nobody twice
        seen |= set(state)
        previous = state
    deletions = [(i, e) for i, pass_entries in enumerate(watched.entries)
                 for e in pass_entries if e["change"] == "deleted"]
    assert [(i, num(e["entry_id"])) for i, e in deletions] == [(5, DELETED)]
    # the deleted entry is written as its last version, after the page's own entries
    assert watched.entries[5][-1]["change"] == "deleted"
    assert watched.entries[5][-1]["title"] == watched.titles[DELETED]
    r = watched.driver.results
    assert [(x.new, x.edited, x.deleted) for x in r] == \
        [(3, 0, 0), (4, 0, 0), (1, 1, 0), (6, 0, 0), (0, 0, 0), (2, 0, 1), (9, 0, 0)]


def test_history_has_every_entry_and_version(watched: Watched) -> None:
    store = SqliteHistoryStore(watched.tdir.history)
    try:
        rows = {num(e.entry_id): e for e in store.entries()}
        edited = store.versions(f"moment-{EDITED}")
        passes = store.passes()
    finally:
        store.close()
    assert len(rows) == 25
    assert {k for k, e in rows.items() if e.state == "live"} == \
        set(watched.states[-1]) - {EDITED}
    assert (rows[EDITED].state, rows[EDITED].versions) == ("edited", 2)
    assert (rows[DELETED].state, rows[DELETED].deleted_pass) == \
        ("deleted", watched.driver.results[5].pass_id)
    assert [len(v.entry_json) > 0 for v in edited] == [True, True]
    bodies = [json.loads(v.entry_json)["body_text"] for v in edited]
    assert "een uur later dan verwacht" in bodies[0]
    assert "een half uur later dan verwacht" in bodies[1]
    assert [v.pass_id for v in edited] == [watched.driver.results[1].pass_id,
                                          watched.driver.results[2].pass_id]
    # first_seen: the capture time of the first pass that showed the entry
    for entry_id, row in rows.items():
        first = next(i for i, state in enumerate(watched.states) if entry_id in state)
        captured = {e["captured_at"] for e in watched.entries[first] if e["change"] != "deleted"}
        assert [row.first_seen] == sorted(captured), entry_id
        assert row.first_pass == watched.driver.results[first].pass_id
    assert [p.status for p in passes] == ["ok"] * len(PLAN)
    assert all(p.history == "committed" for p in passes)


def test_an_unchanged_pass_adds_little(watched: Watched) -> None:
    sizes = [r.warc_bytes for r in watched.driver.results]
    assert sizes == [sum(p.stat().st_size for p in (watched.run_dir(i) / "warc").glob("*.gz"))
                     for i in range(len(sizes))]
    unchanged = watched.driver.results[4]
    assert unchanged.changed is False and unchanged.unchanged == len(watched.states[4]) == 14
    # pass 4 was the first to capture this state; pass 5 saw nothing new
    assert sizes[4] <= 0.10 * sizes[3], watched.explain()


def _truncated_urls(watched: Watched) -> list[str]:
    urls = []
    for i in range(len(watched.driver.results)):
        for line in (watched.run_dir(i) / "capture-log.jsonl").read_text().splitlines():
            event = json.loads(line)
            if event["event"] == "truncated":
                urls.append(event["url"])
    return urls


@pytest.mark.judge
def test_checklist_over_every_pass(watched: Watched) -> None:
    warcs = watched.tdir.warcs()
    assert len(warcs) == len(PLAN)
    findings = check_warcs(warcs, capture_log_truncated=_truncated_urls(watched))
    assert not findings, format_findings(findings)
    rows = warcio_index(warcs, "warc-type,warc-target-uri,warc-refers-to")
    assert sum(1 for r in rows if r["warc-type"] == "revisit") > 100


def _page_date(warc: Path, url: str) -> str:
    rows = warcio_index([warc], "warc-type,warc-target-uri,warc-date,http:status")
    [date] = [r["warc-date"] for r in rows if r.get("warc-target-uri") == url
              and r["warc-type"] in ("response", "revisit") and r.get("http:status") == "200"]
    return re.sub(r"\D", "", date)[:14]


def _expand(page: SyncPage) -> None:
    for frame in page.frames:
        button = frame.query_selector("button.live-blog__load-more")
        if button is not None and button.is_visible():
            button.click()
            page.wait_for_timeout(1500)


@pytest.mark.judge
def test_pywb_replays_the_first_and_the_last_pass(watched: Watched) -> None:
    warcs = watched.tdir.warcs()
    rows = warcio_index(warcs, "warc-type,warc-target-uri,warc-date,http:status,"
                               "warc-payload-digest")
    revisits = [r for r in rows if r["warc-type"] == "revisit"]
    # records per (URL, second): pywb addresses captures to the second, and a page's
    # consent redirect and the page itself can share one
    same_second: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows:
        if r["warc-type"] in ("response", "revisit"):
            key = (r["warc-target-uri"], re.sub(r"\D", "", r["warc-date"])[:14])
            same_second.setdefault(key, []).append(r)

    def answers_as(record: dict[str, str], status: int, body: bytes) -> bool:
        if str(status) != record.get("http:status"):
            return False
        if record["warc-type"] == "revisit" and record["http:status"].startswith("3"):
            return body == b""     # pywb replays a redirect's revisit without a body, by design
        return "sha256:" + hashlib.sha256(body).hexdigest() == record["warc-payload-digest"]

    first_ts = _page_date(sorted((watched.run_dir(0) / "warc").glob("*.gz"))[0], watched.url)
    last_ts = _page_date(sorted((watched.run_dir(6) / "warc").glob("*.gz"))[0], watched.url)
    with Pywb(warcs) as pywb:
        # checklist 24: every revisit replays, as its original (or a record of the same
        # second) answered
        wrong = []
        for rev in revisits:
            ts = re.sub(r"\D", "", rev["warc-date"])[:14]
            reply = pywb.get(rev["warc-target-uri"], ts)
            group = same_second[(rev["warc-target-uri"], ts)]
            if reply.status >= 500 or not any(answers_as(r, reply.status, reply.body)
                                              for r in group):
                wrong.append((reply.status, rev["warc-target-uri"], ts))
        assert not wrong
        first = replay_in_chromium(pywb.replay_url(watched.url, first_ts), interact=_expand)
        last = replay_in_chromium(pywb.replay_url(watched.url, last_ts), interact=_expand)
    titles = watched.titles
    shown_first = {i for i, t in titles.items() if t in first.all_text}
    shown_last = {i for i, t in titles.items() if t in last.all_text}
    assert shown_first == set(watched.states[0]), sorted(shown_first)
    assert shown_last == set(watched.states[-1]), sorted(shown_last)
    assert DELETED not in shown_last
    assert "Teruggelezen" in last.all_text and "Teruggelezen" not in first.all_text
