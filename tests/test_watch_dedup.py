"""The digest index that survives restarts, and what the archive writes with it: revisits for
responses seen before, and no second copy of an unchanged screenshot."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from capturing import capture

from archiver.archive import Archive
from archiver.capturelog import CaptureLog
from archiver.dedup import (
    DIGESTS_SCHEMA,
    DIGESTS_SCHEMA_VERSION,
    DigestIndexError,
    MemoryDigestIndex,
    SqliteDigestIndex,
)
from archiver.exchange import HttpExchange
from archiver.rederive import parse_pageinfo
from archiver.warc.builders import DigestRef
from archiver.warc.files import WarcFiles
from archiver.warc.reader import iter_records
from archiver.warc.records import BodySource

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
PAGE = "http://127.0.0.1:8000/live/"


def ref(n: int, digest: str, uri: str) -> DigestRef:
    return DigestRef(f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>", uri,
                     f"2026-11-26T10:00:0{n}Z", digest)


def test_sqlite_index_commits_only_when_told(tmp_path: Path) -> None:
    path = tmp_path / "digests.sqlite"
    index = SqliteDigestIndex(path)
    index.add(ref(1, "sha256:aa", "http://x/a.css"))
    assert index.lookup("sha256:aa", "http://x/a.css") == ref(1, "sha256:aa", "http://x/a.css")
    index.close()                                 # a killed pass: nothing was committed
    index = SqliteDigestIndex(path)
    assert index.lookup("sha256:aa", "http://x/a.css") is None
    index.add(ref(1, "sha256:aa", "http://x/a.css"))
    index.add(ref(2, "sha256:aa", "http://x/b.css"))
    index.add(ref(3, "sha256:bb", "urn:screenshot:http://x/"))
    index.commit()
    index.add(ref(1, "sha256:aa", "http://x/a.css"))    # idempotent
    index.commit()
    index.close()
    index = SqliteDigestIndex(path)
    assert len(index) == 3
    # the same URL first; else another URL with the payload
    assert index.lookup("sha256:aa", "http://x/b.css") == ref(2, "sha256:aa", "http://x/b.css")
    assert index.lookup("sha256:aa", "http://x/c.css") == ref(1, "sha256:aa", "http://x/a.css")
    # a screenshot is never the original of a response, nor the other way round
    assert index.lookup("sha256:bb", "http://x/shot.png") is None
    assert index.lookup("sha256:aa", "urn:screenshot:http://x/") is None
    index.close()


def test_memory_index_keeps_kinds_apart() -> None:
    index = MemoryDigestIndex()
    index.add(ref(3, "sha256:bb", "urn:screenshot:http://x/"))
    assert index.lookup("sha256:bb", "http://x/shot.png") is None
    assert index.lookup("sha256:bb", "urn:screenshot:http://y/") is not None


def exchange(url: str, body: bytes, seconds: int) -> HttpExchange:
    return HttpExchange(url, "GET", [("Host", "127.0.0.1:8000")], 200, "OK",
                        [("Content-Type", "text/css"), ("Content-Length", str(len(body)))],
                        T0 + timedelta(seconds=seconds), BodySource(body),
                        ip_address="127.0.0.1")


def one_pass(directory: Path, index_path: Path, seconds: int, shot: bytes
             ) -> tuple[Archive, list[Path]]:
    index = SqliteDigestIndex(index_path)
    files = WarcFiles(directory, lambda: [("software", "test")], prefix="t")
    archive = Archive(files, CaptureLog(directory / "log.jsonl"), index)
    page = archive.write_exchange(exchange(PAGE, b"<html>same</html>", seconds))
    archive.write_exchange(exchange("http://127.0.0.1:8000/a.css", b"a{}" * 100, seconds))
    archive.write_page(page_url=PAGE, refers_to=page.record_id, date=T0 +
                       timedelta(seconds=seconds + 1), dom=b"<html>dom</html>", frames=[],
                       screenshot=shot, pageinfo=[("format", "archiver-pageinfo/1")])
    archive.close()
    index.close()
    return archive, sorted(directory.glob("*.warc.gz"))


def test_revisits_across_restarts_and_unchanged_screenshots(tmp_path: Path) -> None:
    index = tmp_path / "digests.sqlite"
    shot = b"\x89PNG" + random.Random(5).randbytes(100_000)   # PNGs do not compress
    first, warcs1 = one_pass(tmp_path / "p1", index, 0, shot)
    second, warcs2 = one_pass(tmp_path / "p2", index, 60, shot)
    _third, warcs3 = one_pass(tmp_path / "p3", index, 120, shot + b"changed")
    assert (first.stats.responses, first.stats.revisits) == (2, 0)
    assert (second.stats.responses, second.stats.revisits) == (0, 2)
    records1 = list(iter_records(warcs1[0]))
    records2 = list(iter_records(warcs2[0]))
    originals = {r.target_uri: r for r in records1 if r.rec_type == "response"}
    for rev in (r for r in records2 if r.rec_type == "revisit"):
        original = originals[rev.target_uri]
        assert rev.header("warc-refers-to") == original.record_id
        assert rev.header("warc-refers-to-date") == original.header("warc-date")
        assert rev.header("warc-payload-digest") == original.header("warc-payload-digest")
    shot1 = [r for r in records1 if r.target_uri.startswith("urn:screenshot:")]
    assert len(shot1) == 1
    # pass 2: the same screenshot is not written again; the page info names the original
    assert not [r for r in records2 if r.target_uri.startswith("urn:screenshot:")]
    [info] = [r for r in records2 if r.rec_type == "metadata"]
    snap = parse_pageinfo(info.payload or b"")["snapshot"]
    assert snap["screenshot"] is None
    assert snap["screenshot_identical_to"]["record_id"] == shot1[0].record_id
    assert snap["screenshot_identical_to"]["payload_digest"] == \
        shot1[0].header("warc-payload-digest")
    assert [r for r in records2 if r.target_uri.startswith("urn:dom:")]    # DOMs stay
    log = [json.loads(line) for line in (tmp_path / "p2" / "log.jsonl").read_text().splitlines()]
    assert [e["event"] for e in log] == ["screenshot-unchanged"]
    # pass 3: a changed screenshot is written
    records3 = list(iter_records(warcs3[0]))
    assert [r for r in records3 if r.target_uri.startswith("urn:screenshot:")]
    assert sum(p.stat().st_size for p in warcs2) < sum(p.stat().st_size for p in warcs1) / 5


def test_sqlite_index_keeps_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "digests.sqlite"
    SqliteDigestIndex(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == DIGESTS_SCHEMA_VERSION
    # a file made before the version was kept (same table, user_version 0) is adopted
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:
        db.executescript(DIGESTS_SCHEMA)
        db.execute("INSERT INTO digests VALUES ('sha256:aa', 'http://x/a.css', 'http', "
                   "'<urn:uuid:1>', '2026-11-26T10:00:00Z', '2026-11-26T10:00:01Z')")
    index = SqliteDigestIndex(old)
    assert index.lookup("sha256:aa", "http://x/a.css") is not None
    index.close()
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == DIGESTS_SCHEMA_VERSION


def test_sqlite_index_refuses_newer_or_damaged_files_without_touching_them(
        tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as db:
        db.execute("CREATE TABLE digests (x)")
        db.execute(f"PRAGMA user_version = {DIGESTS_SCHEMA_VERSION + 1}")
    before = newer.read_bytes()
    with pytest.raises(DigestIndexError, match="schema version 2, this archiver reads 1"):
        SqliteDigestIndex(newer)
    assert newer.read_bytes() == before
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all, " * 100)
    with pytest.raises(DigestIndexError, match=r"damaged\.sqlite: file is not a database"):
        SqliteDigestIndex(damaged)
    assert damaged.read_bytes() == b"not a database at all, " * 100


def test_a_capture_with_a_damaged_index_keeps_every_payload_and_says_so(
        tmp_path: Path, sample_server: Any) -> None:
    damaged = tmp_path / "digests.sqlite"
    damaged.write_bytes(b"garbage " * 64)
    run = capture([sample_server.liveblog_url], tmp_path / "run", "--no-render",
                  settings={"ARCHIVER_DEDUP_INDEX": damaged})
    assert run.returncode == 0, run.stderr
    summary = json.loads((run.run_dir / "capture.json").read_text())
    assert "file is not a database" in summary["dedup_error"]
    assert summary["counts"]["revisits"] == 0 and summary["counts"]["responses"] >= 1
    events = [json.loads(line) for line in
              (run.run_dir / "capture-log.jsonl").read_text().splitlines()]
    unusable = [e for e in events if e["event"] == "dedup-unavailable"]
    assert len(unusable) == 1 and unusable[0]["level"] == "error"
    assert damaged.read_bytes() == b"garbage " * 64
