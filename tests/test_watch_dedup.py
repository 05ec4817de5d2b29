"""The digest index that survives restarts, and what the archive writes with it: revisits for
responses seen before, and no second copy of an unchanged screenshot."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archiver.archive import Archive
from archiver.capturelog import CaptureLog
from archiver.dedup import MemoryDigestIndex, SqliteDigestIndex
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
