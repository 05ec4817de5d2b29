"""A target's watch log (``watch-log.jsonl``): one JSON object per line, flushed at once, for
what the scheduler and the pass runner did. The terminal hears about it from the progress
display, so nothing is echoed to the log handlers above debug level."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver.warc.records import iso_utc

logger = logging.getLogger(__name__)


class WatchLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def event(self, event: str, level: str = "info", **detail: Any) -> None:
        line = {"time": iso_utc(datetime.now(UTC), "milliseconds"), "level": level,
                "event": event, **detail}
        logger.debug("%s: %s", event, detail)
        text = json.dumps(line, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            try:
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                logger.error("could not write the watch log %s: %s", self.path, exc)
