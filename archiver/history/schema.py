"""The history database's schema (SQLite): passes, entries, versions, observations.
docs/watch.md documents it; ``SCHEMA_VERSION`` changes with it."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS passes (
    pass_id     TEXT PRIMARY KEY,         -- the pass directory name: YYYYmmddTHHMMSSZ[-n]
    seq         INTEGER NOT NULL UNIQUE,  -- 1, 2, 3 ... in the order passes started
    url         TEXT NOT NULL,            -- the URL captured
    started_at  TEXT NOT NULL,            -- UTC, ISO 8601 with Z
    finished_at TEXT,
    status      TEXT NOT NULL CHECK (status IN
                    ('running', 'ok', 'failed', 'interrupted', 'error')),
    history     TEXT NOT NULL DEFAULT 'pending' CHECK (history IN
                    ('pending', 'committed', 'discarded')),
    closed      INTEGER NOT NULL DEFAULT 0,   -- the page said it is closed
    entries     INTEGER NOT NULL DEFAULT 0,   -- entries on the page
    new         INTEGER NOT NULL DEFAULT 0,
    edited      INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0,
    off_page    INTEGER NOT NULL DEFAULT 0,   -- gone but older than every entry shown
    withheld    TEXT,                         -- why no deletions were computed
    warc_bytes  INTEGER,                      -- bytes of the WARC files the pass wrote
    exit_code   INTEGER,                      -- of the capture process
    error       TEXT,
    run_dir     TEXT                          -- relative to the target directory
);

CREATE TABLE IF NOT EXISTS entries (
    page_url       TEXT NOT NULL,     -- the URL the target captures
    entry_id       TEXT NOT NULL,     -- the entry's entry_id (docs/entries.md)
    state          TEXT NOT NULL CHECK (state IN ('live', 'edited', 'deleted')),
    first_seen     TEXT NOT NULL,     -- captured_at of the first pass that showed it
    last_seen      TEXT NOT NULL,     -- captured_at of the last pass that showed it
    first_pass     TEXT NOT NULL REFERENCES passes (pass_id),
    last_pass      TEXT NOT NULL REFERENCES passes (pass_id),
    deleted_at     TEXT,              -- captured_at of the pass that found it gone
    deleted_pass   TEXT REFERENCES passes (pass_id),
    versions       INTEGER NOT NULL,  -- number of distinct contents seen
    content_sha256 TEXT NOT NULL,     -- of the latest version
    published_at   TEXT,              -- of the latest version
    title          TEXT,              -- of the latest version
    PRIMARY KEY (page_url, entry_id)
);

CREATE TABLE IF NOT EXISTS versions (
    page_url        TEXT NOT NULL,
    entry_id        TEXT NOT NULL,
    version         INTEGER NOT NULL, -- 1, 2, ...
    content_sha256  TEXT NOT NULL,
    captured_at     TEXT NOT NULL,    -- first capture that showed this version
    last_seen       TEXT NOT NULL,    -- last capture that showed it
    pass_id         TEXT NOT NULL REFERENCES passes (pass_id),
    warc_file       TEXT,             -- source: the WARC file and DOM record it was read from
    record_id       TEXT,
    source_page_url TEXT,
    entry_json      TEXT NOT NULL,    -- the entry as extracted, "change": null
    PRIMARY KEY (page_url, entry_id, version),
    FOREIGN KEY (page_url, entry_id) REFERENCES entries (page_url, entry_id)
);

CREATE TABLE IF NOT EXISTS observations (
    pass_id   TEXT NOT NULL REFERENCES passes (pass_id),
    page_url  TEXT NOT NULL,
    entry_id  TEXT NOT NULL,
    change    TEXT NOT NULL CHECK (change IN ('new', 'edited', 'unchanged', 'deleted')),
    version   INTEGER NOT NULL,       -- the version shown (for deleted: the last one)
    position  INTEGER,                -- on the page; null for deleted
    restored  INTEGER NOT NULL DEFAULT 0,  -- shown again after it had been deleted
    PRIMARY KEY (pass_id, page_url, entry_id)
);

CREATE INDEX IF NOT EXISTS observations_by_entry ON observations (page_url, entry_id);
"""


class SchemaError(RuntimeError):
    """The database was written by a newer (or unknown) schema."""


def _statements(script: str) -> list[str]:
    """The script's statements one by one: ``executescript`` would commit the transaction
    they must run in."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    return statements


def _stored_version(db: sqlite3.Connection) -> str | None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
                  ).fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return str(row[0]) if row else None


def ensure_schema(db: sqlite3.Connection) -> None:
    """Check the version, then create what is missing, in one transaction. A database of
    another version is refused (SchemaError) without a change: it is not ours to alter."""
    db.execute("BEGIN IMMEDIATE")
    try:
        found = _stored_version(db)
        if found in (None, SCHEMA_VERSION):
            for statement in _statements(SCHEMA):
                db.execute(statement)
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                       (SCHEMA_VERSION,))
            found = SCHEMA_VERSION
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    if found != SCHEMA_VERSION:
        raise SchemaError(f"history schema version {found}, this archiver reads "
                          f"{SCHEMA_VERSION}")
