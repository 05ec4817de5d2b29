"""The history store: the interface, and its SQLite implementation (one file per target).

A pass's changes are applied in one transaction (``commit_pass``): a pass killed midway
leaves the history as it was before it. A shared database can implement the same interface
for many workers; the lock of a target keeps one pass per target at a time."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from archiver.history.model import (
    COMMITTED,
    DELETED,
    DISCARDED,
    EDITED,
    LIVE,
    NEW,
    PENDING,
    RUNNING,
    UNCHANGED,
    EntryRow,
    Known,
    Observation,
    PassChanges,
    PassRow,
    VersionRow,
)
from archiver.history.schema import ensure_schema

PASS_COLUMNS = ("pass_id, seq, url, started_at, finished_at, status, history, closed, entries, "
                "new, edited, unchanged, deleted, off_page, withheld, warc_bytes, exit_code, "
                "error, run_dir")
ENTRY_COLUMNS = ("page_url, entry_id, state, first_seen, last_seen, first_pass, last_pass, "
                 "deleted_at, deleted_pass, versions, content_sha256, published_at, title")
VERSION_COLUMNS = ("page_url, entry_id, version, content_sha256, captured_at, last_seen, "
                   "pass_id, warc_file, record_id, source_page_url, entry_json")


class HistoryStore(Protocol):
    def known_entries(self, page_url: str) -> dict[str, Known]: ...
    def last_entry(self, page_url: str, entry_id: str) -> dict[str, Any] | None: ...
    def begin_pass(self, pass_id: str, url: str, started_at: str,
                   run_dir: str | None = None) -> None: ...
    def commit_pass(self, changes: PassChanges) -> None: ...
    def discard_pass(self, pass_id: str, status: str, finished_at: str,
                     error: str | None) -> None: ...
    def finish_pass(self, pass_id: str, *, finished_at: str, exit_code: int | None,
                    warc_bytes: int | None, error: str | None,
                    status_if_running: str) -> None: ...
    def passes(self) -> list[PassRow]: ...
    def entries(self) -> list[EntryRow]: ...
    def versions(self, entry_id: str) -> list[VersionRow]: ...
    def observations(self, pass_id: str) -> list[dict[str, Any]]: ...


class SqliteHistoryStore:
    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=timeout, check_same_thread=False,
                                   isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            ensure_schema(self._db)
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- reading --------------------------------------------------------------------------
    def known_entries(self, page_url: str) -> dict[str, Known]:
        with self._lock:
            rows = self._db.execute(
                "SELECT entry_id, state, content_sha256, versions, published_at FROM entries "
                "WHERE page_url = ?", (page_url,)).fetchall()
        return {r[0]: Known(r[0], r[1], r[2], r[3], r[4]) for r in rows}

    def last_entry(self, page_url: str, entry_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT entry_json FROM versions WHERE page_url = ? AND entry_id = ? "
                "ORDER BY version DESC LIMIT 1", (page_url, entry_id)).fetchone()
        return json.loads(row[0]) if row else None

    def passes(self) -> list[PassRow]:
        with self._lock:
            rows = self._db.execute(f"SELECT {PASS_COLUMNS} FROM passes ORDER BY seq").fetchall()
        return [_pass_row(r) for r in rows]

    def entries(self) -> list[EntryRow]:
        with self._lock:
            rows = self._db.execute(f"SELECT {ENTRY_COLUMNS} FROM entries "
                                    "ORDER BY first_seen, page_url, entry_id").fetchall()
        return [EntryRow(*r) for r in rows]

    def versions(self, entry_id: str) -> list[VersionRow]:
        with self._lock:
            rows = self._db.execute(f"SELECT {VERSION_COLUMNS} FROM versions WHERE entry_id = ? "
                                    "ORDER BY page_url, version", (entry_id,)).fetchall()
        return [VersionRow(*r) for r in rows]

    def observations(self, pass_id: str) -> list[dict[str, Any]]:
        """What a pass saw: entry, change, version, position, with the version's hash and
        title (from its stored JSON)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT o.page_url, o.entry_id, o.change, o.version, o.position, o.restored, "
                "v.content_sha256, v.entry_json FROM observations o JOIN versions v "
                "ON v.page_url = o.page_url AND v.entry_id = o.entry_id "
                "AND v.version = o.version WHERE o.pass_id = ? "
                "ORDER BY o.page_url, o.position IS NULL, o.position, o.entry_id",
                (pass_id,)).fetchall()
        return [{"page_url": r[0], "entry_id": r[1], "change": r[2], "version": r[3],
                 "position": r[4], "restored": bool(r[5]), "content_sha256": r[6],
                 "title": json.loads(r[7]).get("title")} for r in rows]

    # -- writing --------------------------------------------------------------------------
    def begin_pass(self, pass_id: str, url: str, started_at: str,
                   run_dir: str | None = None) -> None:
        with self._lock, self._transaction() as db:
            _insert_pass(db, pass_id, url, started_at, run_dir)

    def commit_pass(self, changes: PassChanges) -> None:
        """Apply a pass's observations and outcome, all or nothing."""
        with self._lock, self._transaction() as db:
            _insert_pass(db, changes.pass_id, changes.url, changes.started_at, None)
            for obs in changes.observations:
                _apply(db, changes.pass_id, obs)
                db.execute("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (changes.pass_id, obs.page_url, obs.entry_id, obs.change,
                            obs.version, obs.position, int(obs.restored)))
            db.execute(
                "UPDATE passes SET finished_at = ?, status = ?, history = ?, closed = ?, "
                "entries = ?, new = ?, edited = ?, unchanged = ?, deleted = ?, off_page = ?, "
                "withheld = ?, error = ? WHERE pass_id = ?",
                (changes.finished_at, changes.status, COMMITTED, int(changes.closed),
                 sum(p.entries for p in changes.pages), changes.count(NEW),
                 changes.count(EDITED), changes.count(UNCHANGED), changes.count(DELETED),
                 changes.off_page, changes.withheld,
                 "; ".join(p.error for p in changes.pages if p.error) or None,
                 changes.pass_id))

    def discard_pass(self, pass_id: str, status: str, finished_at: str,
                     error: str | None) -> None:
        """The pass ended without its changes: record why, change no entry."""
        with self._lock, self._transaction() as db:
            db.execute("UPDATE passes SET status = ?, history = ?, finished_at = ?, "
                       "error = coalesce(?, error) WHERE pass_id = ? AND history = ?",
                       (status, DISCARDED, finished_at, error, pass_id, PENDING))

    def finish_pass(self, pass_id: str, *, finished_at: str, exit_code: int | None,
                    warc_bytes: int | None, error: str | None,
                    status_if_running: str) -> None:
        """The runner's facts after the capture process ended. A pass still ``running`` (the
        capture died before committing) gets ``status_if_running`` and is discarded."""
        with self._lock, self._transaction() as db:
            db.execute("UPDATE passes SET exit_code = ?, warc_bytes = ?, "
                       "error = coalesce(error, ?), finished_at = coalesce(finished_at, ?) "
                       "WHERE pass_id = ?", (exit_code, warc_bytes, error, finished_at,
                                             pass_id))
            db.execute("UPDATE passes SET status = ?, history = ? WHERE pass_id = ? "
                       "AND status = ?", (status_if_running, DISCARDED, pass_id, RUNNING))


