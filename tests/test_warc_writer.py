"""WARC writing: records read back equal what was written; files, rotation, rollback."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.exchange import HttpExchange
from archiver.warc import digests
from archiver.warc.builders import (
    DigestRef,
    build_metadata,
    build_request,
    build_resource,
    build_response,
    build_revisit,
)
from archiver.warc.files import WarcFiles
from archiver.warc.records import BodySource

NAME_RE = re.compile(r"^[A-Za-z0-9-]+-\d{14}-\d{5}-[A-Za-z0-9.-]+\.warc\.gz$")
T0 = datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=UTC)


def ids() -> object:
    counter = itertools.count()
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"


def exchange(body: bytes = b"<html>hello</html>", **kw: object) -> HttpExchange:
    values: dict[str, object] = dict(
        url="http://127.0.0.1:8000/page?x=1", method="GET",
        request_headers=[("Accept", "*/*"), ("Cookie", "a=1")],
        status=200, reason="OK",
        response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                          ("Transfer-Encoding", "chunked"), ("Set-Cookie", "a=1"),
                          ("Set-Cookie", "b=2")],
        started_at=T0, body=BodySource(body), ip_address="127.0.0.1")
    values.update(kw)
    return HttpExchange(**values)  # type: ignore[arg-type]


def files_in(tmp_path: Path, **kw: object) -> WarcFiles:
    return WarcFiles(tmp_path, lambda: [("software", "test"), ("format", "WARC File Format 1.1")],
                     prefix="test", hostname="host.example", clock=lambda: T0,
                     new_id=ids(), **kw)  # type: ignore[arg-type]


def read_back(path: Path) -> list[tuple[str, dict[str, str], bytes, bytes]]:
    out = []
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            headers = dict(rec.rec_headers.headers)
            http = rec.http_headers.to_bytes() if rec.http_headers else b""
            out.append((rec.rec_type, headers, http, rec.raw_stream.read()))
    return out


def test_round_trip_request_response(tmp_path: Path) -> None:
    wf = files_in(tmp_path)
    ex = exchange()
    resp = build_response(ex, wf.new_id)
    req = build_request(ex, resp, wf.new_id)
    written = wf.write([req, resp])
    wf.close()
    [path] = wf.closed_files
    assert NAME_RE.match(path.name)
    records = read_back(path)
    assert [r[0] for r in records] == ["warcinfo", "request", "response"]
    _, info, _, info_body = records[0]
    assert info["WARC-Filename"] == path.name
    assert b"format: WARC File Format 1.1" in info_body
    _, req_h, req_http, _ = records[1]
    _, resp_h, resp_http, resp_body = records[2]
    assert resp_body == b"<html>hello</html>"
    assert req_h["WARC-Concurrent-To"] == resp_h["WARC-Record-ID"] == written[1].record_id
    assert req_h["WARC-Date"] == resp_h["WARC-Date"] == "2026-11-26T12:00:00.123456Z"
    assert resp_h["WARC-Payload-Digest"] == digests.of_bytes(b"<html>hello</html>")
    assert resp_h["WARC-Block-Digest"] == digests.of_bytes(resp_http + resp_body)
    assert resp_h["WARC-IP-Address"] == "127.0.0.1"
    # a decoded body never sits under the encoding headers that no longer describe it
    assert b"\r\nContent-Encoding" not in resp_http
    assert b"X-Orig-Content-Encoding: gzip" in resp_http
    assert b"X-Orig-Transfer-Encoding: chunked" in resp_http
    assert b"Content-Length: 18\r\n" in resp_http
    assert resp_http.count(b"Set-Cookie") == 2
    assert req_http.startswith(b"GET /page?x=1 HTTP/1.1\r\n")
    assert b"Host: 127.0.0.1:8000" in req_http


def test_raw_mode_keeps_content_encoding(tmp_path: Path) -> None:
    import gzip

    body = gzip.compress(b"hello")
    ex = exchange(body=body, body_decoded=False, body_origin="network")
    wf = files_in(tmp_path)
    resp = build_response(ex, wf.new_id)
    wf.write([build_request(ex, resp, wf.new_id), resp])
    wf.close()
    _, headers, http, payload = read_back(wf.closed_files[0])[2]
    assert b"Content-Encoding: gzip" in http
    assert b"X-Orig-Transfer-Encoding: chunked" in http
    assert payload[:2] == b"\x1f\x8b"
    assert headers["Archiver-Body-Origin"] == "network"


def test_warcio_check_passes_and_every_record_is_11(tmp_path: Path) -> None:
    wf = files_in(tmp_path)
    ex = exchange()
    resp = build_response(ex, wf.new_id)
    shot = build_resource("urn:screenshot:http://x/", "image/png", BodySource(b"\x89PNG" * 100),
                          T0, resp.record_id, new_id=wf.new_id)
    meta = build_metadata("urn:pageinfo:http://x/", [("page", '{"a": 1}')], T0,
                          resp.record_id, new_id=wf.new_id)
    revisit = build_revisit(ex, resp.payload_digest or digests.of_bytes(b"<html>hello</html>"),
                            DigestRef(resp.record_id, ex.url, resp.date,
                                      digests.of_bytes(b"<html>hello</html>")), wf.new_id)
    wf.write([build_request(ex, resp, wf.new_id), resp, shot, meta, revisit])
    wf.close()
    path = wf.closed_files[0]
    out = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("digest pass") == 5  # revisits are skipped by warcio check
    import gzip

    raw = gzip.decompress(path.read_bytes())
    assert raw.count(b"WARC/1.1\r\n") == 6 and b"WARC/1.0" not in raw
    records = read_back(path)
    rev = records[-1][1]
    assert rev["WARC-Profile"].endswith("/warc/1.1/revisit/identical-payload-digest")
    assert rev["WARC-Refers-To"] == resp.record_id
    assert rev["WARC-Truncated"] == "length"
    assert "WARC-Payload-Digest" not in records[4][1]  # metadata
    assert records[3][1]["Content-Type"] == "image/png"


def test_rotation_keeps_groups_whole_and_warcinfo_first(tmp_path: Path) -> None:
    wf = files_in(tmp_path, max_size=3000)
    for n in range(6):
        ex = exchange(body=bytes(range(256)) * 8, url=f"http://127.0.0.1:8000/{n}")
        resp = build_response(ex, wf.new_id)
        wf.write([build_request(ex, resp, wf.new_id), resp])
    wf.close()
    assert len(wf.closed_files) > 1
    serials = [p.name.split("-")[2] for p in wf.closed_files]
    assert serials == sorted(serials) and len(set(serials)) == len(serials)
    for path in wf.closed_files:
        types = [r[0] for r in read_back(path)]
        assert types[0] == "warcinfo"
        assert types[1:] == ["request", "response"] * ((len(types) - 1) // 2)
    assert not list(tmp_path.glob("*.open"))


def test_open_suffix_while_writing(tmp_path: Path) -> None:
    wf = files_in(tmp_path)
    ex = exchange()
    resp = build_response(ex, wf.new_id)
    wf.write([build_request(ex, resp, wf.new_id), resp])
    [open_file] = tmp_path.glob("*.warc.gz.open")
    assert not list(tmp_path.glob("*.warc.gz"))
    wf.close()
    assert not open_file.exists() and wf.closed_files[0].exists()


def test_streamed_body_from_file_object(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB
    src = io.BytesIO(b"skip" + data)
    src.seek(4)
    wf = files_in(tmp_path)
    rec = build_resource("urn:x", "application/octet-stream", BodySource(src), T0,
                         new_id=wf.new_id)
    wf.write([rec])
    wf.close()
    _, headers, _, payload = read_back(wf.closed_files[0])[1]
    assert payload == data
    assert headers["WARC-Payload-Digest"] == digests.of_bytes(data)


def test_write_failure_rolls_back_to_last_complete_record(tmp_path: Path) -> None:
    """A real write error (the process file-size limit, like a full disk): the file keeps its
    complete records, is closed under its final name, and passes warcio check."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from datetime import datetime, UTC
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_warc_writer import files_in, exchange
        from archiver.warc.builders import build_request, build_response
        from archiver.warc.files import WarcWriteError
        from archiver.warc.records import BodySource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000))
        wf = files_in(Path({str(tmp_path)!r}))
        ok = 0
        try:
            for n in range(100):
                body = bytes((n * 7 + i) % 251 for i in range(20000))
                ex = exchange(body=body, url=f"http://127.0.0.1:8000/{{n}}")
                resp = build_response(ex, wf.new_id)
                wf.write([build_request(ex, resp, wf.new_id), resp])
                ok += 1
        except WarcWriteError as exc:
            print("ERROR", exc)
        print("OK", ok)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=False, cwd=Path(__file__).parent.parent)
    assert "ERROR" in out.stdout, out.stdout + out.stderr
    ok = int(out.stdout.split("OK")[-1])
    assert 0 < ok < 100
    [path] = list(tmp_path.glob("*.warc.gz"))
    assert not list(tmp_path.glob("*.open"))
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert [r[0] for r in read_back(path)].count("response") == ok


