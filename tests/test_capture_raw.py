"""``--no-render``: Scrapy's downloader records the bytes as the server sent them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from capturing import capture
from judges.checklist import check_warcs, format_findings
from judges.findings import Policy
from judges.warcio_cli import warcio_check, warcio_extract, warcio_index
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.slow


def _rows(warcs: list[Path]) -> list[dict[str, str]]:
    fields = ("offset,warc-type,warc-target-uri,http:status,http:content-encoding,"
              "http:content-length,warc-payload-digest,archiver-note")
    return [dict(r) for r in warcio_index(warcs, fields)]


def _stored_payload(path: Path, url: str) -> bytes:
    """The payload bytes exactly as stored (warcio's raw stream, no decoding)."""
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI") == url:
                return bytes(rec.raw_stream.read())
    raise AssertionError(f"no response for {url}")


def test_raw_capture_keeps_compression_and_removes_chunking(sample_server: object,
                                                            tmp_path: Path) -> None:
    base = sample_server.base_url  # type: ignore[attr-defined]
    css, js = f"{base}/assets/css/liveblog.css", f"{base}/assets/js/liveblog.js"
    run = capture([css, js], tmp_path / "run", "--no-render")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.summary["mode"] == "raw"
    rows = {r["warc-target-uri"]: r for r in _rows(run.warcs) if r["warc-type"] == "response"}
    gz = rows[css]
    assert gz["http:content-encoding"] == "gzip"
    stored = _stored_payload(run.warcs[0], css)
    assert stored[:2] == b"\x1f\x8b" and b"{" in gzip.decompress(stored)
    assert int(gz["http:content-length"]) == len(stored)
    chunked = rows[js]
    assert "chunked or close-delimited" in chunked["archiver-note"]
    body = _stored_payload(run.warcs[0], js)
    assert int(chunked["http:content-length"]) == len(body)
    assert b"\r\n0\r\n" not in body  # no chunk framing stored
    # Scrapy reports no reason phrase: the stored status line has the standard one
    with run.warcs[0].open("rb") as fh:
        status_lines = {f"{rec.http_headers.protocol} {rec.http_headers.statusline}"
                        for rec in ArchiveIterator(fh) if rec.rec_type == "response"}
    assert status_lines == {"HTTP/1.1 200 OK"}
    assert warcio_check(run.warcs).returncode == 0
    # raw mode keeps content codings (checked above, item 20) and runs no browser
    raw_policy = Policy(decoded_bodies=False, software_mentions=("warcio", "scrapy"))
    findings = check_warcs(run.warcs, policy=raw_policy)
    assert not findings, format_findings(findings)
    info = warcio_extract(run.warcs[0], 0).decode("utf-8", "replace")
    assert "archiver-capture-mode: raw" in info
    # stylesheets and scripts are archived, not mined for entries
    assert not [r for r in _rows(run.warcs)
                if r.get("warc-target-uri", "").startswith("urn:entries:")]


def test_raw_capture_follows_links_when_asked(sample_server: object, tmp_path: Path) -> None:
    """Without a browser the consent wall is all there is; --follow takes its links along."""
    url = sample_server.liveblog_url  # type: ignore[attr-defined]
    run = capture([url], tmp_path / "run", "--no-render", "--follow")
    assert run.returncode == 0, run.stderr[-2000:]
    uris = [r["warc-target-uri"] for r in _rows(run.warcs) if r["warc-type"] == "response"]
    assert url in uris and any("/privacy-gate/consent" in u for u in uris)
    assert len(set(uris)) >= 3
    assert all(u.startswith("http://127.0.0.1") for u in uris)


def test_robots_policy(sample_server: object, tmp_path: Path) -> None:
    """Off by default (one page as evidence); --obey-robots fetches and obeys robots.txt."""
    base = sample_server.base_url  # type: ignore[attr-defined]
    blocked = f"{base}/zoeken"
    default = capture([blocked], tmp_path / "a", "--no-render")
    assert [r for r in _rows(default.warcs) if r["warc-type"] == "response"
            and r["warc-target-uri"] == blocked]
    obeying = capture([blocked], tmp_path / "b", "--no-render", "--obey-robots")
    uris = [r["warc-target-uri"] for r in _rows(obeying.warcs) if r["warc-type"] == "response"]
    assert f"{base}/robots.txt" in uris and blocked not in uris
    assert obeying.returncode == 3
    summary = json.loads(obeying.stdout)
    assert "robots" in (summary["pages"][0]["error"] or "").lower()


def test_a_url_given_twice_is_one_page(sample_server: object, tmp_path: Path) -> None:
    css = f"{sample_server.base_url}/assets/css/liveblog.css"  # type: ignore[attr-defined]
    run = capture([css, css], tmp_path / "run", "--no-render")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.summary["counts"]["pages"] == 1
    progress = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert progress and all(line.startswith("[1/1] ") for line in progress), progress
