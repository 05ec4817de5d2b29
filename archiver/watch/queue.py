"""The queue of due passes: which target is captured next, and when.

A small interface so that a shared queue (a Redis sorted set scored by due time, as
scrapy-redis keeps its requests) can replace the in-process one: ``put`` is ZADD,
``take_due`` is ZRANGEBYSCORE + ZREM in one step (a claimed pass is no longer in the queue, so
two workers never take the same one), ``next_due`` is ZRANGE 0 0 WITHSCORES."""

from __future__ import annotations

import threading
from typing import Protocol


class PassQueue(Protocol):
    def put(self, target: str, due: float) -> None:
        """Schedule ``target`` at ``due`` (UTC epoch seconds), replacing an earlier entry."""

    def take_due(self, now: float, limit: int) -> list[str]:
        """Claim up to ``limit`` targets due at ``now``, earliest first; they leave the queue."""

    def next_due(self) -> float | None:
        """When the earliest queued target is due, or None when the queue is empty."""

    def remove(self, target: str) -> None:
        """Forget ``target`` (it stopped)."""

    def due_times(self) -> dict[str, float]:
        """Every queued target and its due time (for a status view of the queue; the
        scheduler needs only ``next_due``, and the progress display hears due times from
        the scheduler's observer calls)."""


class MemoryPassQueue:
    """The local queue: a dict guarded by a lock (a handful of targets per process)."""

    def __init__(self) -> None:
        self._due: dict[str, float] = {}
        self._lock = threading.Lock()

    def put(self, target: str, due: float) -> None:
        with self._lock:
            self._due[target] = due

    def take_due(self, now: float, limit: int) -> list[str]:
        with self._lock:
            ready = sorted((t for t, d in self._due.items() if d <= now),
                           key=lambda t: (self._due[t], t))[:max(0, limit)]
            for target in ready:
                del self._due[target]
            return ready

    def next_due(self) -> float | None:
        with self._lock:
            return min(self._due.values(), default=None)

    def remove(self, target: str) -> None:
        with self._lock:
            self._due.pop(target, None)

    def due_times(self) -> dict[str, float]:
        with self._lock:
            return dict(self._due)

    def __len__(self) -> int:
        with self._lock:
            return len(self._due)