def _insert_pass(db: sqlite3.Connection, pass_id: str, url: str, started_at: str,
                 run_dir: str | None) -> None:
    db.execute("INSERT OR IGNORE INTO passes (pass_id, seq, url, started_at, status, run_dir) "
               "VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM passes), ?, ?, ?, ?)",
               (pass_id, url, started_at, RUNNING, run_dir))


def _apply(db: sqlite3.Connection, pass_id: str, obs: Observation) -> None:
    entry = obs.entry or {}
    source = entry.get("source") or {}
    if obs.change in (NEW, EDITED):
        db.execute(f"INSERT INTO versions ({VERSION_COLUMNS}) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (obs.page_url, obs.entry_id, obs.version, obs.content_sha256,
                    obs.captured_at, obs.captured_at, pass_id, source.get("warc_file"),
                    source.get("record_id"), source.get("page_url"),
                    json.dumps(entry, ensure_ascii=False, separators=(",", ":"))))
    if obs.change == NEW:
        db.execute(f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, NULL, NULL, 1, ?, ?, ?)",
                   (obs.page_url, obs.entry_id, LIVE, obs.captured_at, obs.captured_at,
                    pass_id, pass_id, obs.content_sha256, entry.get("published_at"),
                    entry.get("title")))
    elif obs.change == EDITED:
        db.execute("UPDATE entries SET state = ?, last_seen = ?, last_pass = ?, versions = ?, "
                   "content_sha256 = ?, published_at = ?, title = ?, deleted_at = NULL, "
                   "deleted_pass = NULL WHERE page_url = ? AND entry_id = ?",
                   (EDITED, obs.captured_at, pass_id, obs.version, obs.content_sha256,
                    entry.get("published_at"), entry.get("title"), obs.page_url, obs.entry_id))
    elif obs.change == UNCHANGED:
        db.execute("UPDATE entries SET last_seen = ?, last_pass = ?, "
                   "state = CASE WHEN state = ? THEN (CASE WHEN versions > 1 THEN ? ELSE ? "
                   "END) ELSE state END, deleted_at = NULL, deleted_pass = NULL "
                   "WHERE page_url = ? AND entry_id = ?",
                   (obs.captured_at, pass_id, DELETED, EDITED, LIVE, obs.page_url,
                    obs.entry_id))
        db.execute("UPDATE versions SET last_seen = ? WHERE page_url = ? AND entry_id = ? "
                   "AND version = ?", (obs.captured_at, obs.page_url, obs.entry_id,
                                       obs.version))
    elif obs.change == DELETED:
        db.execute("UPDATE entries SET state = ?, deleted_at = ?, deleted_pass = ? "
                   "WHERE page_url = ? AND entry_id = ?",
                   (DELETED, obs.captured_at, pass_id, obs.page_url, obs.entry_id))


def _pass_row(row: tuple[Any, ...]) -> PassRow:
    values = list(row)
    values[7] = bool(values[7])
    return PassRow(*values)
