"""Layers merged, not first-wins: structured data and the DOM complete each other."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from archiver.extract import PageSnapshot, extract_entries

CAPTURED = datetime(2023, 11, 2, 18, 0, tzinfo=UTC)


def _page(jsonld: object, stream: str, lang: str = "en-GB") -> bytes:
    return (f'<html lang="{lang}"><head><script type="application/ld+json">{json.dumps(jsonld)}'
            f"</script></head><body><main><div>{stream}</div></main></body></html>"
            ).encode()


def _entries(html: bytes) -> list[dict[str, object]]:
    return extract_entries(PageSnapshot(url="https://news.example/live", html=html,
                                        captured_at=CAPTURED)).entries


def _dom(i: int, clock: str) -> str:
    return (f'<article id="post-{i}"><span>{clock}</span><h2>Title {i}</h2>'
            f"<p>Body of entry {i} as readers saw it.</p></article>")


LIVEBLOG = {"@context": "https://schema.org", "@type": "LiveBlogPosting",
            "headline": "Live", "coverageStartTime": "2023-11-02T09:00:00+00:00"}


def test_jsonld_listing_some_entries_adds_precise_times_to_the_dom_ones() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Title 3", "url": "https://news.example/live#post-3",
         "datePublished": "2023-11-02T16:56:31Z", "author": {"@type": "Person", "name": "A. B."}},
    ])
    entries = _entries(_page(jsonld, _dom(3, "16:56") + _dom(2, "15:10") + _dom(1, "09:05")))
    assert [e["entry_id"] for e in entries] == ["post-3", "post-2", "post-1"]
    assert entries[0]["published_at"] == "2023-11-02T16:56:31+00:00"
    assert entries[0]["time_source"] == "structured-data"
    assert entries[0]["time_text"] == "16:56"
    assert entries[0]["authors"] == ["A. B."]
    assert entries[0]["body_text"] == "Body of entry 3 as readers saw it."   # DOM text kept
    assert entries[1]["time_source"] == "clock-text+page-date"
    assert entries[1]["published_at"] == "2023-11-02T15:10:00+00:00"


def test_structured_entries_missing_from_the_dom_are_placed_by_time() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Only in JSON-LD", "url":
         "https://news.example/live#post-9", "datePublished": "2023-11-02T12:00:00Z",
         "articleBody": "Listed in the structured data only."},
    ])
    stream = ('<article id="post-3"><time datetime="2023-11-02T16:00:00Z">16:00</time>'
              "<h2>Three</h2><p>Three.</p></article>"
              '<article id="post-1"><time datetime="2023-11-02T10:00:00Z">10:00</time>'
              "<h2>One</h2><p>One.</p></article>")
    entries = _entries(_page(jsonld, stream))
    assert [e["entry_id"] for e in entries] == ["post-3", "post-9", "post-1"]
    assert [e["position"] for e in entries] == [1, 2, 3]
    assert entries[1]["body_text"] == "Listed in the structured data only."
    assert entries[1]["body_html"] == "<p>Listed in the structured data only.</p>"


def test_entries_match_by_title_when_ids_differ() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Title 2", "@id": "urn:cms:9f8e",
         "datePublished": "2023-11-02T15:10:42Z"},
    ])
    entries = _entries(_page(jsonld, _dom(2, "15:10") + _dom(1, "09:05")))
    assert len(entries) == 2
    assert entries[0]["entry_id"] == "post-2"
    assert entries[0]["published_at"] == "2023-11-02T15:10:42+00:00"


def test_microdata_items_and_unmarked_blocks_together() -> None:
    marked = ('<div id="m3" itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/'
              'BlogPosting"><meta itemprop="datePublished" content="2023-11-02T16:00:00Z">'
              '<span>16:00</span><h2 itemprop="headline">Marked</h2><div itemprop="articleBody">'
              "<p>Marked body.</p></div></div>")
    unmarked = ('<div id="m2"><span>15:00</span><h2>Unmarked</h2><p>Unmarked body.</p></div>'
                '<div id="m1"><span>14:00</span><h2>Also unmarked</h2><p>Body.</p></div>')
    html = (f'<html lang="en-GB"><body><div>{marked}{unmarked}</div></body></html>'
            ).encode()
    entries = _entries(html)
    assert [e["entry_id"] for e in entries] == ["m3", "m2", "m1"]
    assert [e["time_source"] for e in entries] == ["structured-data", "clock-text+page-date",
                                                  "clock-text+page-date"]


def test_broken_jsonld_is_a_warning_not_an_error() -> None:
    html = (b'<html lang="en-GB"><head><script type="application/ld+json">{"@type": '
            b'"LiveBlogPosting", </script><script type="application/ld+json">{"@type": '
            b'"LiveBlogPosting", "headline": "Ok", "liveBlogUpdate": [{"headline": "X", '
            b'"datePublished": "2023-11-02T10:00:00Z",}],}</script></head><body></body></html>')
    result = extract_entries(PageSnapshot(url="https://news.example/live", html=html,
                                          captured_at=CAPTURED))
    assert any("JSON-LD" in w for w in result.warnings)
    assert [e["title"] for e in result.entries] == ["X"]   # the trailing commas were repaired
