"""The progress display: plain lines off a terminal, a live table on one."""

from __future__ import annotations

import io

from archiver.watch.progress import LiveProgress, PlainProgress, describe, size_text
from archiver.watch.result import PassResult
from archiver.watch.stoprules import StopRules
from archiver.watch.targets import Target

T = 1_795_000_000.0     # 2026-11-18T11:06:40Z
TARGET = Target("helsinki", "http://127.0.0.1:8000/live/", 300.0, stop=StopRules(idle_passes=6))


def ok_result() -> PassResult:
    return PassResult("helsinki", "ok", "20261126T100000Z", entries=24, new=3, edited=1,
                      deleted=1, unchanged=19, warc_bytes=1_630_000, seconds=11.26)


def test_describe() -> None:
    assert describe(ok_result()) == ("ok: 24 entries (3 new, 1 edited, 1 deleted, 19 unchanged)"
                                     ", 1.6 MB WARC, 11.3s")
    failed = PassResult("helsinki", "failed", error="connection refused")
    assert describe(failed) == "FAILED: connection refused"
    assert describe(PassResult("h", "busy", error="another pass holds x")).startswith("busy")
    assert size_text(999) == "999 B" and size_text(95_000) == "95.0 kB"


def test_plain_lines() -> None:
    out = io.StringIO()
    now = [T]
    progress = PlainProgress(out, clock=lambda: now[0])
    progress.scheduled(TARGET, T)
    progress.pass_started(TARGET, "20261126T100000Z")
    now[0] += 12
    progress.pass_finished(TARGET, ok_result(), T + 300)
    progress.target_stopped(TARGET, "idle", "6 passes in a row without change")
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("helsinki: watching http://127.0.0.1:8000/live/ every 5m (stops "
                             "on close, after 6 passes without change)")
    assert lines[1].endswith("helsinki: pass 20261126T100000Z capturing")
    assert "pass 20261126T100000Z ok: 24 entries" in lines[2]
    assert lines[2].endswith("; next pass 11:11:40Z (in 4m48s)")
    assert lines[3].endswith("helsinki: stopped: 6 passes in a row without change")
    assert "\x1b" not in out.getvalue()


def test_live_table_on_a_terminal() -> None:
    out = io.StringIO()
    now = [T]
    progress = LiveProgress(out, clock=lambda: now[0])
    try:
        progress.scheduled(TARGET, T)
        progress.pass_started(TARGET, "20261126T100000Z")
        now[0] += 75
        table = progress.table()
        assert table[0].split()[:3] == ["target", "now", "next"]
        assert "capturing (1m15s)" in table[1]
        progress.pass_finished(TARGET, ok_result(), now[0] + 225)
        table = progress.table()
        assert "waiting" in table[1] and "(3m45s)" in table[1] and "ok: 24 entries" in table[1]
    finally:
        progress.close()
    text = out.getvalue()
    assert "\x1b[" in text                       # the table is redrawn in place
    assert "helsinki: pass 20261126T100000Z capturing\n" in text   # events stay above it