def test_header_values_cannot_inject_lines() -> None:
    from archiver.warc.serializer import header_block

    rec = build_resource("urn:x\r\nWARC-Type: evil", "text/plain", BodySource(b"x"), T0)
    with pytest.raises(ValueError, match="line break"):
        header_block(rec)


def test_page_info_values_keep_unicode_line_separators(tmp_path: Path) -> None:
    """A title with U+2028 (common in text pasted from scripts) stays one warc-fields line,
    is read back whole, and the page is still re-derived from the WARC alone."""
    from archiver.archive import Archive, pageinfo_fields
    from archiver.capturelog import CaptureLog
    from archiver.rederive import parse_pageinfo, snapshots
    from archiver.warc.reader import iter_records

    title = "Live\u2028updates\u2029here\x85now"
    archive = Archive(files_in(tmp_path), CaptureLog(None))
    fields = pageinfo_fields({"url": "http://127.0.0.1/live", "title": title}, [], [], [])
    page = archive.write_page(page_url="http://127.0.0.1/live", refers_to=None, date=T0,
                              dom=b"<html><title>x</title></html>", frames=[],
                              screenshot=None, pageinfo=fields)
    archive.write_entries(page_url="http://127.0.0.1/live", refers_to=page.dom_record_id,
                          date=T0, lines=[], extractor_version="test")
    archive.close()
    [path] = archive.files.closed_files
    [info] = [r for r in iter_records(path) if r.target_uri.startswith("urn:pageinfo:")]
    parsed = parse_pageinfo(info.payload or b"")
    assert parsed["page"]["title"] == title
    assert parsed["snapshot"]["dom"] == page.dom_record_id
    [snap] = list(snapshots([path]))
    assert snap.source.record_id == page.dom_record_id


