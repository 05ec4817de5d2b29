"""Capturing the bundled sample with the real spider and Chromium: everything the browser
loaded is recorded, the records are evidence-grade, and pywb replays the page offline."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capturing import CaptureRun, archiver_cmd, capture
from judges.checklist import check_warcs, format_findings
from judges.pywb import Pywb
from judges.replay import replay_in_chromium
from judges.tamper import flip_body_byte
from judges.warcio_cli import warcio_check, warcio_index
from playwright.sync_api import Page as SyncPage
from seed import parse_seed
from warcio.archiveiterator import ArchiveIterator

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_capture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CaptureRun,
                                                                               list[Any]]]:
    from archiver.sample.server import SampleServer

    run_dir = tmp_path_factory.mktemp("capture") / "run"
    with SampleServer(port=0) as server:
        run = capture([server.liveblog_url], run_dir)
        log = server.access_log
    assert run.returncode == 0, run.stderr[-3000:]
    yield run, log


def index(run: CaptureRun, fields: str) -> list[dict[str, str]]:
    return [dict(r) for r in warcio_index(run.warcs, fields)]


def test_summary_and_files(sample_capture: tuple[CaptureRun, list[Any]]) -> None:
    run, _log = sample_capture
    summary = json.loads(run.stdout)
    assert summary["counts"]["pages"] == 1 and summary["counts"]["pages_failed"] == 0
    assert summary["counts"]["entries"] == 24
    assert summary["counts"]["embeds_rendered"] == 8
    assert summary["counts"]["embeds_failed"] == 0
    assert run.warcs and all(f["sha256"] for f in summary["warc_files"])
    assert summary["entries_file"]["bytes"] > 0
    # the browser that rendered, as its executable reports it, in the summary and warcinfo
    from archiver.browser import browser_version, find_chromium

    choice = find_chromium()
    assert choice is not None
    assert summary["browser"] and summary["browser"] == browser_version(choice.path)
    with run.warcs[0].open("rb") as fh:
        info = next(iter(ArchiveIterator(fh))).content_stream().read().decode("utf-8")
    assert f"archiver-browser: {summary['browser']}\r\n" in info


def test_every_url_the_browser_loaded_is_recorded(sample_capture: tuple[CaptureRun,
                                                                        list[Any]]) -> None:
    """Compared with the server's own access log: nothing fetched is missing."""
    run, log = sample_capture
    recorded = set()
    for path in run.warcs:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "request":
                    recorded.add((rec.http_headers.protocol,
                                  rec.rec_headers.get_header("WARC-Target-URI")))
    fetched = {(e.method, e.url) for e in log}
    missing = fetched - recorded
    assert not missing, f"fetched by the browser but not recorded: {sorted(missing)}"
    responses = {r["warc-target-uri"] for r in index(run, "warc-type,warc-target-uri")
                 if r["warc-type"] in ("response", "revisit")}
    assert {url for _m, url in fetched} <= responses
    paths = {e.path for e in log}
    # the parts a capture without rendering and behaviours would miss
    assert any(p.startswith("/privacy-gate/accept") for p in paths)
    assert any("/moments" in p for p in paths), "Toon meer request"
    assert sum(1 for e in log if e.host.startswith("localhost") and "/embed/tweet/" in e.path
               and e.path.endswith(".json")) == 8
    assert sum(1 for e in log if e.host.startswith("localhost")
               and e.path.startswith("/embed/tweet.html")) == 8
    images = {e.url for e in log if e.path.startswith("/images/")}
    dom_images = set(_dom_image_urls(run))
    assert len(dom_images) >= 11
    assert dom_images <= images, "every image of the final page, the lazy ones too, was fetched"


def _dom_image_urls(run: CaptureRun) -> list[str]:
    import lxml.html

    from archiver.warc.reader import iter_records

    [dom] = [r for p in run.warcs for r in iter_records(p, types=frozenset({"resource"}))
             if r.target_uri.startswith("urn:dom:http://127.0.0.1")]
    tree = lxml.html.fromstring(dom.payload or b"")
    tree.make_links_absolute(dom.target_uri.removeprefix("urn:dom:"))
    return [img.get("src") for img in tree.iter("img") if img.get("src")]


def test_post_body_in_request_record(sample_capture: tuple[CaptureRun, list[Any]]) -> None:
    run, _log = sample_capture
    raw = b"".join(gzip.decompress(p.read_bytes()) for p in run.warcs)
    match = re.search(rb"POST /privacy-gate/accept HTTP/1.1\r\n(.*?)\r\n\r\n(.{0,300})", raw,
                      re.S)
    assert match, "the consent POST request record"
    assert b"callbackUrl" in match.group(2)


