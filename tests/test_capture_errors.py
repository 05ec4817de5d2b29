"""Bad input for the capture: dead embeds, HTTP errors, refused connections, non-HTML, pages
that poll forever, and a process killed in the middle. Each says what happened and keeps what
was captured."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from capturing import REPO, archiver_cmd, capture
from judges.checklist import check_warcs, format_findings
from judges.warcio_cli import warcio_check, warcio_index
from sites import PDF, REDIRECT_BODY, ErrorSite, closed_port, png

from archiver.rederive import parse_pageinfo
from archiver.warc.reader import iter_records

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAST = {"ARCHIVER_EMBED_TIMEOUT": 3, "ARCHIVER_NETWORK_IDLE_CAP": 3,
        "ARCHIVER_NETWORK_QUIET": 0.3}


def _tweet_ids() -> list[str]:
    from archiver.sample.content import load_tweets

    return list(load_tweets())


def _pageinfo(warcs: list[Path]) -> dict[str, object]:
    [info] = [r for p in warcs for r in iter_records(p, types=frozenset({"metadata"}))]
    return parse_pageinfo(info.payload or b"")


def test_embed_that_never_loads(tmp_path: Path) -> None:
    from archiver.sample.server import SampleServer

    dead = _tweet_ids()[0]
    with SampleServer(port=0, hang_tweets={dead}) as server:
        run = capture([server.liveblog_url], tmp_path / "run", settings=FAST)
    assert run.returncode == 0, run.stderr[-2000:]
    # the browser start plus the page's behaviours, bounded by the embed timeout and the cap
    assert run.seconds < 90
    counts = run.summary["counts"]
    assert (counts["embeds_rendered"], counts["embeds_failed"]) == (7, 1)
    info = _pageinfo(run.warcs)
    embeds = next(b for b in info["behaviour"] if b["name"] == "embeds")  # type: ignore[attr-defined,index]
    failed = [e for e in embeds["embeds"] if e["status"] != "rendered"]
    assert len(failed) == 1 and dead in (failed[0]["url"] or "")
    hanging = [r for r in info["resource"] if r["url"].endswith(f"/embed/tweet/{dead}.json")]  # type: ignore[attr-defined,index]
    assert hanging and "no complete response" in hanging[0]["error"]
    # the request was sent: its record stays, alone, and the evidence set still holds
    rows = warcio_index(run.warcs, "warc-type,warc-target-uri,warc-concurrent-to,archiver-note")
    [lone] = [r for r in rows if r["warc-type"] == "request"
              and r["warc-target-uri"].endswith(f"/embed/tweet/{dead}.json")]
    assert "warc-concurrent-to" not in lone and "no complete response" in lone["archiver-note"]
    findings = check_warcs(run.warcs)
    assert not findings, format_findings(findings)
    entries = [json.loads(line) for line in
               (run.run_dir / "entries.jsonl").read_text().splitlines()]
    assert len(entries) == 24
    statuses = [e["status"] for entry in entries for e in entry["embeds"]]
    assert statuses.count("rendered") == 7 and len(statuses) == 8


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_page(tmp_path: Path, status: int) -> None:
    with ErrorSite() as site:
        url = f"{site.base_url}/status/{status}"
        run = capture([url], tmp_path / "run", settings=FAST)
    assert run.returncode == 3
    assert f"FAILED {url}: the page answered HTTP {status}" in run.stderr
    assert warcio_check(run.warcs).returncode == 0
    rows = warcio_index(run.warcs, "warc-type,warc-target-uri,http:status")
    assert {"warc-type": "response", "warc-target-uri": url, "http:status": str(status)} in rows


def test_refused_connection(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    run = capture([url], tmp_path / "run", settings=FAST)
    assert run.returncode == 3
    lines = [line for line in run.stderr.splitlines() if line.startswith("archiver: FAILED")]
    assert len(lines) == 1 and "ERR_CONNECTION_REFUSED" in lines[0]
    assert warcio_check(run.warcs).returncode == 0
    info = _pageinfo(run.warcs)
    assert "ERR_CONNECTION_REFUSED" in info["page"]["error"]  # type: ignore[index]


@pytest.mark.parametrize(("path", "body", "mime"), [("/image.png", png(), "image/png"),
                                                    ("/doc.pdf", PDF, "application/pdf")])
def test_non_html_is_archived_as_is(tmp_path: Path, path: str, body: bytes, mime: str) -> None:
    with ErrorSite() as site:
        url = site.base_url + path
        run = capture([url], tmp_path / "run", settings=FAST)
    assert run.returncode == 0, run.stderr[-2000:]
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    rows = warcio_index(run.warcs, "warc-type,warc-target-uri,warc-payload-digest")
    assert {"warc-type": "response", "warc-target-uri": url,
            "warc-payload-digest": digest} in rows
    assert run.summary["counts"]["entries"] == 0


def test_page_that_polls_forever_still_ends(tmp_path: Path) -> None:
    # a quiet window longer than the poll interval: the network never goes quiet, the cap ends it
    settings = {**FAST, "ARCHIVER_NETWORK_QUIET": 1.5, "ARCHIVER_NETWORK_IDLE_CAP": 4}
    with ErrorSite() as site:
        run = capture([site.base_url + "/poll"], tmp_path / "run", settings=settings)
        ticks = [h for h in site.hits if h.startswith("/tick")]
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.seconds < 90
    assert len(ticks) >= 2
    info = _pageinfo(run.warcs)
    quiet = next(b for b in info["behaviour"] if b["name"] == "network-quiet")  # type: ignore[attr-defined,index]
    assert quiet["status"] == "timeout" and quiet["cap_seconds"] == 4
    recorded = [r for r in info["resource"] if "/tick" in r["url"]]  # type: ignore[attr-defined,index]
    assert len(recorded) >= 2


def _start_slow_capture(tmp_path: Path, server_url: str) -> tuple[subprocess.Popen[str], Path]:
    run_dir = tmp_path / "run"
    cmd = archiver_cmd("capture", server_url, "-o", str(run_dir),
                       "-s", "ARCHIVER_EMBED_TIMEOUT=60", "-s", "ARCHIVER_NETWORK_IDLE_CAP=60")
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 90
    warc_dir = run_dir / "warc"
    while time.monotonic() < deadline:
        opened = list(warc_dir.glob("*.open")) if warc_dir.exists() else []
        if opened and opened[0].stat().st_size > 50_000:
            return proc, opened[0]
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("the capture never got going")


def test_sigkill_leaves_a_recoverable_file(tmp_path: Path) -> None:
    from archiver.sample.server import SampleServer

    with SampleServer(port=0, hang_tweets=set(_tweet_ids())) as server:
        proc, open_file = _start_slow_capture(tmp_path, server.liveblog_url)
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    closed = sorted(open_file.parent.glob("*.warc.gz"))
    if closed:
        assert warcio_check(closed).returncode == 0
    out = subprocess.run(archiver_cmd("recover", str(open_file)), capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "complete records" in out.stdout
    recovered = open_file.with_name(open_file.name.removesuffix(".open"))
    check = warcio_check([recovered])
    assert check.returncode == 0, check.stdout[-2000:]
    types = [r["warc-type"] for r in warcio_index([recovered], "warc-type")]
    assert types[0] == "warcinfo" and types.count("response") >= 3


def test_sigterm_closes_the_file_cleanly(tmp_path: Path) -> None:
    from archiver.sample.server import SampleServer

    with SampleServer(port=0, hang_tweets=set(_tweet_ids())) as server:
        proc, open_file = _start_slow_capture(tmp_path, server.liveblog_url)
        os.kill(proc.pid, signal.SIGTERM)
        _out, err = proc.communicate(timeout=90)
    assert proc.returncode == 130, err[-2000:]
    warc_dir = open_file.parent
    assert not list(warc_dir.glob("*.open"))
    closed = sorted(warc_dir.glob("*.warc.gz"))
    assert closed and warcio_check(closed).returncode == 0


def test_redirect_bodies_are_fetched_again(tmp_path: Path) -> None:
    """The browser gives no body for a redirect: it is fetched again. When that fails,
    Playwright's error has a call log on further lines: the note that says why the body is
    missing is one line in the record, and the exchange is kept."""
    with ErrorSite() as site:
        run = capture([f"{site.base_url}/loads-redirects"], tmp_path / "run", settings=FAST)
        assert site.hits.count("/redirect-once") == 2 and site.hits.count("/redirect?2") == 2
    assert run.returncode == 0, run.stderr[-2000:]
    records = {r.target_uri.rsplit("/", 1)[1]: r for p in run.warcs
               for r in iter_records(p, types=frozenset({"response"}))}
    failed, again = records["redirect-once"], records["redirect?2"]
    assert failed.status == 302 and failed.header("warc-truncated") == "unspecified"
    assert failed.header("archiver-body-origin") == "unavailable" and not failed.payload
    note = failed.header("archiver-note") or ""
    assert "refetch failed: APIRequestContext.fetch: socket hang up" in note
    assert "Call log" not in note
    assert again.status == 302 and again.header("warc-truncated") is None
    assert again.header("archiver-body-origin") == "refetch" and again.payload == REDIRECT_BODY
    assert "fetched again" in (again.header("archiver-note") or "")
    assert warcio_check(run.warcs).returncode == 0


@pytest.mark.parametrize("concurrency", [1, 2])
def test_concurrency_bounds_pages_open_at_once(tmp_path: Path, concurrency: int) -> None:
    """Two sites (each its own browser context): --concurrency says how many pages are
    captured at the same time, from loading to the last record."""
    settings = {**FAST, "ARCHIVER_NETWORK_QUIET": 1.5, "ARCHIVER_NETWORK_IDLE_CAP": 3}
    with ErrorSite() as site:
        port = site.server_address[1]
        urls = [f"http://127.0.0.1:{port}/poll", f"http://localhost:{port}/poll"]
        run = capture(urls, tmp_path / "run", "--concurrency", str(concurrency),
                      settings=settings)
    assert run.returncode == 0, run.stderr[-2000:]
    spans = []
    for path in run.warcs:
        for rec in iter_records(path, types=frozenset({"metadata"})):
            page = parse_pageinfo(rec.payload or b"")["page"]
            spans.append((page["started_at"], page["finished_at"]))
    assert len(spans) == 2
    (_a0, a1), (b0, _b1) = sorted(spans)
    overlap = b0 < a1
    assert overlap is (concurrency == 2)