def test_warc_fields_values_stay_on_one_line() -> None:
    from archiver.warc.builders import warc_fields

    body = warc_fields([("operator", "Jane\rDoe"), ("description", "two\r\nlines"),
                        ("isPartOf", "a  b")])
    assert body == b"operator: Jane Doe\r\ndescription: two lines\r\nisPartOf: a  b\r\n"


def test_notes_from_error_messages_are_one_header_line(tmp_path: Path) -> None:
    """Error text with a call log on further lines: the record is written, its note folded."""
    from archiver.archive import Archive
    from archiver.capturelog import CaptureLog

    archive = Archive(files_in(tmp_path), CaptureLog(None))
    note = "refetch failed: socket hang up\nCall log:\n  - GET /x\r\n"
    archive.write_exchange(exchange(note=note))
    archive.write_unanswered(exchange(b"", note=note, status=0, response_headers=[]))
    archive.write_unanswered(exchange(b"", status=0, response_headers=[]))
    archive.close()
    [path] = archive.files.closed_files
    notes = [(r[0], r[1].get("Archiver-Note")) for r in read_back(path)]
    folded = "refetch failed: socket hang up Call log: - GET /x"
    assert notes == [("warcinfo", None), ("request", None), ("response", folded),
                     ("request", folded),
                     ("request", "no response before the capture ended")]


