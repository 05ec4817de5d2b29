"""Liveblogs whose older entries are on further pages: "?page=2" links, rel=next, and a "load
more" that is a plain link (its click must not take the captured page away)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from capturing import REPO, archiver_cmd, capture
from pagination_site import PaginationSite

from archiver.capture.pagination import is_further_page, next_pages
from archiver.rederive import parse_pageinfo
from archiver.warc.reader import iter_records

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site() -> Iterator[PaginationSite]:
    with PaginationSite() as server:
        yield server


def entries(run_dir: Path) -> list[dict[str, Any]]:
    lines = (run_dir / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def doms(run_dir: Path) -> dict[str, str]:
    """urn:dom:<url> → the DOM the record holds."""
    found: dict[str, str] = {}
    for warc in sorted((run_dir / "warc").glob("*.warc.gz")):
        for record in iter_records(warc):
            uri = record.target_uri or ""
            if record.rec_type == "resource" and uri.startswith("urn:dom:"):
                found[uri.removeprefix("urn:dom:")] = (record.payload or b"").decode("utf-8")
    return found


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [str(e["title"]) for e in items]


@pytest.mark.parametrize("mode", ["rendered", "raw"])
def test_a_link_to_the_older_entries_is_followed_page_by_page(
        site: PaginationSite, tmp_path: Path, mode: str) -> None:
    site.hits.clear()
    run = capture([f"{site.base_url}/live/"], tmp_path / "run",
                  *(["--no-render"] if mode == "raw" else []))
    assert run.returncode == 0, run.stderr
    first = f"{site.base_url}/live/"
    pages = run.summary["pages"]
    assert [(p["url"], p["first_page"], p["page_number"], p["entries"]) for p in pages] == [
        (first, None, 1, 4), (f"{first}?page=2", first, 2, 4), (f"{first}?page=3", first, 3, 2)]
    # every entry once, from the page that showed it
    got = entries(run.run_dir)
    assert titles(got) == [f"Update number {n}" for n in range(1, 11)]
    assert [e["source"]["page_url"] for e in got] == [first] * 4 + [f"{first}?page=2"] * 4 + \
        [f"{first}?page=3"] * 2
    # each page was requested once: the "Oudere berichten" click did not navigate away
    assert sorted(site.hits) == ["/live/", "/live/?page=2", "/live/?page=3"]
    if mode == "rendered":
        dom = doms(run.run_dir)
        assert set(dom) == {first, f"{first}?page=2", f"{first}?page=3"}
        assert "Update number 1<" in dom[first] and "Update number 5<" not in dom[first]
        assert "Update number 5<" in dom[f"{first}?page=2"]
        pageinfo = parse_pageinfo(next(r.payload or b"" for w in run.warcs
                                       for r in iter_records(w)
                                       if r.target_uri == f"urn:pageinfo:{first}"))
        load_more = next(b for b in pageinfo["behaviour"] if b["name"] == "load-more")
        assert load_more["next_page"] == f"{first}?page=2"
        assert load_more["status"] == "done" and load_more["clicks"] == 0


def test_a_load_more_link_taken_over_by_a_script_expands_in_place(
        site: PaginationSite, tmp_path: Path) -> None:
    site.hits.clear()
    run = capture([f"{site.base_url}/js/"], tmp_path / "run")
    assert run.returncode == 0, run.stderr
    assert len(run.summary["pages"]) == 1
    assert titles(entries(run.run_dir)) == [f"Update number {n}" for n in range(1, 9)]
    assert "/js/?page=2" not in site.hits and "/js/older" in site.hits


def test_rel_next_is_followed(site: PaginationSite, tmp_path: Path) -> None:
    run = capture([f"{site.base_url}/relnext/"], tmp_path / "run")
    assert run.returncode == 0, run.stderr
    assert [p["url"] for p in run.summary["pages"]] == [
        f"{site.base_url}/relnext/", f"{site.base_url}/relnext/page/2/"]
    assert len(entries(run.run_dir)) == 8


@pytest.mark.parametrize("limit,pages", [(0, 1), (1, 2)])
def test_the_number_of_further_pages_is_bounded(site: PaginationSite, tmp_path: Path,
                                                limit: int, pages: int) -> None:
    run = capture([f"{site.base_url}/live/"], tmp_path / "run", "--no-render",
                  settings={"ARCHIVER_PAGINATION_MAX_PAGES": limit})
    assert run.returncode == 0, run.stderr
    assert len(run.summary["pages"]) == pages


def test_watch_passes_keep_one_history_across_the_pages(site: PaginationSite,
                                                        tmp_path: Path) -> None:
    """Entries move down the pages as new ones arrive: that is no deletion and no new entry."""
    targets = tmp_path / "targets.toml"
    targets.write_text(f'[[target]]\nname = "paged"\nurl = "{site.base_url}/live/"\n'
                       f'every = "5m"\n[target.settings]\nARCHIVER_RENDER = "false"\n',
                       encoding="utf-8")

    def one_pass() -> list[dict[str, Any]]:
        out = subprocess.run(archiver_cmd("capture", "--targets", str(targets), "--target",
                                          "paged", "--output-root", str(tmp_path / "out")),
                             cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
        assert out.returncode == 0, out.stdout + out.stderr
        passes = sorted((tmp_path / "out" / "targets" / "paged" / "passes").iterdir())
        return entries(passes[-1])

    site.newest = 1
    try:
        first = one_pass()
        assert [e["change"] for e in first] == ["new"] * 10
        site.newest = 0          # a new entry on top: each page's last entry moves on
        second = one_pass()
    finally:
        site.newest = 1
    changes = {str(e["title"]): e["change"] for e in second}
    assert changes == {"Update number 0": "new",
                       **{f"Update number {n}": "unchanged" for n in range(1, 11)}}


def test_further_pages_of_a_liveblog() -> None:
    page = "https://news.example.com/live/storm"
    assert is_further_page(page, page + "?page=2")
    assert is_further_page(page, page + "/page/2/")
    assert is_further_page(page + "/page/2", page + "/page/3")
    assert is_further_page(page + "?page=2", page + "?page=3")
    assert not is_further_page(page, page + "#post-3")
    assert not is_further_page(page, "https://news.example.com/live/other-storm?page=2")
    assert not is_further_page(page, "https://other.example.com/live/storm?page=2")
    assert not is_further_page(page, page + "/comments")
    assert not is_further_page(page, "mailto:x@example.com")


def test_next_pages_reads_rel_next_and_link_texts() -> None:
    html = b"""<html><head><link rel="next" href="?page=2"></head><body>
    <a href="?page=2">Oudere berichten</a><a href="/live/storm/page/3">Load more</a>
    <a href="/live/storm?page=9#x">9</a><a href="/other?page=2">Next</a>
    <a href="/live/storm?sort=asc">Oldest first</a><a href="#top">Show more</a></body></html>"""
    assert next_pages(html, "https://news.example.com/live/storm") == [
        "https://news.example.com/live/storm?page=2",
        "https://news.example.com/live/storm/page/3"]
    assert next_pages(b"", "https://news.example.com/") == []


@pytest.mark.parametrize("path", ["/form/", "/jsnav/", "/jsnow/"])
def test_a_load_more_button_that_navigates_does_not_take_the_page_away(
        site: PaginationSite, tmp_path: Path, path: str) -> None:
    """A form submit or a script setting location: the captured page stays the first page,
    and the page it would have gone to is captured as a page of its own."""
    run = capture([f"{site.base_url}{path}"], tmp_path / "run")
    assert run.returncode == 0, run.stderr
    first = f"{site.base_url}{path}"
    assert [(p["url"], p["first_page"], p["entries"]) for p in run.summary["pages"]] == [
        (first, None, 4), (f"{first}?page=2", first, 4)]
    dom = doms(run.run_dir)
    assert "Update number 1<" in dom[first] and "Update number 5<" not in dom[first]
    assert [e["source"]["page_url"] for e in entries(run.run_dir)] == \
        [first] * 4 + [f"{first}?page=2"] * 4


def test_a_further_page_that_fails_is_reported_as_that_liveblogs_page(
        site: PaginationSite, tmp_path: Path) -> None:
    run = capture([f"{site.base_url}/broken/"], tmp_path / "run", "--no-render")
    assert run.returncode == 3, run.stderr
    first = f"{site.base_url}/broken/"
    pages = run.summary["pages"]
    assert [(p["url"], p["first_page"], p["page_number"]) for p in pages] == [
        (first, None, 1), (f"{first}?page=2", first, 2)]
    assert pages[1]["error"]


def test_a_link_back_to_the_first_page_is_not_captured_again(
        site: PaginationSite, tmp_path: Path) -> None:
    run = capture([f"{site.base_url}/again/"], tmp_path / "run", "--no-render")
    assert run.returncode == 0, run.stderr
    assert [p["url"] for p in run.summary["pages"]] == [
        f"{site.base_url}/again/", f"{site.base_url}/again/?page=2"]
    assert titles(entries(run.run_dir)) == [f"Update number {n}" for n in range(1, 9)]


def _watch(site: PaginationSite, tmp_path: Path, path: str, name: str
           ) -> tuple[list[dict[str, Any]], Path]:
    targets = tmp_path / "targets.toml"
    targets.write_text(f'[[target]]\nname = "{name}"\nurl = "{site.base_url}{path}"\n'
                       f'every = "5m"\n[target.settings]\nARCHIVER_RENDER = "false"\n',
                       encoding="utf-8")
    out = subprocess.run(archiver_cmd("capture", "--targets", str(targets), "--target",
                                      name, "--output-root", str(tmp_path / "out")),
                         cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    passes = sorted((tmp_path / "out" / "targets" / name / "passes").iterdir())
    return entries(passes[-1]), passes[-1]


def test_watch_oldest_first_pages_delete_nothing(site: PaginationSite,
                                                 tmp_path: Path) -> None:
    """Oldest first: the first page holds the oldest entries, so the newer ones on the
    further pages have not rolled off it; they are still there, not deleted."""
    first, _ = _watch(site, tmp_path, "/asc/", "asc")
    assert [e["change"] for e in first] == ["new"] * 10
    second, _ = _watch(site, tmp_path, "/asc/", "asc")
    assert sorted(e["change"] for e in second) == ["unchanged"] * 10, \
        [(e["title"], e["change"]) for e in second]

