"""What a killed pass leaves is dealt with at the next start: its .open WARC recovered, the
pass recorded as interrupted, its changes never committed."""

from __future__ import annotations

import json
from pathlib import Path

from test_history_changes import PAGE, entry
from test_history_store import run_pass
from test_warc_writer import exchange

from archiver.history.store import SqliteHistoryStore
from archiver.warc.builders import build_request, build_response
from archiver.warc.files import WarcFiles
from archiver.watch.layout import TargetDir
from archiver.watch.recovery import recover_leftovers
from archiver.watch.watchlog import WatchLog


def _killed_writer(directory: Path) -> Path:
    files = WarcFiles(directory, lambda: [("software", "test")], prefix="t")
    for i in range(3):
        ex = exchange(body=bytes(range(200)) * 20, url=f"http://127.0.0.1:8000/{i}")
        resp = build_response(ex, files.new_id)
        files.write([build_request(ex, resp, files.new_id), resp])
    [path] = directory.glob("*.warc.gz.open")
    assert files._current is not None
    files._current.handle.close()            # the process died: nothing renamed, nothing closed
    with path.open("ab") as fh:               # in the middle of a record
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x42" * 100)
    return path


def test_a_killed_pass_is_recovered_and_discarded(tmp_path: Path) -> None:
    tdir = TargetDir.under(tmp_path, "t")
    tdir.passes.mkdir(parents=True)
    store = SqliteHistoryStore(tdir.history)
    run_pass(store, "p1", [entry("a", "one")])
    store.begin_pass("p2", PAGE, "2026-11-26T10:05:00Z", "passes/p2")   # then killed
    open_file = _killed_writer(tdir.pass_dir("p2") / "warc")
    (tdir.pass_dir("p1") / "warc").mkdir(parents=True)                    # a finished pass
    log = WatchLog(tdir.watch_log)
    [found] = recover_leftovers(tdir, store, log)
    assert found.pass_id == "p2" and len(found.recovered) == 1
    assert "kept 7 complete records" in found.recovered[0] and "cut 110 bytes" in found.recovered[0]
    assert not open_file.exists()
    assert open_file.with_name(open_file.name.removesuffix(".open")).exists()
    row = store.passes()[-1]
    assert (row.pass_id, row.status, row.history) == ("p2", "interrupted", "discarded")
    assert row.warc_bytes and "killed" in (row.error or "")
    assert [e.entry_id for e in store.entries()] == ["a"]          # nothing of p2 committed
    note = json.loads((tdir.pass_dir("p2") / "pass.json").read_text())
    assert note["status"] == "interrupted" and note["history"] == "discarded"
    events = [json.loads(line)["event"] for line in tdir.watch_log.read_text().splitlines()]
    assert events == ["warc-recovered", "pass-interrupted"]
    # the next start finds nothing left to do
    assert recover_leftovers(tdir, store, log) == []
    store.close()
