"""The SQLite history store: passes applied all or nothing, versions, reopening, schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_history_changes import PAGE, entry

from archiver.history.changes import PassTracker
from archiver.history.diff import diff_passes
from archiver.history.model import Observation, PassChanges
from archiver.history.schema import SchemaError
from archiver.history.store import SqliteHistoryStore


def run_pass(store: SqliteHistoryStore, pass_id: str, entries: list[dict[str, Any]],
             ok: bool = True) -> PassChanges:
    store.begin_pass(pass_id, PAGE, f"2026-11-26T10:0{pass_id[-1]}:00Z", f"passes/{pass_id}")
    tracker = PassTracker(pass_id, PAGE, "", store.known_entries, store.last_entry)
    for e in entries:
        e["change"] = tracker.observe(PAGE, e)
    tracker.finish_page(PAGE, ok=ok, entries=entries, closed=False)
    changes = tracker.result("ok" if ok else "failed", "2026-11-26T10:30:00Z")
    store.commit_pass(changes)
    return changes


def test_versions_states_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    store = SqliteHistoryStore(path)
    t1, t2 = "2026-11-26T10:00:00Z", "2026-11-26T10:05:00Z"
    run_pass(store, "p1", [entry("a", "one", captured=t1), entry("b", "two", captured=t1)])
    store.close()
    store = SqliteHistoryStore(path)          # what the next pass (a new process) sees
    changes = run_pass(store, "p2", [entry("a", "one, corrected", captured=t2),
                                     entry("c", "three", captured=t2)])
    assert [o.change for o in changes.observations] == ["edited", "new", "deleted"]
    rows = {e.entry_id: e for e in store.entries()}
    assert (rows["a"].state, rows["a"].versions, rows["a"].first_seen, rows["a"].last_seen) \
        == ("edited", 2, t1, t2)
    assert (rows["b"].state, rows["b"].deleted_pass, rows["b"].last_seen) == ("deleted", "p2", t1)
    assert rows["c"].first_seen == t2 and rows["c"].state == "live"
    versions = store.versions("a")
    assert [(v.version, v.captured_at, v.pass_id) for v in versions] == [(1, t1, "p1"),
                                                                        (2, t2, "p2")]
    assert versions[0].as_dict(with_entry=True)["entry"]["body_text"] == "one"
    assert versions[1].record_id == "<urn:uuid:x>" and versions[1].warc_file == "w.warc.gz"
    passes = store.passes()
    assert [(p.seq, p.status, p.history, p.new, p.edited, p.deleted) for p in passes] == \
        [(1, "ok", "committed", 2, 0, 0), (2, "ok", "committed", 1, 1, 1)]
    diff = diff_passes(store.observations("p1"), store.observations("p2"))
    assert [i["entry_id"] for i in diff.added] == ["c"]
    assert [(i["entry_id"], i["from_version"], i["version"]) for i in diff.edited] == \
        [("a", 1, 2)]
    assert [i["entry_id"] for i in diff.removed] == ["b"] and diff.unchanged == 0
    assert diff_passes(store.observations("p2"), store.observations("p2")).unchanged == 2
    # an unchanged pass moves last_seen on, for the entry and its version
    run_pass(store, "p3", [entry("a", "one, corrected", captured="2026-11-26T10:10:00Z"),
                           entry("c", "three", captured="2026-11-26T10:10:00Z")])
    assert store.versions("a")[-1].last_seen == "2026-11-26T10:10:00Z"
    store.close()


def test_a_pass_is_applied_all_or_nothing(tmp_path: Path) -> None:
    store = SqliteHistoryStore(tmp_path / "history.sqlite")
    run_pass(store, "p1", [entry("a", "one")])
    before = (store.entries(), store.versions("a"), store.passes())
    good = Observation(PAGE, "b", "new", 1, "f" * 64, "2026-11-26T11:00:00Z", 1,
                       entry=entry("b", "x"))
    clash = Observation(PAGE, "a", "new", 1, "e" * 64, "2026-11-26T11:00:00Z", 2,
                        entry=entry("a", "y"))   # "a" exists: the insert fails midway
    with pytest.raises(sqlite3.IntegrityError):
        store.commit_pass(PassChanges("p2", PAGE, "2026-11-26T11:00:00Z",
                                      "2026-11-26T11:01:00Z", "ok", [good, clash]))
    assert (store.entries(), store.versions("a"), store.passes()) == before
    assert store.versions("b") == []


def test_discarded_and_killed_passes(tmp_path: Path) -> None:
    store = SqliteHistoryStore(tmp_path / "history.sqlite")
    store.begin_pass("p1", PAGE, "2026-11-26T10:00:00Z")
    store.discard_pass("p1", "interrupted", "2026-11-26T10:01:00Z", "stopped by SIGTERM")
    store.begin_pass("p2", PAGE, "2026-11-26T10:05:00Z")
    store.finish_pass("p2", finished_at="2026-11-26T10:06:00Z", exit_code=None, warc_bytes=10,
                      error="killed", status_if_running="interrupted")
    run_pass(store, "p3", [entry("a", "one")])
    store.finish_pass("p3", finished_at="2026-11-26T10:11:00Z", exit_code=0, warc_bytes=99,
                      error=None, status_if_running="interrupted")
    rows = [(p.pass_id, p.status, p.history, p.error, p.warc_bytes) for p in store.passes()]
    assert rows == [("p1", "interrupted", "discarded", "stopped by SIGTERM", None),
                    ("p2", "interrupted", "discarded", "killed", 10),
                    ("p3", "ok", "committed", None, 99)]
    # a late discard cannot undo a committed pass
    store.discard_pass("p3", "interrupted", "2026-11-26T10:12:00Z", "late")
    assert store.passes()[-1].history == "committed"


def test_a_failed_page_changes_no_entry(tmp_path: Path) -> None:
    store = SqliteHistoryStore(tmp_path / "history.sqlite")
    run_pass(store, "p1", [entry("a", "one"), entry("b", "two")])
    changes = run_pass(store, "p2", [], ok=False)
    assert changes.observations == [] and "not captured" in (changes.withheld or "")
    assert {e.state for e in store.entries()} == {"live"}
    assert store.passes()[-1].status == "failed"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    SqliteHistoryStore(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(SchemaError, match="99"):
        SqliteHistoryStore(path)


def test_a_newer_database_is_refused_before_anything_is_written_to_it(tmp_path: Path) -> None:
    """A database of another schema version is not ours to change: opening it must not add
    the tables of this version (a newer schema may have renamed or dropped them)."""
    path = tmp_path / "history.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    db.execute("CREATE TABLE runs (run_id TEXT PRIMARY KEY)")     # v2 renamed passes
    db.commit()
    db.close()
    with pytest.raises(SchemaError, match="version 2"):
        SqliteHistoryStore(path)
    db = sqlite3.connect(path)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()
    assert names == {"meta", "runs", "sqlite_autoindex_meta_1", "sqlite_autoindex_runs_1"}
