"""The capture log: one JSON line per notable event (errors, truncations, refetches, outcomes)."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from archiver.warc.records import iso_utc, utc_now

logger = logging.getLogger(__name__)


class CaptureLog:
    """Append-only JSON lines; every line is flushed at once so a killed process keeps it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()

    def event(self, event: str, level: str = "info", **detail: Any) -> None:
        line = {"time": iso_utc(utc_now(), "milliseconds"), "level": level, "event": event,
                **detail}
        if level in ("warning", "error"):
            logger.log(logging.WARNING if level == "warning" else logging.ERROR,
                       "%s: %s", event, detail)
        if self.path is None:
            return
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
