"""Clocks for the live sample: liveblog seconds since the live script's start."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class LiveClock(Protocol):
    """Anything that tells how many seconds of liveblog time have passed since the script's
    start (step 0). Liveblog time is the 2018 clock of the entries, not the wall clock."""

    def now(self) -> float: ...


class ManualClock:
    """A clock that moves only when told: tests and the watch feature drive the live sample
    deterministically with it (``advance``, ``set``, or ``SampleServer.live.step_to``)."""

    def __init__(self, start: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = float(start)

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward (or back, with a negative value); returns the new time."""
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, seconds: float) -> None:
        with self._lock:
            self._now = float(seconds)

    def __repr__(self) -> str:
        return f"ManualClock({self.now()!r})"


class SpeedClock:
    """Real time, compressed: ``speed`` liveblog seconds pass per wall second, counted from
    construction. With speed 60 the 9.5 hours of the script take 9.5 minutes."""

    def __init__(self, speed: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed!r}")
        self.speed = float(speed)
        self._monotonic = monotonic
        self._t0 = monotonic()

    def now(self) -> float:
        return (self._monotonic() - self._t0) * self.speed

    def __repr__(self) -> str:
        return f"SpeedClock(speed={self.speed!r})"
