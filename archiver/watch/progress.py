"""The watch's progress: on a terminal a live table (what is being captured, the last result,
the next pass) under the events; otherwise plain lines, one per event."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

from archiver.history.model import FAILED, OK
from archiver.watch.durations import format_duration
from archiver.watch.result import BUSY, STOPPED, PassResult
from archiver.watch.targets import Target


def clock_text(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M:%SZ")


def size_text(count: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"


def describe(result: PassResult) -> str:
    """One line for a pass's outcome."""
    if result.status == OK:
        text = (f"ok: {result.entries} entries ({result.new} new, {result.edited} edited, "
                f"{result.deleted} deleted, {result.unchanged} unchanged), "
                f"{size_text(result.warc_bytes)} WARC, {result.seconds:.1f}s")
        if result.withheld:
            text += f"; no deletions: {result.withheld}"
        if result.dedup_error:
            text += f"; no dedup: {result.dedup_error}"
        return text + (", closed" if result.closed else "")
    if result.status == FAILED:
        return f"FAILED: {result.error}"
    if result.status == BUSY:
        return f"busy: {result.error}"
    if result.status == STOPPED:
        return f"not captured: stop rule {result.stop_reason!r} already holds"
    return f"{result.status.upper()}: {result.error}"


@dataclass
class _Row:
    target: Target
    state: str = "waiting"
    since: float = 0.0
    pass_id: str | None = None
    last: str = "-"
    next_due: float | None = None


class PlainProgress:
    """One line per event (logs, pipes, cron mail)."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.time) -> None:
        self.stream = stream
        self.clock = clock
        self._lock = threading.Lock()
        self.rows: dict[str, _Row] = {}

    def _line(self, name: str, text: str) -> None:
        self._write(f"{clock_text(self.clock())} {name}: {text}")

    def _write(self, line: str) -> None:
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _row(self, target: Target) -> _Row:
        return self.rows.setdefault(target.name, _Row(target))

    def scheduled(self, target: Target, due: float) -> None:
        row = self._row(target)
        row.next_due = due
        self._line(target.name, f"watching {target.url} every {format_duration(target.every)}"
                   f" (stops {target.stop.describe()})")

    def pass_started(self, target: Target, pass_id: str) -> None:
        row = self._row(target)
        row.state, row.since, row.pass_id, row.next_due = "capturing", self.clock(), pass_id, None
        self._line(target.name, f"pass {pass_id} capturing")

    def pass_finished(self, target: Target, result: PassResult, next_due: float | None) -> None:
        row = self._row(target)
        row.state, row.last, row.next_due = "waiting", describe(result), next_due
        when = (f"; next pass {clock_text(next_due)} (in "
                f"{format_duration(next_due - self.clock())})" if next_due else "")
        self._line(target.name, f"pass {result.pass_id or '-'} {row.last}{when}")

    def target_stopped(self, target: Target, reason: str, detail: str) -> None:
        row = self._row(target)
        row.state, row.next_due = f"stopped ({reason})", None
        self._line(target.name, f"stopped: {detail}")

    def close(self) -> None:
        """Nothing to tidy for plain lines."""


class LiveProgress(PlainProgress):
    """On a terminal: the events scroll above a table redrawn every second."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.time) -> None:
        super().__init__(stream, clock)
        self._drawn = 0
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="watch-progress", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                self._redraw()

    def _write(self, line: str) -> None:
        with self._lock:
            self._clear()
            self.stream.write(line + "\n")
            self._redraw()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write(f"\x1b[{self._drawn}F\x1b[J")
            self._drawn = 0

    def table(self) -> list[str]:
        now = self.clock()
        width = max([len(n) for n in self.rows] + [6])
        lines = [f"{'target':<{width}}  {'now':<24}  {'next pass':<20}  last result"]
        for name, row in self.rows.items():
            if row.state == "capturing":
                state = f"capturing ({format_duration(now - row.since)})"
            else:
                state = row.state
            nxt = (f"{clock_text(row.next_due)} ({format_duration(row.next_due - now)})"
                   if row.next_due else "-")
            lines.append(f"{name:<{width}}  {state:<24}  {nxt:<20}  {row.last}")
        # A wrapped line would throw off the redraw (it moves up by lines printed).
        columns = max(20, shutil.get_terminal_size((120, 24)).columns - 1)
        return [line[:columns] for line in lines]

    def _redraw(self) -> None:
        self._clear()
        lines = self.table()
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()
        self._drawn = len(lines)

    def close(self) -> None:
        self._stop.set()
        self._ticker.join(timeout=2)
