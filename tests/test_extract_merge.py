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


def _untitled(post_id: str, when: str, body: str, pinned: bool = False) -> str:
    flag = ' data-pinned="true"' if pinned else ""
    return (f'<div class="post" data-post-id="{post_id}"{flag}><div class="meta">'
            f'<time datetime="{when}">{when[11:16]}</time></div><p>{body}</p></div>')


STREAM = (_untitled("a7c2e1", "2023-11-02T16:40:21Z", "Third update: the minister spoke to "
                    "reporters outside the building and said more later.")
          + _untitled("b3d9f0", "2023-11-02T16:20:07Z", "Second update: the vote was delayed.")
          + _untitled("c9e8a4", "2023-11-02T15:05:44Z", "First update: the session opened."))


def test_structured_url_with_a_query_id_meets_the_data_attribute() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Live", "articleBody": "Something else entirely.",
         "url": "https://news.example/live?postId=b3d9f0", "datePublished": "2023-11-02T16:20:00Z"},
    ])
    entries = _entries(_page(jsonld, STREAM))
    assert [e["entry_id"] for e in entries] == ["a7c2e1", "b3d9f0", "c9e8a4"]


def test_equal_times_to_the_second_match_when_nothing_else_does() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Live", "articleBody": "A summary in other words.",
         "url": "https://news.example/live/entries/77f", "datePublished": "2023-11-02T16:20:07Z"},
    ])
    entries = _entries(_page(jsonld, STREAM))
    assert [e["entry_id"] for e in entries] == ["a7c2e1", "b3d9f0", "c9e8a4"]


def test_a_shared_instant_is_no_match_on_its_own() -> None:
    # Two DOM entries at 16:20:07: the time cannot say which one the structured entry is.
    stream = STREAM.replace("2023-11-02T15:05:44Z", "2023-11-02T16:20:07Z")
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Only here", "articleBody": "Not on the page.",
         "datePublished": "2023-11-02T16:20:07Z"},
    ])
    assert len(_entries(_page(jsonld, stream))) == 4
    # A whole minute is not precise enough either ("16:20:00" is often a rounded clock).
    minute = STREAM.replace("16:20:07Z", "16:20:00Z")
    jsonld["liveBlogUpdate"][0]["datePublished"] = "2023-11-02T16:20:00Z"  # type: ignore[index]
    assert len(_entries(_page(jsonld, minute))) == 4


def test_a_short_structured_body_that_starts_the_dom_body_matches() -> None:
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Live", "articleBody": "Third update: the minister "
         "spoke to reporters.", "datePublished": "2023-11-02T17:00:00Z"},
    ])
    entries = _entries(_page(jsonld, STREAM))
    assert [e["entry_id"] for e in entries] == ["a7c2e1", "b3d9f0", "c9e8a4"]
    assert entries[0]["published_at"] == "2023-11-02T16:40:21+00:00"   # the DOM's own time


def test_a_pinned_old_post_on_top_does_not_turn_the_page_around() -> None:
    stream = _untitled("p0", "2023-11-02T09:00:00Z", "Pinned: how to follow today.",
                       pinned=True) + STREAM
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "Newest", "articleBody": "Only in the feed.",
         "url": "https://news.example/live#z1", "datePublished": "2023-11-02T17:30:00Z"},
        {"@type": "BlogPosting", "headline": "Between", "articleBody": "Only in the feed too.",
         "url": "https://news.example/live#z2", "datePublished": "2023-11-02T16:30:00Z"},
    ])
    entries = _entries(_page(jsonld, stream))
    assert [e["entry_id"] for e in entries] == ["p0", "z1", "a7c2e1", "z2", "b3d9f0", "c9e8a4"]


def test_equal_titles_are_told_apart_by_their_exact_times() -> None:
    stream = "".join(
        f'<article id="g{i}"><time datetime="2023-11-02T{t}Z">{t[:5]}</time><h2>GOAL!</h2>'
        f"<p>Goal number {i} of the match.</p></article>"
        for i, t in ((3, "20:41:07"), (2, "19:12:40"), (1, "18:05:02")))
    jsonld = dict(LIVEBLOG, liveBlogUpdate=[
        {"@type": "BlogPosting", "headline": "GOAL!", "datePublished": f"2023-11-02T{t}Z",
         "author": {"@type": "Person", "name": name}}
        for t, name in (("19:12:40", "Second Scorer"), ("20:41:07", "Third Scorer"))])
    entries = _entries(_page(jsonld, stream))
    assert [e["entry_id"] for e in entries] == ["g3", "g2", "g1"]
    assert [e["authors"] for e in entries] == [["Third Scorer"], ["Second Scorer"], []]