def test_only_whole_payloads_become_revisits(tmp_path: Path) -> None:
    """A cut, missing or empty payload is written again each time; a whole one is revisited."""
    from archiver.archive import Archive
    from archiver.capturelog import CaptureLog
    from archiver.dedup import MemoryDigestIndex
    from archiver.exchange import ORIGIN_NONE

    archive = Archive(files_in(tmp_path), CaptureLog(None), MemoryDigestIndex())
    base = "http://127.0.0.1:8000/"
    for _ in range(2):
        archive.write_exchange(exchange(b"cut", url=base + "cut", truncated="length"))
        archive.write_exchange(exchange(b"", url=base + "none", body_origin=ORIGIN_NONE,
                                        truncated="unspecified"))
        archive.write_exchange(exchange(b"", url=base + "empty"))
        archive.write_exchange(exchange(b"whole", url=base + "whole"))
    archive.close()
    assert (archive.stats.responses, archive.stats.revisits) == (7, 1)
    [path] = archive.files.closed_files
    revisits = [h["WARC-Target-URI"] for t, h, _, _ in read_back(path) if t == "revisit"]
    assert revisits == [base + "whole"]


def test_a_raw_page_is_rederived_from_its_response(tmp_path: Path) -> None:
    """Without a browser the page is the server's response, stored compressed: re-derivation
    finds it through the entries record and decodes it; other responses do not matter."""
    import gzip

    from archiver.archive import Archive
    from archiver.capturelog import CaptureLog
    from archiver.rederive import snapshots

    html = b"<html><head><title>Raw</title></head><body><p>live</p></body></html>"
    archive = Archive(files_in(tmp_path, max_size=1), CaptureLog(None))
    archive.write_exchange(exchange(b"\x89PNG" + bytes(3000), url="http://127.0.0.1:8000/a.png",
                                    response_headers=[("Content-Type", "image/png")]))
    page = archive.write_exchange(exchange(
        gzip.compress(html), body_decoded=False,
        response_headers=[("Content-Type", "text/html; charset=utf-8"),
                          ("Content-Encoding", "gzip")]))
    archive.write_entries(page_url="http://127.0.0.1:8000/page?x=1", refers_to=page.record_id,
                          date=T0, lines=[], extractor_version="test")
    archive.close()
    assert len(archive.files.closed_files) == 3   # the page and its entries in two files
    [snap] = list(snapshots(archive.files.closed_files))
    assert snap.html == html and snap.url == "http://127.0.0.1:8000/page?x=1"
    assert snap.content_type == "text/html; charset=utf-8" and snap.captured_at == T0
    assert snap.source is not None and snap.source.record_id == page.record_id
    assert snap.source.warc_file == page.warc_file


def test_http1_message_lines_whatever_protocol_the_browser_spoke() -> None:
    from archiver.warc.httpblock import request_block, status_line

    for spoken, written in (("h2", "HTTP/1.1"), ("h3", "HTTP/1.1"), ("HTTP/1.0", "HTTP/1.0")):
        ex = exchange(http_version=spoken, reason="")
        assert request_block(ex).startswith(f"GET /page?x=1 {written}\r\n".encode())
        assert status_line(ex) == f"{written} 200 OK"