def test_warcio_check_passes_and_tampering_fails(sample_capture: tuple[CaptureRun, list[Any]],
                                                tmp_path: Path) -> None:
    run, _log = sample_capture
    result = warcio_check(run.warcs)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "no digest to check" not in result.stdout
    tampered = tmp_path / run.warcs[0].name
    flip_body_byte(run.warcs[0], tampered)
    bad = warcio_check([tampered])
    assert bad.returncode == 1 and "digest failed" in bad.stdout


def test_evidence_checklist(sample_capture: tuple[CaptureRun, list[Any]]) -> None:
    run, _log = sample_capture
    truncated = [json.loads(line)["url"] for line in
                 (run.run_dir / "capture-log.jsonl").read_text().splitlines()
                 if json.loads(line)["event"] == "truncated"]
    findings = check_warcs(run.warcs, capture_log_truncated=truncated)
    assert not findings, format_findings(findings)


def test_decoded_bodies_carry_no_encoding_headers(sample_capture: tuple[CaptureRun,
                                                                        list[Any]]) -> None:
    run, _log = sample_capture
    rows = index(run, "warc-type,warc-target-uri,http:content-encoding,http:transfer-encoding,"
                      "http:x-orig-content-encoding,http:x-orig-transfer-encoding")
    responses = [r for r in rows if r["warc-type"] == "response"]
    assert not [r for r in responses if r.get("http:content-encoding")
                or r.get("http:transfer-encoding")]
    assert any(r.get("http:x-orig-content-encoding") == "gzip" for r in responses)
    assert any(r.get("http:x-orig-transfer-encoding") == "chunked" for r in responses)


def test_page_records(sample_capture: tuple[CaptureRun, list[Any]]) -> None:
    run, _log = sample_capture
    rows = index(run, "warc-type,warc-target-uri,content-type,warc-refers-to,warc-record-id")
    rows = [r for r in rows if "warc-target-uri" in r]
    by_uri = {r["warc-target-uri"]: r for r in rows}
    page = json.loads(run.stdout)["pages"][0]["final_url"]
    main = [r for r in rows if r["warc-type"] == "response" and r["warc-target-uri"] == page]
    main_id = main[-1]["warc-record-id"]
    for kind, rtype, ctype in (("dom", "resource", "text/html; charset=utf-8"),
                               ("screenshot", "resource", "image/png"),
                               ("pageinfo", "metadata", "application/warc-fields"),
                               ("entries", "resource", "application/x-ndjson")):
        rec = by_uri[f"urn:{kind}:{page}"]
        assert (rec["warc-type"], rec["content-type"]) == (rtype, ctype)
        assert rec["warc-refers-to"] == main_id
    frames = [r for r in rows if r["warc-target-uri"].startswith("urn:dom:http://localhost")]
    assert len(frames) == 8


def test_pageinfo_lists_resources_and_behaviours(sample_capture: tuple[CaptureRun,
                                                                       list[Any]]) -> None:
    from archiver.rederive import parse_pageinfo
    from archiver.warc.reader import iter_records

    run, log = sample_capture
    [info] = [r for p in run.warcs for r in iter_records(p, types=frozenset({"metadata"}))]
    parsed = parse_pageinfo(info.payload or b"")
    # 127.0.0.1 is no profile's domain: the profile was detected in the page, behind the wall
    assert parsed["page"]["profile"] == "dpg-media"
    names = {b["name"]: b for b in parsed["behaviour"]}
    assert names["consent"]["status"] == "done"
    assert names["load-more"]["clicks"] == 1
    assert names["embeds"]["rendered"] == 8
    assert names["scroll"]["status"] == "done"
    urls = {r["url"] for r in parsed["resource"]}
    assert {e.url for e in log} <= urls
    assert all(r.get("payload_digest", "").startswith("sha256:") for r in parsed["resource"]
               if r.get("record_id"))


