"""When a target stops being watched: the liveblog closed, N passes without change, a time
limit. Pure: the facts come from the history of passes (see :class:`TargetFacts`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from archiver.history.model import PassRow
from archiver.watch.durations import format_duration

STOP_CLOSED = "closed"
STOP_IDLE = "idle"
STOP_TIME = "time-limit"


@dataclass(frozen=True)
class Deadline:
    """``after`` seconds counted from the target's first pass, or an absolute moment."""

    after: float | None = None
    at: datetime | None = None

    def moment(self, first_pass_at: datetime | None, now: datetime) -> datetime:
        if self.at is not None:
            return self.at
        assert self.after is not None
        return (first_pass_at or now) + timedelta(seconds=self.after)

    def describe(self) -> str:
        if self.at is not None:
            return self.at.isoformat().replace("+00:00", "Z")
        return f"{format_duration(self.after or 0)} after the first pass"


@dataclass(frozen=True)
class StopRules:
    on_close: bool = True
    idle_passes: int | None = None        # stop after this many passes in a row without change
    until: Deadline | None = None

    def describe(self) -> str:
        parts = ["on close" if self.on_close else "not on close"]
        if self.idle_passes:
            parts.append(f"after {self.idle_passes} passes without change")
        if self.until:
            parts.append(f"at {self.until.describe()}")
        return ", ".join(parts)


@dataclass(frozen=True)
class TargetFacts:
    """What the history says about a target's passes so far."""

    first_pass_at: datetime | None = None
    last_ok_closed: bool = False          # the last pass that captured the page saw it closed
    idle_streak: int = 0                  # captured passes in a row without any change, newest last
    passes: int = 0


def stop_reason(rules: StopRules, facts: TargetFacts, now: datetime) -> str | None:
    """Why the target is done (``closed``, ``idle``, ``time-limit``), or None to go on."""
    if rules.on_close and facts.last_ok_closed:
        return STOP_CLOSED
    if rules.idle_passes and facts.idle_streak >= rules.idle_passes:
        return STOP_IDLE
    if rules.until is not None and now >= rules.until.moment(facts.first_pass_at, now):
        return STOP_TIME
    return None


def explain(reason: str, rules: StopRules) -> str:
    if reason == STOP_CLOSED:
        return "the liveblog is closed (closed marker or coverageEndTime)"
    if reason == STOP_IDLE:
        return f"{rules.idle_passes} passes in a row without change"
    if reason == STOP_TIME:
        return f"time limit reached ({rules.until.describe() if rules.until else '?'})"
    return reason


def facts_from_passes(passes: Sequence[PassRow]) -> TargetFacts:
    """The facts the stop rules need, from the history's passes (oldest first). Passes that
    did not capture the page (failed, interrupted) neither count as idle nor break a streak."""
    first = min((_parse(p.started_at) for p in passes), default=None)
    captured = [p for p in passes if p.captured]
    streak = 0
    for row in reversed(captured):
        if row.changed:
            break
        streak += 1
    return TargetFacts(first, bool(captured and captured[-1].closed), streak, len(passes))


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
