"""The capture report in the real Chromium: title, screenshot, hash table; and its PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import copy_run, sample_capture

from archiver.browser import launch_options
from archiver.cli.main import main
from archiver.evidence import custody, sums

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Path:
    run_dir = copy_run(sample_capture(tmp_path_factory, sample_server),
                       tmp_path_factory.mktemp("report") / "run")
    assert main(["report", str(run_dir), "--pdf", "--timezone", "Europe/Amsterdam",
                 "--actor", "Test Clerk"]) == 0
    return run_dir


@pytest.fixture(scope="module")
def page(reported: Path, chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(chromium_path))
        try:
            tab = browser.new_page()
            tab.goto((reported / "report.html").as_uri(), wait_until="load")
            yield tab
        finally:
            browser.close()


def test_title_and_facts(page: Any, reported: Path) -> None:
    assert page.title() == "Capture report: Trump ontmoet Poetin"
    text = page.inner_text("body")
    for needle in ("Operator", "Server IP address", "127.0.0.1",
                   "User-Agent", "8 rendered, 0 failed", "UTC", "CET",
                   "sha256sum -c SHA256SUMS", "openssl ts -verify"):
        assert needle in text, needle
    assert "Reacties op de persconferentie" in text          # an entry of the sample


def test_screenshot_is_embedded_and_shows(page: Any) -> None:
    size = page.evaluate("() => { const i = document.querySelector('#screenshot-1');"
                         " return i && i.complete ? [i.naturalWidth, i.naturalHeight] : null; }")
    assert size and size[0] >= 1000 and size[1] > size[0]
    assert page.evaluate("document.querySelector('#screenshot-1').src.startsWith('data:image/png')")


def test_hash_table_matches_the_files(page: Any, reported: Path) -> None:
    rows = page.evaluate("() => [...document.querySelectorAll('#files tr')].slice(1)"
                         ".map(r => [...r.cells].map(c => c.innerText.trim()))")
    listed = sums.read_sums(reported) or {}
    shown = {row[0]: row[2] for row in rows}
    warcs = [n for n in shown if n.startswith("warc/")]
    assert warcs and "entries.jsonl" in shown and "capture.json" in shown
    for name, digest in shown.items():
        assert listed[name] == digest, name


def test_pdf_has_pages(reported: Path) -> None:
    data = (reported / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 1


def test_report_is_recorded(reported: Path) -> None:
    listed = sums.read_sums(reported) or {}
    assert "report.html" in listed and "report.pdf" in listed
    last = custody.read_entries(reported / custody.NAME)[-1]
    assert last["action"] == "report" and last["actor"] == "Test Clerk"
    assert set(last["files"]) == {"report.html", "report.pdf"}


def test_not_a_capture_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["report", str(tmp_path)]) == 2
