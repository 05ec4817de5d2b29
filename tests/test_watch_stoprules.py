"""Stop rules over the facts the history gives: closed, idle passes, time limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from archiver.history.model import PassRow
from archiver.watch.stoprules import (
    STOP_CLOSED,
    STOP_IDLE,
    STOP_TIME,
    Deadline,
    StopRules,
    TargetFacts,
    facts_from_passes,
    stop_reason,
)

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def row(seq: int, status: str = "ok", new: int = 0, edited: int = 0, deleted: int = 0,
        closed: bool = False, history: str = "committed") -> PassRow:
    values: dict[str, Any] = dict(
        pass_id=f"p{seq}", seq=seq, url="http://x/",
        started_at=(T0 + timedelta(minutes=5 * seq)).isoformat().replace("+00:00", "Z"),
        finished_at=None, status=status, history=history, closed=closed, entries=3, new=new,
        edited=edited, unchanged=3, deleted=deleted, off_page=0, withheld=None,
        warc_bytes=None, exit_code=0, error=None, run_dir=None)
    return PassRow(**values)


def test_facts_from_passes() -> None:
    passes = [row(1, new=3), row(2), row(3, status="failed", history="committed"),
              row(4, status="interrupted", history="discarded"), row(5)]
    facts = facts_from_passes(passes)
    assert facts.first_pass_at == T0 + timedelta(minutes=5)
    assert facts.idle_streak == 2          # failed and interrupted passes neither count nor break
    assert not facts.last_ok_closed and facts.passes == 5
    assert facts_from_passes([*passes, row(6, edited=1)]).idle_streak == 0
    assert facts_from_passes([*passes, row(6, deleted=1, closed=True)]).last_ok_closed
    # a failed pass after the closed one does not reopen the liveblog
    closed = facts_from_passes([row(1, new=3, closed=True), row(2, status="failed")])
    assert closed.last_ok_closed
    assert facts_from_passes([]) == TargetFacts()


def test_stop_reason() -> None:
    rules = StopRules(on_close=True, idle_passes=3, until=Deadline(after=3600))
    facts = TargetFacts(first_pass_at=T0, idle_streak=2)
    assert stop_reason(rules, facts, T0 + timedelta(minutes=59)) is None
    assert stop_reason(rules, facts, T0 + timedelta(minutes=60)) == STOP_TIME
    assert stop_reason(rules, TargetFacts(T0, idle_streak=3), T0) == STOP_IDLE
    assert stop_reason(rules, TargetFacts(T0, last_ok_closed=True), T0) == STOP_CLOSED
    assert stop_reason(StopRules(on_close=False), TargetFacts(T0, last_ok_closed=True),
                       T0) is None
    # before the first pass a relative limit counts from now: never already over
    assert stop_reason(rules, TargetFacts(), T0) is None
    absolute = StopRules(until=Deadline(at=T0))
    assert stop_reason(absolute, TargetFacts(), T0 - timedelta(seconds=1)) is None
    assert stop_reason(absolute, TargetFacts(), T0) == STOP_TIME
