"""schema.org microdata: which elements are liveBlogUpdate items, and a mis-marked feed."""

from __future__ import annotations

from datetime import UTC, datetime

from archiver.extract import PageSnapshot, extract_entries
from archiver.extract.html import load_html
from archiver.extract.microdata import read_microdata

CAPTURED = datetime(2022, 5, 2, 15, 0, tzinfo=UTC)


def _page(body: str) -> bytes:
    return (f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"></head><body>'
            f'<main itemscope itemtype="https://schema.org/LiveBlogPosting">{body}</main>'
            "</body></html>").encode()


def _post(i: int, marked: str = "") -> str:
    return (f'<section id="upd-{i}" {marked}><time datetime="2022-05-02T1{i}:05:00Z">'
            f"1{i}:05</time><h3>Heading {i}</h3><p>What happened at step {i}, told in a "
            "sentence long enough to be an entry.</p></section>")


def test_feed_container_marked_without_itemscope_is_not_an_entry() -> None:
    posts = "".join(_post(i) for i in (4, 3, 2))
    feed = f'<div class="feed" itemprop="liveBlogUpdate">{posts}</div>'
    root = load_html(_page(feed))
    items, _ = read_microdata(root)
    assert items == []
    result = extract_entries(PageSnapshot(url="https://news.example/live", html=_page(feed),
                                          captured_at=CAPTURED))
    assert [e["entry_id"] for e in result.entries] == ["upd-4", "upd-3", "upd-2"]
    assert [e["title"] for e in result.entries] == ["Heading 4", "Heading 3", "Heading 2"]


def test_feed_container_with_itemscope_gives_way_to_the_entries_inside() -> None:
    feed = ('<div class="feed" itemprop="liveBlogUpdate" itemscope '
            f'itemtype="https://schema.org/BlogPosting">{"".join(_post(i) for i in (4, 3, 2))}'
            "</div>")
    result = extract_entries(PageSnapshot(url="https://news.example/live", html=_page(feed),
                                          captured_at=CAPTURED))
    assert [e["entry_id"] for e in result.entries] == ["upd-4", "upd-3", "upd-2"]
    assert result.liveblog["layer"] == "generic"


def test_entries_marked_without_itemscope_are_still_items() -> None:
    # The same mistake on every entry: siblings marked alike are the updates.
    feed = "".join(_post(i, 'itemprop="liveBlogUpdate"') for i in (3, 2))
    items, _ = read_microdata(load_html(_page(f"<div>{feed}</div>")))
    assert [item.element.get("id") for item in items] == ["upd-3", "upd-2"]


def test_real_items_are_read_with_their_properties() -> None:
    feed = "".join(
        f'<div itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/BlogPosting">'
        f'<meta itemprop="datePublished" content="2022-05-02T1{i}:00:00+01:00">'
        f'<h2 itemprop="headline">Item {i}</h2><p>Body of item {i}.</p></div>'
        for i in (2, 1))
    items, _ = read_microdata(load_html(_page(f"<div>{feed}</div>")))
    assert [item.props["headline"] for item in items] == ["Item 2", "Item 1"]
    assert items[0].props["datePublished"] == "2022-05-02T12:00:00+01:00"


def test_one_of_many_updates_holding_a_timed_list_is_still_an_entry() -> None:
    timeline = "".join(f'<li id="k{i}"><time datetime="2022-05-02T0{i}:00:00Z">0{i}:00</time> '
                       f"Goal number {i} of the first half, scored from a corner.</li>"
                       for i in (1, 2, 3, 4))
    items = "".join(
        f'<div itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/BlogPosting" '
        f'id="u{i}"><meta itemprop="datePublished" content="2022-05-02T1{i}:00:00Z">'
        f"<h2 itemprop=\"headline\">Update {i}</h2><p>Body of update {i}.</p>"
        f"{'<ul>' + timeline + '</ul>' if i == 2 else ''}</div>"
        for i in (3, 2, 1))
    result = extract_entries(PageSnapshot(url="https://news.example/live",
                                          html=_page(f"<div>{items}</div>"), captured_at=CAPTURED))
    assert [e["entry_id"] for e in result.entries] == ["u3", "u2", "u1"]
    assert result.liveblog["layer"] == "microdata"
