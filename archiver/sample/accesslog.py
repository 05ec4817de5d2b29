"""The sample server's access log: one entry per answered (or held) request, thread-safe."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AccessLogEntry:
    """One request and what the server did with it.

    ``status`` is 0 for a request the server held without answering (``hang_tweets``);
    ``bytes_sent`` counts the body bytes as sent (after gzip, without chunk framing; 0 for HEAD
    and 304); ``time`` is when the response was sent (UTC)."""

    method: str
    host: str                        # the Host header ("127.0.0.1:8000", "localhost:8000")
    path: str                        # path and query as requested
    url: str                         # absolute: "http://" + host + path
    status: int
    bytes_sent: int
    time: datetime
    user_agent: str = ""


class AccessLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[AccessLogEntry] = []

    def add(self, entry: AccessLogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[AccessLogEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
