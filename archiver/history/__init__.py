"""Entry history: every version of every entry of a watched liveblog, pass by pass."""

from __future__ import annotations

from archiver.history.changes import PassTracker
from archiver.history.model import (
    CHANGES,
    EntryRow,
    Known,
    Observation,
    PageOutcome,
    PassChanges,
    PassRow,
    VersionRow,
)
from archiver.history.store import HistoryStore, SqliteHistoryStore

__all__ = ["CHANGES", "EntryRow", "HistoryStore", "Known", "Observation", "PageOutcome",
           "PassChanges", "PassRow", "PassTracker", "SqliteHistoryStore", "VersionRow"]