def test_extract_reproduces_entries_byte_for_byte(sample_capture: tuple[CaptureRun, list[Any]],
                                                  tmp_path: Path) -> None:
    run, _log = sample_capture
    out = tmp_path / "again.jsonl"
    result = subprocess.run(archiver_cmd("extract", *map(str, run.warcs), "-o", str(out)),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (run.run_dir / "entries.jsonl").read_bytes()


def test_entries_follow_the_seed(sample_capture: tuple[CaptureRun, list[Any]],
                                 seed_text: str) -> None:
    run, _log = sample_capture
    entries = [json.loads(line) for line in
               (run.run_dir / "entries.jsonl").read_text(encoding="utf-8").splitlines()]
    seed = parse_seed(seed_text)
    assert [e["title"] for e in entries] == [s.title for s in seed]
    # body_text turns non-breaking spaces into plain ones (documented in docs/entries.md)
    assert [e["body_text"] for e in entries] == [s.body_text.replace("\xa0", " ")
                                                 for s in seed]
    for entry in entries:
        assert entry["published_at"].startswith("2018-07-16T")
        assert entry["published_at"].endswith("+02:00")
    # every image with the seed's caption and credit (as the page wrote it, and normalised)
    for entry, expected in zip(entries, seed, strict=True):
        got = [(i["caption"], i["credit_raw"]) for i in entry["images"]]
        assert got == [(i.caption, i.credit) for i in expected.images], entry["title"]
    by_pos = {e["position"]: e for e in entries}
    assert by_pos[12]["images"][0]["credit"] == "AP"
    assert by_pos[12]["images"][0]["caption"] == ("De presidenten Ford en Breznjev in 1975, bij "
                                                  "het sluiten van de Helsinki akkoorden.")
    assert (by_pos[18]["images"][0]["caption"], by_pos[18]["images"][0]["credit"]) == \
        (None, "Tom Vennink")
    assert by_pos[7]["body_text"] == "" and by_pos[7]["images"][0]["caption"]
    assert {i["credit"] for e in entries for i in e["images"]} <= {
        "Reuters", "AP", "AFP", "EPA", "Getty Images", "Tom Vennink"}
    # every line validates against the published schema
    import jsonschema

    from archiver.schema import load_schema

    validator = jsonschema.Draft202012Validator(load_schema())
    for entry in entries:
        validator.validate(entry)
    tweets = [[e for e in entry["embeds"] if e["type"] == "twitter"] for entry in entries]
    assert [len(t) for t in tweets] == [3 if i == 0 else 1 if i + 1 in (14, 15, 16, 22, 23)
                                        else 0 for i in range(24)]
    assert all(t["status"] == "rendered" and t["text"] for ts in tweets for t in ts)


def _read_like_a_reader(page: SyncPage) -> None:
    """In the replayed page (pywb puts it in a frame): click "Toon meer", then scroll through
    so the lazy embeds render from the archive."""
    for frame in page.frames:
        button = frame.query_selector("button.live-blog__load-more")
        if button is not None and button.is_visible():
            button.click()
            frame.wait_for_selector("li.live-blog__moment-list__item >> nth=23", timeout=15000)
        frame.evaluate("() => window.scrollTo(0, 0)")
        for _ in range(80):
            done = frame.evaluate("""() => { window.scrollBy(0, 600);
                return window.scrollY + window.innerHeight >= document.body.scrollHeight - 2; }""")
            page.wait_for_timeout(150)
            if done:
                break


@pytest.mark.judge
def test_pywb_replays_the_page_offline(sample_capture: tuple[CaptureRun, list[Any]]) -> None:
    """The sample server is stopped: everything comes from the WARC through pywb."""
    run, _log = sample_capture
    summary = json.loads(run.stdout)
    page = summary["pages"][0]["final_url"]
    entries = [json.loads(line) for line in
               (run.run_dir / "entries.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = index(run, "warc-type,warc-target-uri,warc-date")
    date = [r["warc-date"] for r in rows if r["warc-type"] == "response"
            and r["warc-target-uri"] == page][-1]
    ts = re.sub(r"\D", "", date)[:14]
    with Pywb(run.warcs) as pywb:
        result = replay_in_chromium(pywb.replay_url(page, ts), interact=_read_like_a_reader)
        errors = pywb.errors_for_collection()
    text = result.all_text
    missing_titles = [e["title"] for e in entries if e["title"] not in text]
    assert not missing_titles
    tweet_texts = [t["text"] for e in entries for t in e["embeds"] if t["type"] == "twitter"]
    assert len(tweet_texts) == 8
    assert [t for t in tweet_texts if t[:60] not in text] == []
    recorded = {r["warc-target-uri"] for r in rows if r["warc-type"] == "response"}
    bad = [line for line in errors if any(u in line for u in recorded)]
    assert not bad, bad


def test_cli_runs_as_a_program_with_progress_lines(sample_capture: tuple[CaptureRun,
                                                                         list[Any]]) -> None:
    run, _log = sample_capture
    assert re.search(r"\[1/1\] capturing http://127\.0\.0\.1:\d+/", run.stderr)
    assert "24 entries, 8 embeds rendered" in run.stderr


def test_no_extract_archives_the_page_only(sample_server: object, tmp_path: Path) -> None:
    """``--no-extract`` with the browser: the page is archived, no entry is derived."""
    run = capture([sample_server.liveblog_url], tmp_path / "run",  # type: ignore[attr-defined]
                  "--no-extract")
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.summary["counts"]["pages"] == 1 and run.summary["counts"]["entries"] == 0
    assert (run.run_dir / "entries.jsonl").read_bytes() == b""
    uris = [r.get("warc-target-uri", "") for r in index(run, "warc-target-uri")]
    assert any(u.startswith("urn:dom:") for u in uris)
    assert not [u for u in uris if u.startswith("urn:entries:")]
