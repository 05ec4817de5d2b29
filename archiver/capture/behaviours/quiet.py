"""Waiting for the network to go quiet, with a cap: liveblogs poll forever."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from archiver.capture.outcome import Outcome


class Activity(Protocol):
    @property
    def in_flight(self) -> int: ...
    @property
    def last_activity(self) -> float: ...
    def in_flight_urls(self) -> list[str]: ...


async def wait_quiet(activity: Activity, quiet: float, cap: float) -> Outcome:
    outcome = Outcome("network-quiet")
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        idle_for = time.monotonic() - activity.last_activity
        if activity.in_flight == 0 and idle_for >= quiet:
            return outcome.finish("done")
        await asyncio.sleep(min(0.1, quiet))
    pending = activity.in_flight_urls()
    return outcome.finish("timeout", cap_seconds=cap, still_pending=pending[:50],
                          still_pending_count=len(pending))
