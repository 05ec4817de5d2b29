"""Embeds: kinds, status, frame lookup, tweet fields from the frame document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archiver.extract import PageSnapshot, extract_entries
from archiver.extract.embeds import (
    FrameIndex,
    bare_url_embed,
    classify_url,
    find_embed_containers,
    is_loading_text,
    read_embed,
)
from archiver.extract.html import load_html

PAGE = "https://news.example/live/"
TWEET_FRAME = (
    b'<html><body><article class="tweet" data-testid="tweet" data-tweet-id="1018874194241470514">'
    b'<div data-testid="User-Name"><span class="tweet__name">Ari Fleischer</span> '
    b'<span class="tweet__handle">@AriFleischer</span></div>'
    b'<div data-testid="tweetText" class="tweet__text" lang="en">'
    b"I don't think the President colluded.</div>"
    b'<a class="tweet__permalink" href="https://twitter.com/AriFleischer/status/'
    b'1018874194241470514"><time datetime="2018-07-16T15:05:12.000Z">5:05 PM</time></a>'
    b"</article></body></html>")
LOADING_FRAME = b'<html><body><div class="tweet tweet--loading">Laden...</div></body></html>'


def _embeds(html: str, frames: dict[str, bytes] | None = None) -> list[dict[str, object]]:
    body = load_html(html.encode("utf-8")).find("body")
    assert body is not None
    index = FrameIndex(frames or {})
    return [vars(read_embed(c, PAGE, index))
            for c in find_embed_containers(list(body), PAGE, set())]


@pytest.mark.parametrize("url,kind,eid,canon", [
    ("https://twitter.com/AriFleischer/status/1018874194241470514?ref_src=x", "twitter",
     "1018874194241470514", "https://twitter.com/AriFleischer/status/1018874194241470514"),
    ("https://x.com/a_b/status/123456789", "twitter", "123456789",
     "https://twitter.com/a_b/status/123456789"),
    ("https://platform.twitter.com/embed/Tweet.html?id=42424242", "twitter", "42424242",
     "https://platform.twitter.com/embed/Tweet.html?id=42424242"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0", "youtube", "dQw4w9WgXcQ",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.instagram.com/p/CF9abcDEfgh/embed", "instagram", "CF9abcDEfgh",
     "https://www.instagram.com/p/CF9abcDEfgh/"),
    ("https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FX%2Fposts%2F123",
     "facebook", "123", "https://www.facebook.com/X/posts/123"),
    ("https://player.example/v/9", "iframe", None, "https://player.example/v/9"),
])
def test_classify(url: str, kind: str, eid: str | None, canon: str) -> None:
    assert classify_url(url) == (kind, eid, canon)


def test_rendered_tweet_from_its_frame_document() -> None:
    src = "http://localhost:8123/embed/tweet.html?id=1018874194241470514"
    html = ('<div class="embed embed--twitter" data-embed-url="https://twitter.com/AriFleischer/'
            f'status/1018874194241470514"><iframe src="{src}"></iframe></div>')
    (embed,) = _embeds(html, {src: TWEET_FRAME})
    assert embed == {"type": "twitter", "id": "1018874194241470514",
                     "url": "https://twitter.com/AriFleischer/status/1018874194241470514",
                     "status": "rendered", "author_name": "Ari Fleischer",
                     "author_handle": "AriFleischer",
                     "text": "I don't think the President colluded.",
                     "created_at": "2018-07-16T15:05:12.000Z"}


def test_frame_lookup_without_fragment_and_by_tweet_id() -> None:
    frames = {"http://localhost:1/embed/tweet.html?id=1018874194241470514": TWEET_FRAME}
    index = FrameIndex(frames)
    key = next(iter(frames))
    assert index.find(key + "#frag", None) == key
    assert index.find("https://platform.twitter.com/embed/Tweet.html?id=9", "1018874194241470514") \
        == key
    assert index.find("https://elsewhere.example/", "1") is None
    # a frame whose URL does not carry the id, found by the id in its document
    other = FrameIndex({"about:srcdoc": TWEET_FRAME})
    assert other.find("https://x.example/frame", "1018874194241470514") == "about:srcdoc"


def test_iframe_whose_document_has_no_tweet_failed() -> None:
    src = "https://platform.twitter.com/embed/Tweet.html?id=555555"
    (embed,) = _embeds(f'<iframe src="{src}"></iframe>', {src: LOADING_FRAME})
    assert embed["type"] == "twitter" and embed["status"] == "failed"
    assert embed["id"] == "555555" and embed["text"] is None


def test_iframe_without_any_recorded_frames_is_a_placeholder() -> None:
    (embed,) = _embeds('<iframe src="https://platform.twitter.com/embed/Tweet.html?id=7"></iframe>')
    assert embed["status"] == "placeholder"


def test_empty_placeholder_with_only_the_status_url() -> None:
    (embed,) = _embeds('<div class="tweet" data-url="https://twitter.com/GardaTraffic/status/'
                       '1724000000000000001"></div>')
    assert embed == {"type": "twitter", "id": "1724000000000000001",
                     "url": "https://twitter.com/GardaTraffic/status/1724000000000000001",
                     "status": "placeholder", "author_name": None, "author_handle": None,
                     "text": None, "created_at": None}


@pytest.mark.parametrize("html,kind,eid,url", [
    ('<div class="tweet-embed" data-tweet-id="1730587654321098765"></div>', "twitter",
     "1730587654321098765", "https://twitter.com/i/status/1730587654321098765"),
    ('<div class="video" data-youtube-id="dQw4w9WgXcQ"></div>', "youtube", "dQw4w9WgXcQ",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
])
def test_a_placeholder_with_only_the_id(html: str, kind: str, eid: str, url: str) -> None:
    (embed,) = _embeds(html)
    assert (embed["type"], embed["id"], embed["url"], embed["status"]) == (kind, eid, url,
                                                                         "placeholder")


def test_an_id_attribute_that_is_not_an_id_is_no_embed() -> None:
    assert _embeds('<div data-tweet-id="latest">x</div><div data-youtube-id="">y</div>') == []


def test_unrendered_blockquote_keeps_text_and_author() -> None:
    (embed,) = _embeds(
        '<blockquote class="twitter-tweet"><p lang="en">Crews are standing by.</p>&mdash; ESB '
        'Networks (@ESBNetworks) <a href="https://twitter.com/ESBNetworks/status/17240205812300'
        '00000?ref_src=twsrc">November 13, 2023</a></blockquote>')
    assert embed["status"] == "placeholder"
    assert embed["text"] == "Crews are standing by."
    assert (embed["author_name"], embed["author_handle"]) == ("ESB Networks", "ESBNetworks")
    assert embed["url"] == "https://twitter.com/ESBNetworks/status/1724020581230000000"


def test_nojs_fallback_inside_a_component() -> None:
    (embed,) = _embeds(
        '<div class="social-embed" data-url="https://twitter.com/nos/status/99999999">'
        '<blockquote class="nojs-tweet"><p>Kabinet gevallen.</p>&mdash; NOS (@NOS) '
        '<a href="https://twitter.com/NOS/status/99999999">7 juli 2023</a></blockquote></div>')
    assert embed["type"] == "twitter" and embed["text"] == "Kabinet gevallen."
    assert embed["author_handle"] == "NOS"


def test_other_kinds() -> None:
    embeds = _embeds(
        '<div class="fb-post" data-href="https://www.facebook.com/Gov/posts/712345678901234"></div>'
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/'
        'CF9abc/"><a href="https://www.instagram.com/p/CF9abc/">View</a></blockquote>'
        '<lite-youtube videoid="dQw4w9WgXcQ"></lite-youtube>'
        '<iframe src="/widgets/poll.html"></iframe>')
    assert [(e["type"], e["id"]) for e in embeds] == [
        ("facebook", "712345678901234"), ("instagram", "CF9abc"), ("youtube", "dQw4w9WgXcQ"),
        ("iframe", None)]
    assert embeds[3]["url"] == "https://news.example/widgets/poll.html"


def test_loading_texts_and_bare_urls() -> None:
    assert is_loading_text("Twitter bericht wordt geladen...")
    assert is_loading_text("Loading tweet…")
    assert not is_loading_text("De Twitter-berichten van Trump worden geladen met emotie")
    bare = bare_url_embed("https://twitter.com/nos/status/123456")
    assert bare is not None and bare.type == "twitter" and bare.status == "placeholder"
    assert bare_url_embed("https://www.volkskrant.nl/nieuws") is None
    assert bare_url_embed("zie https://youtu.be/dQw4w9WgXcQ") is None


TWEET = ('<blockquote class="twitter-tweet"><p>40.3C provisionally recorded.</p>&mdash; Met Office '
         '(@metoffice) <a href="https://twitter.com/metoffice/status/1549389521604845573">'
         "July 19, 2022</a></blockquote>")


def _bodies(inner: str) -> list[dict[str, object]]:
    posts = "".join(
        f'<li><article><time datetime="2022-07-19T1{i}:00:00Z">1{i}:00</time><h3>Update {i}</h3>'
        f"<div><p>The text of update {i}, long enough to be an entry.</p>{inner}</div>"
        "</article></li>" for i in (3, 2, 1))
    html = f'<html lang="en-GB"><body><main><ol>{posts}</ol></main></body></html>'
    return extract_entries(PageSnapshot(url=PAGE, html=html.encode(),
                                        captured_at=datetime(2022, 7, 19, 16, tzinfo=UTC))).entries


def test_an_embed_wrapper_and_its_texts_are_not_body_text() -> None:
    # no skip link: the wrapper's class names the embed, it holds one and little else
    wrapper = ('<div class="q1-SocialEmbedWrapper"><p class="q1-Label">Twitter post by Met Office'
               f'</p><div class="q1-EmbedContainer">{TWEET}</div>'
               '<p class="q1-Note">We are not responsible for the content of external sites.</p>'
               "<span>End of twitter post by Met Office</span></div>")
    for n, entry in enumerate(_bodies(wrapper), 1):
        assert entry["body_text"] == f"The text of update {4 - n}, long enough to be an entry."
        assert [e["id"] for e in entry["embeds"]] == ["1549389521604845573"]  # type: ignore


def test_a_skip_link_over_an_embed_and_its_target_are_not_body_text() -> None:
    # no wrapper class: the link to a later #id with the embed between them says it
    inner = ('<p><a href="#after-tweet">Skip post</a></p>' + TWEET
             + '<p>Disclaimer: external content.</p><p id="after-tweet">End of post</p>'
             "<p>More text after the tweet.</p>")
    for n, entry in enumerate(_bodies(inner), 1):
        assert entry["body_text"] == (f"The text of update {4 - n}, long enough to be an "
                                      "entry.\n\nMore text after the tweet.")


def test_entry_text_around_an_embed_stays() -> None:
    # an "embed" class holding much of the entry's own text, and a link to a later paragraph
    # with no embed between, are the entry's
    long = "A paragraph of the entry itself that runs on for quite a while. " * 4
    inner = (f'<div class="post-embed"><p>{long.strip()}</p>{TWEET}</div>'
             '<p><a href="#reaction">Jump to reaction</a></p><p id="reaction">Reaction</p>'
             "<p>What they said.</p>")
    for entry in _bodies(inner):
        body = str(entry["body_text"])
        assert long.strip() in body and "Jump to reaction" in body
        assert "Reaction\n\nWhat they said." in body


@pytest.mark.parametrize("inner,kind,eid,url", [
    ('<amp-youtube data-videoid="k3Zp9Qw_LmE" layout="responsive" width="480" height="270">'
     "</amp-youtube>", "youtube", "k3Zp9Qw_LmE", "https://www.youtube.com/watch?v=k3Zp9Qw_LmE"),
    ('<amp-twitter width="375" height="472" data-tweetid="1697625980417892352"></amp-twitter>',
     "twitter", "1697625980417892352", "https://twitter.com/i/status/1697625980417892352"),
    ('<amp-instagram data-shortcode="CF9abcDEfgh" width="400" height="400"></amp-instagram>',
     "instagram", "CF9abcDEfgh", "https://www.instagram.com/p/CF9abcDEfgh/"),
    ('<amp-facebook width="552" height="310" data-href="https://www.facebook.com/Gov/posts/'
     '712345678901234"></amp-facebook>', "facebook", "712345678901234",
     "https://www.facebook.com/Gov/posts/712345678901234"),
    ('<amp-iframe width="300" height="300" sandbox="allow-scripts" src="https://player.example/'
     'v/9"></amp-iframe>', "iframe", None, "https://player.example/v/9"),
])
def test_amp_embed_components(inner: str, kind: str, eid: str | None, url: str) -> None:
    for entry in _bodies(inner):
        (embed,) = entry["embeds"]  # type: ignore[misc]
        assert (embed["type"], embed["id"], embed["url"], embed["status"]) == (
            kind, eid, url, "placeholder")
        assert str(entry["body_text"]).startswith("The text of update")


def test_an_id_only_tweet_takes_the_handle_from_its_placeholder_blockquote() -> None:
    inner = ('<amp-twitter width="375" height="472" data-tweetid="1697671184523395072">'
             '<blockquote placeholder class="twitter-tweet"><p lang="en">Agents back in the '
             "building.</p>&mdash; Deadline Day Desk (@DeadlineDayDesk) <a href=\"https://twitter"
             '.com/DeadlineDayDesk/status/1697671184523395072">September 1, 2023</a></blockquote>'
             "</amp-twitter>")
    for entry in _bodies(inner):
        (embed,) = entry["embeds"]  # type: ignore[misc]
        assert embed["url"] == "https://twitter.com/DeadlineDayDesk/status/1697671184523395072"
        assert embed["author_handle"] == "DeadlineDayDesk"
        assert embed["text"] == "Agents back in the building."
    (embed,) = _embeds('<div class="tweet-embed" data-tweet-id="1730587654321098765">'
                       '<blockquote class="twitter-tweet"><p>x</p><a href="https://twitter.com/'
                       'NOS/status/99999999">other tweet</a></blockquote></div>')
    assert embed["url"] == "https://twitter.com/i/status/1730587654321098765"  # not its id
