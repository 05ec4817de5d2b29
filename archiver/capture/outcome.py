"""The recorded outcome of one page behaviour: what it tried, what happened, how long it took."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error


@dataclass
class Outcome:
    name: str
    status: str = "skipped"        # done | not-needed | partial | failed | skipped | timeout
    detail: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    def finish(self, status: str, **detail: Any) -> Outcome:
        self.status = status
        self.detail.update(detail)
        self.seconds = round(time.monotonic() - self.started, 3)
        return self

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "seconds": self.seconds,
                **self.detail}


def error_line(exc: Error, default: str | None = None) -> str:
    """What a Playwright error says, without the call log that follows on further lines."""
    lines = exc.message.splitlines()
    return lines[0] if lines else default or type(exc).__name__
