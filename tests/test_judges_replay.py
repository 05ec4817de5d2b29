"""Headless Chromium replaying through pywb: what a reader sees, and what fails to load."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from judges.pywb import Pywb
from judges.replay import replay_in_chromium
from judges.samples import PAGE, PAGE_TEXT_1, PAGE_TEXT_2, TS1, TS2, evidence_set

pytestmark = [pytest.mark.browser, pytest.mark.judge, pytest.mark.slow]


@pytest.fixture(scope="module")
def good_pywb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pywb]:
    with Pywb(evidence_set().write(tmp_path_factory.mktemp("replay"))) as pywb:
        yield pywb


def test_page_text_reaches_the_reader(good_pywb: Pywb) -> None:
    result = replay_in_chromium(good_pywb.replay_url(PAGE, TS1, "mp_"))
    assert PAGE_TEXT_1 in result.all_text, result
    assert result.bad_responses == [] and result.failed_requests == [], result
    assert result.blocked == []
    assert good_pywb.errors_for_collection() == []


def test_recapture_with_revisited_stylesheet_replays(good_pywb: Pywb) -> None:
    result = replay_in_chromium(good_pywb.replay_url(PAGE, TS2, "mp_"))
    assert PAGE_TEXT_2 in result.all_text
    assert PAGE_TEXT_1 not in result.all_text
    assert result.bad_responses == [], result
    assert good_pywb.errors_for_collection() == []


def test_broken_revisit_shows_as_503(tmp_path: Path) -> None:
    es = evidence_set()
    es.find("css-v2-revisit").drop("WARC-Refers-To-Target-URI")
    with Pywb(es.write(tmp_path)) as pywb:
        result = replay_in_chromium(pywb.replay_url(PAGE, TS2, "mp_"))
        assert PAGE_TEXT_2 in result.all_text  # the text survives, the stylesheet does not
        assert any(status == 503 and "live.css" in url for status, url in result.bad_responses)
        assert any(" 503 " in line and "live.css" in line
                   for line in pywb.errors_for_collection())


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (b"<html><body><p>top text</p><iframe src='/child'></iframe>"
                b"<img src='/missing.png'><img src='http://198.51.100.7/x.png'></body></html>"
                if self.path == "/" else b"<html><body><p>child text</p></body></html>")
        status = 404 if self.path == "/missing.png" else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_frames_errors_and_blocked_requests_are_reported() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = replay_in_chromium(f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
    assert result.status == 200
    assert "top text" in result.main_text and "child text" not in result.main_text
    assert [f.text.strip() for f in result.frames] == ["child text"]
    assert [s for s, u in result.bad_responses if u.endswith("/missing.png")] == [404]
    assert result.blocked == ["http://198.51.100.7/x.png"]
