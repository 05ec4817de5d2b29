"""The live mode: the script of changes (live_script.json), the liveblog's state at each step,
and the feed that picks the current step from a clock."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from archiver.sample.clock import LiveClock, ManualClock
from archiver.sample.content import (
    Entry,
    Liveblog,
    SampleDataError,
    load_liveblog,
    parse_entry,
    read_json,
)

Action = Literal["start", "publish", "edit", "delete", "close"]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Step:
    """One change of the script. ``offset`` is liveblog seconds since step 0."""

    index: int
    time: str
    offset: float
    action: Action
    entry_id: str | None = None
    overrides: dict[int, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class FeedState:
    """What the liveblog shows after a step: entries newest first, closed or not."""

    version: int
    entries: tuple[Entry, ...]
    closed: bool
    modified: str                    # clock text of the last change

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def older_than(self, before: int, limit: int) -> tuple[list[Entry], bool]:
        """Up to ``limit`` entries with an id below ``before``, and whether more remain."""
        older = [e for e in self.entries if int(e.id) < before]
        return older[:limit], len(older) > limit


@dataclass(frozen=True)
class Diff:
    new_or_changed: tuple[Entry, ...]
    deleted: tuple[str, ...]


@dataclass(frozen=True)
class LiveScript:
    steps: tuple[Step, ...]
    states: tuple[FeedState, ...]
    extra_entries: tuple[Entry, ...]
    titles: dict[str, str]           # entry id -> title, the extra entries included

    def describe(self, step: Step) -> str:
        """One line for people: what the step changes."""
        if step.action in ("start", "close"):
            what = {"start": "the liveblog starts (label 'Live') with "
                             f"{len(self.states[0].entries)} entries",
                    "close": "the liveblog is closed"}[step.action]
        else:
            verb = {"publish": "publishes", "edit": "edits", "delete": "deletes"}[step.action]
            what = f"{verb} {step.entry_id} ({self.titles[step.entry_id or '']})"
        return f"{what}: {step.note}" if step.note and step.action != "start" else what

    def diff(self, since: int, version: int) -> Diff:
        old = {e.id: e for e in self.states[since].entries}
        cur = self.states[version]
        changed = tuple(e for e in cur.entries if old.get(e.id) != e)
        current_ids = set(cur.ids())
        return Diff(changed, tuple(i for i in old if i not in current_ids))


def _parse_step(index: int, raw: dict[str, Any], start: int) -> Step:
    where = f"live_script.json step {index}"
    try:
        overrides = {int(k): str(v) for k, v in raw.get("overrides", {}).items()}
        return Step(index, raw["time"], float((_minutes(raw["time"]) - start) * 60),
                    raw["action"], raw.get("entry"), overrides, raw.get("note", ""))
    except (KeyError, ValueError) as exc:
        raise SampleDataError(f"{where}: {exc!r}") from exc


def build_script(blog: Liveblog, raw: dict[str, Any]) -> LiveScript:
    """Play the script once and keep every state; check that it ends as the static sample."""
    extras = tuple(parse_entry(e, "live_script.json extra entry")
                   for e in raw.get("extra_entries", ()))
    known = {e.id: e for e in (*blog.entries, *extras)}
    start = _minutes(raw["start"]["time"])
    shown: dict[str, Entry] = {}
    for entry_id in raw["start"]["entries"]:
        shown[entry_id] = known[entry_id]
    steps = [Step(0, raw["start"]["time"], 0.0, "start", note="the liveblog starts, live")]
    closed = False

    def snapshot(version: int, clock: str) -> FeedState:
        ordered = tuple(sorted(shown.values(), key=lambda e: int(e.id), reverse=True))
        return FeedState(version, ordered, closed, clock)

    states = [snapshot(0, raw["start"]["time"])]
    for i, raw_step in enumerate(raw["steps"], start=1):
        step = _parse_step(i, raw_step, start)
        if step.offset < steps[-1].offset:
            raise SampleDataError(f"live_script.json step {i}: times must not go back")
        if step.action == "close":
            closed = True
        elif step.entry_id not in known:
            raise SampleDataError(f"live_script.json step {i}: unknown entry {step.entry_id}")
        elif step.action in ("publish", "edit"):
            if (step.action == "edit") != (step.entry_id in shown):
                raise SampleDataError(f"live_script.json step {i}: {step.action} of "
                                      f"{'a hidden' if step.action == 'edit' else 'a shown'} "
                                      "entry")
            shown[step.entry_id] = known[step.entry_id].with_texts(step.overrides)
        elif step.action == "delete":
            shown.pop(step.entry_id, None)
        else:
            raise SampleDataError(f"live_script.json step {i}: unknown action {step.action!r}")
        steps.append(step)
        states.append(snapshot(i, step.time))
    final = states[-1]
    if not final.closed or final.entries != blog.entries or steps[-1].time != blog.closed_time:
        raise SampleDataError("live_script.json: the last step must close the liveblog at "
                              f"{blog.closed_time} with exactly the 24 entries of content.json")
    return LiveScript(tuple(steps), tuple(states), extras, {k: e.title for k, e in known.items()})


@cache
def load_script() -> LiveScript:
    raw = read_json("live_script.json")
    try:
        return build_script(load_liveblog(), raw)
    except KeyError as exc:
        raise SampleDataError(f"live_script.json: missing {exc}") from exc


class LiveFeed:
    """The liveblog as the server shows it now. Without a clock it is the finished liveblog
    (the static sample, the script's last state); with one, the step the clock has reached."""

    def __init__(self, script: LiveScript, clock: LiveClock | None = None) -> None:
        self.script = script
        self.clock = clock
        self._lock = threading.Lock()
        self._seen = -1

    @property
    def live(self) -> bool:
        return self.clock is not None

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.script.steps

    @property
    def last_step(self) -> int:
        return len(self.script.steps) - 1

    @property
    def step(self) -> int:
        """The index of the step in force now."""
        if self.clock is None:
            return self.last_step
        now = self.clock.now()
        index = 0
        for step in self.script.steps:
            if step.offset <= now:
                index = step.index
        return index

    def state(self, version: int | None = None) -> FeedState:
        return self.script.states[self.step if version is None else version]

    def step_to(self, index: int) -> FeedState:
        """Set a :class:`ManualClock` to the time of step ``index`` (0 … last_step)."""
        if not isinstance(self.clock, ManualClock):
            raise TypeError("step_to() needs a server started with live=True and a ManualClock")
        if not 0 <= index <= self.last_step:
            raise IndexError(f"step {index} out of range 0..{self.last_step}")
        self.clock.set(self.script.steps[index].offset)
        return self.state()

    def seconds_until_next(self) -> float | None:
        """Liveblog seconds until the next step, or None when the script is over."""
        current = self.step
        if self.clock is None or current >= self.last_step:
            return None
        return self.script.steps[current + 1].offset - self.clock.now()

    def newly_reached(self) -> list[Step]:
        """The steps reached since the last call (for progress output); thread-safe."""
        current = self.step
        with self._lock:
            reached = list(self.script.steps[self._seen + 1:current + 1])
            self._seen = max(self._seen, current)
        return reached
