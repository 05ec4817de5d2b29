"""The digest index behind revisit records: which payloads a target has already archived."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from archiver.warc.builders import DigestRef
from archiver.warc.records import iso_utc, utc_now

if TYPE_CHECKING:
    from archiver.config import ArchiverConfig

logger = logging.getLogger(__name__)


class DigestIndex(Protocol):
    """Looked up before each response is written; shared by every pass of one target.

    Implementations: in memory (one run), SQLite (survives restarts), and later a shared
    database for many workers. ``add`` must be idempotent. ``lookup`` returns an original
    fit for ``url``: one of the same URL if there is one; an ``urn:`` record (a screenshot)
    is never the original of an HTTP response, nor the other way round."""

    def lookup(self, payload_digest: str, url: str) -> DigestRef | None: ...
    def add(self, ref: DigestRef) -> None: ...


@runtime_checkable
class DurableDigestIndex(Protocol):
    """An index that keeps additions pending until the records they name are safely on disk:
    the archive calls ``commit()`` after its WARC files are closed (fsynced), so a killed
    capture never leaves the index pointing at a record that was not written."""

    def commit(self) -> None: ...
    def close(self) -> None: ...


def uri_kind(uri: str) -> str:
    return "urn" if uri.startswith("urn:") else "http"


class MemoryDigestIndex:
    def __init__(self) -> None:
        self._by_digest: dict[str, DigestRef] = {}

    def lookup(self, payload_digest: str, url: str) -> DigestRef | None:
        ref = self._by_digest.get(payload_digest)
        return ref if ref is not None and uri_kind(ref.target_uri) == uri_kind(url) else None

    def add(self, ref: DigestRef) -> None:
        self._by_digest.setdefault(ref.payload_digest, ref)


# Kept in SQLite's own ``PRAGMA user_version``; 0 is a file made before it was kept (the same
# table) or a new file. A file of another version is not ours to alter.
DIGESTS_SCHEMA_VERSION = 1

DIGESTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS digests (
    payload_digest TEXT NOT NULL,     -- sha256:<hex> of the payload
    target_uri     TEXT NOT NULL,     -- WARC-Target-URI of the original record
    kind           TEXT NOT NULL,     -- 'http' (a response) or 'urn' (a resource: screenshot)
    record_id      TEXT NOT NULL,     -- its WARC-Record-ID
    date           TEXT NOT NULL,     -- its WARC-Date
    added_at       TEXT NOT NULL,     -- when the pass that wrote it committed
    PRIMARY KEY (payload_digest, target_uri)
) WITHOUT ROWID;
"""


class DigestIndexError(Exception):
    """The digest index file cannot be used: damaged, not a database, or a newer schema."""


class SqliteDigestIndex:
    """The digest index of one target in a SQLite file; it survives restarts.

    Additions stay pending (and are found by ``lookup``) until ``commit()``; ``close()``
    without a commit forgets them."""

    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        # Additions not committed yet: payload digest -> target URI -> original.
        self._pending: dict[str, dict[str, DigestRef]] = {}
        try:
            self._db = sqlite3.connect(path, timeout=timeout, check_same_thread=False,
                                       isolation_level=None)
        except sqlite3.Error as exc:
            raise DigestIndexError(f"digest index {path}: {exc}") from None
        try:
            self._open_schema()
        except (sqlite3.Error, DigestIndexError) as exc:
            self._db.close()
            raise DigestIndexError(f"digest index {path}: {exc}") from None

    def _open_schema(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version not in (0, DIGESTS_SCHEMA_VERSION):
            raise DigestIndexError(f"schema version {version}, this archiver reads "
                                   f"{DIGESTS_SCHEMA_VERSION}")
        self._db.execute("PRAGMA journal_mode=WAL")
        if version == 0:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(DIGESTS_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {DIGESTS_SCHEMA_VERSION}")
            self._db.execute("COMMIT")

    def lookup(self, payload_digest: str, url: str) -> DigestRef | None:
        kind = uri_kind(url)
        with self._lock:
            pending_here = self._pending.get(payload_digest, {})
            exact = pending_here.get(url)
            if exact is not None:
                return exact
            row = self._db.execute(
                "SELECT record_id, target_uri, date FROM digests WHERE payload_digest = ? "
                "AND kind = ? ORDER BY target_uri = ? DESC, date LIMIT 1",
                (payload_digest, kind, url)).fetchone()
            if row is not None and row[1] == url:
                return DigestRef(row[0], row[1], row[2], payload_digest)
            pending = next((r for u, r in pending_here.items() if uri_kind(u) == kind), None)
            if pending is not None:
                return pending
            return DigestRef(row[0], row[1], row[2], payload_digest) if row else None

    def add(self, ref: DigestRef) -> None:
        with self._lock:
            self._pending.setdefault(ref.payload_digest, {}).setdefault(ref.target_uri, ref)

    def commit(self) -> None:
        """Store the pending additions in one transaction. A failure (disk full) is logged:
        a lost addition only means a later pass writes that payload again."""
        with self._lock:
            if not self._pending:
                return
            now = iso_utc(utc_now())
            rows = [(r.payload_digest, r.target_uri, uri_kind(r.target_uri), r.record_id,
                     r.date, now) for by_uri in self._pending.values() for r in by_uri.values()]
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR IGNORE INTO digests VALUES (?, ?, ?, ?, ?, ?)",
                                     rows)
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                logger.error("could not store %d digests in %s: %s", len(rows), self.path, exc)
                return
            self._pending.clear()

    def close(self) -> None:
        with self._lock:
            self._pending.clear()
            self._db.close()

    def __len__(self) -> int:
        with self._lock:
            count = self._db.execute("SELECT count(*) FROM digests").fetchone()[0]
            return int(count) + sum(len(by_uri) for by_uri in self._pending.values())


def open_digest_index(config: ArchiverConfig) -> DigestIndex:
    """``ARCHIVER_DEDUP_FACTORY`` for ``ARCHIVER_DEDUP_INDEX``: the target's SQLite index."""
    if config.dedup_index is None:
        return MemoryDigestIndex()
    config.dedup_index.parent.mkdir(parents=True, exist_ok=True)
    return SqliteDigestIndex(config.dedup_index)
