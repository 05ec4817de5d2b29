"""``archiver history``: the entries of a watched target and the versions of one entry."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archiver.cli.exitcodes import EXIT_OK, EXIT_USAGE
from archiver.cli.targetpass import output_root
from archiver.history.model import PassRow
from archiver.history.schema import SchemaError
from archiver.history.store import SqliteHistoryStore
from archiver.watch.layout import TargetDir
from archiver.watch.targets import TargetsError, TargetsFile, load_targets


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="TARGET",
                        help="a target name (under OUTPUT_ROOT/targets/) or its directory")
    parser.add_argument("--output-root", type=Path,
                        help="where targets/ is (default: the targets file's, else ./output)")
    parser.add_argument("--targets", type=Path, metavar="FILE",
                        help="the targets file (for its output_root)")
    parser.add_argument("--json", action="store_true", help="JSON output")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument("--entry", metavar="ID", help="the versions of this entry")


class NoHistory(LookupError):
    pass


def _find_history(args: argparse.Namespace) -> tuple[str, Path]:
    """The target's name and its history database, or NoHistory with a one-line reason."""
    given = Path(args.target)
    if (given / "history.sqlite").is_file():
        return given.resolve().name, given / "history.sqlite"
    tfile: TargetsFile | None = None
    if args.targets:
        try:
            tfile = load_targets(args.targets)
        except TargetsError as exc:
            raise NoHistory(str(exc)) from None
    tdir = TargetDir.under(output_root(tfile, args.output_root), args.target)
    if not tdir.history.is_file():
        raise NoHistory(f"no history for target {args.target!r}: {tdir.history} does not "
                        "exist (give --output-root, --targets, or the target's directory)")
    return args.target, tdir.history


@contextmanager
def open_history(args: argparse.Namespace) -> Iterator[tuple[str, SqliteHistoryStore]]:
    """The target's name and its history store, closed when the block ends; NoHistory (a
    LookupError) with a one-line reason when there is none or it cannot be read (damaged,
    newer schema), whether that shows on opening or in the block."""
    name, path = _find_history(args)
    try:
        store = SqliteHistoryStore(path)
        try:
            yield name, store
        finally:
            store.close()
    except (sqlite3.Error, SchemaError) as exc:
        raise NoHistory(f"history database {path}: {exc}") from None


def passes_line(passes: list[PassRow]) -> str:
    counts: dict[str, int] = {}
    for p in passes:
        counts[p.status] = counts.get(p.status, 0) + 1
    return f"{len(passes)} passes (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")"


def run(args: argparse.Namespace) -> int:
    try:
        with open_history(args) as (name, store):
            if args.entry:
                return _entry(name, store, args.entry, args.json)
            entries = store.entries()
            passes = store.passes()
    except NoHistory as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"target": name, "passes": [p.as_dict() for p in passes],
                          "entries": [e.as_dict() for e in entries]},
                         indent=2, ensure_ascii=False))
        return EXIT_OK
    states: dict[str, int] = {}
    for e in entries:
        states[e.state] = states.get(e.state, 0) + 1
    print(f"target {name}: {passes_line(passes)}, {len(entries)} entries ("
          + ", ".join(f"{n} {s}" for s, n in sorted(states.items())) + ")")
    width = max([len(e.entry_id) for e in entries] + [8])
    print(f"{'entry':<{width}}  {'state':<7}  v  {'first seen':<20}  {'last seen':<20}  title")
    for e in entries:
        print(f"{e.entry_id:<{width}}  {e.state:<7}  {e.versions}  {e.first_seen:<20}  "
              f"{e.last_seen:<20}  {e.title or ''}")
    return EXIT_OK


def _entry(name: str, store: SqliteHistoryStore, entry_id: str, as_json: bool) -> int:
    rows = [e for e in store.entries() if e.entry_id == entry_id]
    versions = store.versions(entry_id)
    if not rows:
        print(f"archiver: target {name} has no entry {entry_id!r}", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        out: list[dict[str, Any]] = []
        for row in rows:
            out.append({**row.as_dict(), "versions": [
                v.as_dict(with_entry=True) for v in versions if v.page_url == row.page_url]})
        print(json.dumps(out[0] if len(out) == 1 else out, indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        print(f"entry {row.entry_id} of {row.page_url}")
        print(f"  state {row.state}; first seen {row.first_seen}; last seen {row.last_seen}"
              + (f"; deleted (gone at {row.deleted_at}, pass {row.deleted_pass})"
                 if row.deleted_at else ""))
        for v in versions:
            if v.page_url != row.page_url:
                continue
            entry = json.loads(v.entry_json)
            body = " ".join(str(entry.get("body_text") or "").split())
            print(f"  version {v.version}: captured {v.captured_at} (pass {v.pass_id}), last "
                  f"seen {v.last_seen}, content_sha256 {v.content_sha256[:16]}…")
            print(f"    source {v.warc_file} {v.record_id}")
            print(f"    {entry.get('title') or '(no title)'}: {body[:160]}"
                  + ("…" if len(body) > 160 else ""))
    return EXIT_OK
