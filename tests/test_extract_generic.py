"""The generic extractor: entries found by structure on pages no profile covers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archiver.extract import PageSnapshot, extract_entries

CAPTURED = datetime(2023, 11, 13, 12, 0, tzinfo=UTC)


def _extract(body: str, head: str = "", lang: str = "en-GB",
             url: str = "https://news.example/live/x") -> list[dict[str, object]]:
    html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
            f"<body>{body}</body></html>")
    result = extract_entries(PageSnapshot(url=url, html=html.encode("utf-8"),
                                          captured_at=CAPTURED))
    return result.entries


def _block(i: int, cls: str, time: str, title: str | None = "Title", extra: str = "") -> str:
    head = f"<h2>{title} {i}</h2>" if title else ""
    return (f'<div class="{cls}"><span class="{cls}-t">{time}</span>{head}'
            f"<p>Paragraph of entry {i} with enough words to look like an update.</p>{extra}"
            "</div>")


def test_hashed_class_names_without_ids() -> None:
    body = "".join(_block(i, f"_2tvI{i % 3} x{i}", f"1{i}:0{i}") for i in range(5, 0, -1))
    entries = _extract(f'<main><div class="_3kXz">{body}</div></main>')
    assert [e["title"] for e in entries] == [f"Title {i}" for i in range(5, 0, -1)]
    assert [e["time_text"] for e in entries] == [f"1{i}:0{i}" for i in range(5, 0, -1)]
    assert all(str(e["entry_id"]).startswith("x-") for e in entries)
    assert len({e["entry_id"] for e in entries}) == 5


def test_key_events_summary_is_not_counted() -> None:
    summary = ('<div class="ke"><h2>Key events</h2><ul>' + "".join(
        f'<li><a href="#p{i}"><time datetime="2023-11-13T1{i}:00Z">1{i}:00</time> '
        f"Title {i}</a></li>"
        for i in (4, 3, 2)) + "</ul></div>")
    stream = "".join(
        f'<article id="p{i}"><time datetime="2023-11-13T1{i}:00Z">1{i}:00</time>'
        f"<h3>Title {i}</h3><p>The body of entry {i}, which says what happened.</p></article>"
        for i in (4, 3, 2, 1))
    entries = _extract(f"<main>{summary}<div>{stream}</div></main>")
    assert [e["entry_id"] for e in entries] == ["p4", "p3", "p2", "p1"]


def test_adverts_between_entries_are_dropped() -> None:
    items = [_block(3, "e", "12:30"), '<div class="e"><p>Advertisement</p></div>',
             _block(2, "e", "12:20"), '<div class="e sponsored"><p>Sponsored: buy now</p></div>',
             '<div class="e"></div>', _block(1, "e", "12:10")]
    entries = _extract(f'<div class="feed">{"".join(items)}</div>')
    assert [e["title"] for e in entries] == ["Title 3", "Title 2", "Title 1"]


def test_entries_split_over_day_sections_are_joined() -> None:
    day1 = "".join(_block(i, "post", f"0{i}:15") for i in (3, 2))
    day2 = "".join(_block(i, "post", f"2{i}:15") for i in (1, 0))
    body = (f'<section><h2>Today</h2><div class="list">{day1}</div></section>'
            f'<section><h2>Yesterday</h2><div class="list">{day2}</div></section>')
    entries = _extract(body)
    assert [e["title"] for e in entries] == ["Title 3", "Title 2", "Title 1", "Title 0"]
    assert [str(e["published_at"])[:10] for e in entries] == \
        ["2023-11-13", "2023-11-13", "2023-11-12", "2023-11-12"]


def test_heading_ticker_with_bold_paragraph_headings() -> None:
    body = ('<div class="text"><p>Intro.</p>'
            "<p><strong>17.42 uur: Eerste kop</strong></p><p>Tekst een.</p>"
            "<p><strong>16.05 uur: Tweede kop</strong></p><p>Tekst twee.</p><p>Meer twee.</p>"
            "<p><strong>15.10 uur: Derde kop</strong></p><p>Tekst drie.</p></div>")
    entries = _extract(body, lang="nl", url="https://nieuws.example.nl/live")
    assert [(e["title"], e["time_text"], e["body_text"]) for e in entries] == [
        ("Eerste kop", "17.42 uur", "Tekst een."),
        ("Tweede kop", "16.05 uur", "Tekst twee.\n\nMeer twee."),
        ("Derde kop", "15.10 uur", "Tekst drie."),
    ]
    assert [str(e["published_at"])[-6:] for e in entries] == ["+01:00"] * 3


def test_ordinary_article_and_related_links_give_no_entries() -> None:
    related = "".join(f'<li><a href="/a{i}">Related story number {i}</a> <time datetime='
                      f'"2023-11-1{i}T10:00Z">1{i} Nov</time></li>' for i in range(5))
    body = ("<article><h1>Budget 2024</h1><p>The minister said the budget would balance.</p>"
            "<p>Opposition parties called it a missed chance.</p><p>More paragraphs.</p>"
            f'</article><div class="more"><ul>{related}</ul></div>')
    assert _extract(body) == []


def test_reader_comments_are_not_entries() -> None:
    comments = "".join(f'<li id="c{i}"><span class="who">Reader {i}</span> <time datetime="2023-'
                       f'11-13T10:0{i}Z">10:0{i}</time><p>I think the article is wrong about '
                       "this and that, for several reasons.</p></li>" for i in range(4))
    body = ('<article><h1>Budget</h1><p>Text.</p></article><section id="comments">'
            f"<ol>{comments}</ol></section>")
    assert _extract(body) == []


def test_relative_only_times_resolve_against_the_capture() -> None:
    body = "".join(_block(i, "u", t) for i, t in ((2, "4m ago"), (1, "21 mins ago")))
    entries = _extract(f"<div>{body}</div>")
    assert [(e["published_at"], e["time_source"]) for e in entries] == [
        ("2023-11-13T11:56:00+00:00", "relative-text"),
        ("2023-11-13T11:39:00+00:00", "relative-text")]


def test_sample_with_every_class_name_hashed_gives_the_same_entries() -> None:
    """No profile can recognise the page once class names are hashed: structure alone must do."""
    import hashlib
    import re
    from pathlib import Path

    from archiver.extract.evaluate import load_expected, load_snapshot

    fixture = Path(__file__).parent / "fixtures" / "liveblogs" / "sample-volkskrant"
    snap = load_snapshot(fixture)

    def hashed(m: re.Match[bytes]) -> bytes:
        names = m.group(1).split()
        return b'class="' + b" ".join(b"sc-" + hashlib.sha1(n).hexdigest()[:6].encode()
                                      for n in names) + b'"'

    html = re.sub(rb'class="([^"]*)"', hashed, snap.html)
    # and no volkskrant.nl URL in the head that would select the site profile
    html = re.sub(rb'<(?:link|meta)[^>]+volkskrant\.nl[^>]*>', b"", html)
    assert b"live-blog__" not in html
    result = extract_entries(PageSnapshot(url=snap.url, html=html,
                                          captured_at=snap.captured_at, frames=snap.frames))
    assert result.profile is None
    fields = ("entry_id", "title", "published_at", "time_text", "body_text", "images", "embeds",
              "links")
    assert [{k: e[k] for k in fields} for e in result.entries] == \
        [{k: e[k] for k in fields} for e in load_expected(fixture)]


def test_us_clock_with_zone_is_the_time_and_not_body_text() -> None:
    blocks = "".join(
        f'<div class="post" id="p{i}"><div class="meta"><span>{clock}</span></div>'
        f"<h2>Headline {i}</h2><p>Results from county {i} are in and counted.</p></div>"
        for i, clock in ((3, "9:58 p.m. ET"), (2, "9:40 p.m. ET"),
                         (1, "Nov. 5, 2024, 6:00 p.m. ET")))
    result = extract_entries(PageSnapshot(
        url="https://news.example.com/live/election", captured_at=datetime(2024, 11, 6, 3, 30,
                                                                             tzinfo=UTC),
        html=f'<html lang="en-US"><body><main><div>{blocks}</div></main></body></html>'.encode()))
    entries = result.entries
    assert [e["body_text"] for e in entries] == [
        f"Results from county {i} are in and counted." for i in (3, 2, 1)]
    assert [e["published_at"] for e in entries] == [
        "2024-11-05T21:58:00-05:00", "2024-11-05T21:40:00-05:00", "2024-11-05T18:00:00-05:00"]


@pytest.mark.parametrize("advert", [
    '<div class="portal-ad portal-ad--inline"><span>Anzeige</span><div id="slot-1"></div></div>',
    "<p>Reclame</p>",
    '<div id="ad-inarticle-2"></div><p>Pubblicità</p>',
    "<div><span>Advertisement</span></div>",
    '<aside class="sponsor-box"><p>Sponsored</p></aside>',
])
def test_adverts_between_ticker_headings_are_not_entry_text(advert: str) -> None:
    body = ('<div class="text"><p>Intro.</p>'
            f"<h2>17.42 Uhr: Erste</h2><p>Text eins.</p>{advert}"
            f"<h2>16.05 Uhr: Zweite</h2><p>Text zwei.</p>{advert}<p>Mehr zwei.</p>"
            "<h2>15.10 Uhr: Dritte</h2><p>Text drei.</p></div>")
    entries = _extract(body, lang="de", url="https://zeitung.example.de/ticker")
    assert [e["body_text"] for e in entries] == ["Text eins.", "Text zwei.\n\nMehr zwei.",
                                                 "Text drei."]


def test_an_advert_slot_inside_a_block_entry_is_not_body_text() -> None:
    slot = '<div class="teaser-ad"><span class="label">Anzeige</span><div></div></div>'
    items = [_block(i, "e", f"12:{i}0", extra=slot) for i in (3, 2, 1)]
    entries = _extract(f'<div class="feed">{"".join(items)}</div>', lang="de")
    assert all("Anzeige" not in str(e["body_text"]) for e in entries)
    assert len(entries) == 3


def test_an_advert_word_in_running_text_stays() -> None:
    para = "<p>Die <b>Anzeige</b> wurde gestern geschaltet.</p><p><span>Reklama</span></p>"
    items = [_block(i, "e", f"12:{i}0", extra=para) for i in (3, 2, 1)]
    entries = _extract(f'<div class="feed">{"".join(items)}</div>', lang="de")
    assert all("Die Anzeige wurde gestern geschaltet." in str(e["body_text"]) for e in entries)
    assert all("Reklama" not in str(e["body_text"]) for e in entries)


def _li(i: int, title: str | None = "Roads closed in area") -> str:
    head = f"<h3><span>{title} {i}</span></h3>" if title else ""
    return (f'<li class="it"><article><header><div><time datetime="2023-11-13T1{i}:00Z">1{i}:00'
            f"</time></div>{head}</header><p>Paragraph of entry {i} with enough words to look "
            "like an update.</p></article></li>")


@pytest.mark.parametrize("promo", [
    "<aside><h3>Get in touch</h3><p>Are you affected? Share your experiences by emailing "
    '<a href="mailto:x@news.example">x@news.example</a>.</p></aside>',
    '<div class="promo"><div role="complementary"><h3>Sign up</h3><p>Our newsletter brings '
    "you the day's news every morning, with the stories you need to know.</p></div></div>",
])
def test_an_untimed_item_that_is_only_an_aside_is_not_an_entry(promo: str) -> None:
    items = [_li(5), _li(4), f'<li class="it">{promo}</li>', _li(3), _li(2), _li(1)]
    entries = _extract(f'<main><ol>{"".join(items)}</ol></main>')
    assert [e["title"] for e in entries] == [f"Roads closed in area {i}" for i in (5, 4, 3, 2, 1)]
    assert [e["position"] for e in entries] == [1, 2, 3, 4, 5]


def test_untimed_entries_that_are_not_asides_stay() -> None:
    pinned = ('<li class="it"><article><h3>What we know so far</h3><p>The key facts, kept at '
              "the top of the page.</p></article></li>")
    aside_inside = ('<li class="it"><article><h3>Untimed story</h3><p>The entry text.</p>'
                    "<aside>A related fact box.</aside></article></li>")
    items = [pinned, _li(5), _li(4), aside_inside, _li(3), _li(2), _li(1)]
    entries = _extract(f'<main><ol>{"".join(items)}</ol></main>')
    titles = [f"Roads closed in area {i}" for i in (5, 4, 3, 2, 1)]
    assert [e["title"] for e in entries] == [
        "What we know so far", *titles[:2], "Untimed story", *titles[2:]]


def _bold_time_ticker(rule: str = "<hr>") -> str:
    return ('<div class="article__body"><p class="intro"><strong>Volg hier de hele avond de '
            "resultaten.</strong></p>" + rule
            + "<p><strong>00.41 uur</strong> – Alle gemeenten zijn geteld.</p>"
            "<p>Dit was onze liveblog van de avond.</p>" + rule
            + "<p><strong>23.47 uur</strong> – In Hasselt viert Vooruit feest.</p>"
            '<figure><img src="https://img.example.be/feest.jpg" alt="">'
            "<figcaption>Feest in de zaal. Foto: Belga</figcaption></figure>"
            "<p>De lijsttrekker spreekt van een historische avond.</p>" + rule
            + "<p><strong>23.05 uur:</strong> Opkomst lager dan in 2019: 87,4 procent.</p>"
            + rule + "<p><b>22.30</b> - Gejuich bij elke nieuwe tussenstand.</p>" + rule
            + '<p><strong>Lees ook:</strong> <a href="/uitslagen">Alle uitslagen</a></p></div>')


def test_paragraphs_that_start_with_a_bold_time_are_a_ticker() -> None:
    entries = _extract(_bold_time_ticker(), lang="nl-BE", url="https://krant.example.be/live",
                       head='<meta property="article:published_time" '
                            'content="2023-11-12T15:45:00+01:00">')
    assert [(e["title"], e["time_text"], e["body_text"]) for e in entries] == [
        (None, "00.41 uur", "Alle gemeenten zijn geteld.\n\nDit was onze liveblog van de avond."),
        (None, "23.47 uur", "In Hasselt viert Vooruit feest.\n\n"
                            "De lijsttrekker spreekt van een historische avond."),
        (None, "23.05 uur", "Opkomst lager dan in 2019: 87,4 procent."),
        (None, "22.30", "Gejuich bij elke nieuwe tussenstand."),
    ]
    assert [e["published_at"] for e in entries] == [
        "2023-11-13T00:41:00+01:00", "2023-11-12T23:47:00+01:00",
        "2023-11-12T23:05:00+01:00", "2023-11-12T22:30:00+01:00"]
    assert entries[0]["body_html"] == ("<p>Alle gemeenten zijn geteld.</p>"
                                       "<p>Dit was onze liveblog van de avond.</p>")
    assert [(i["caption"], i["credit"]) for i in entries[1]["images"]] == [  # type: ignore
        ("Feest in de zaal.", "Belga")]


def test_without_rules_a_bold_time_paragraph_ends_the_entry_above() -> None:
    entries = _extract(_bold_time_ticker(rule=""), lang="nl-BE",
                       url="https://krant.example.be/live")
    assert [e["time_text"] for e in entries] == ["00.41 uur", "23.47 uur", "23.05 uur", "22.30"]
    assert entries[2]["body_text"] == "Opkomst lager dan in 2019: 87,4 procent."


def test_an_article_with_two_bold_times_in_its_paragraphs_is_no_ticker() -> None:
    body = ("<article><h1>Storm over het land</h1><p>De storm trok in de nacht over het land."
            "</p><p><strong>06.15 uur</strong> – De eerste bomen vielen in Limburg.</p>"
            "<p>De brandweer rukte honderden keren uit.</p>"
            "<p><strong>09.30 uur</strong> – Het KMI verlaagde het alarm naar code geel.</p>"
            "<p>Meer paragrafen van het artikel.</p></article>")
    assert _extract(body, lang="nl-BE", url="https://krant.example.be/artikel") == []


def test_an_untimed_related_links_item_among_timed_entries_is_not_an_entry() -> None:
    related = ('<li class="it"><div class="box"><h3>Read more</h3><ul>'
               '<li><a href="/a">How to prepare for a power cut</a></li>'
               '<li><a href="/b">Last year\'s snow chaos: what happened</a></li></ul></div></li>')
    pinned = ('<li class="it"><article><h3>What we know so far</h3><p>The key facts, kept at '
              'the top of the page, with <a href="/map">a map</a> of the closures.</p>'
              "</article></li>")
    items = [pinned, _li(5), _li(4), related, _li(3), _li(2), _li(1)]
    entries = _extract(f'<main><ol>{"".join(items)}</ol></main>')
    assert [e["title"] for e in entries] == [
        "What we know so far", *[f"Roads closed in area {i}" for i in (5, 4, 3, 2, 1)]]
    assert [e["position"] for e in entries] == [1, 2, 3, 4, 5, 6]


def _untimed_section(i: int, title: bool = True) -> str:
    head = f"<h3>Headline number {i}</h3>" if title else ""
    return (f'<section class="item" id="item-{i}">{head}<p>The text of update {i}, long enough '
            "to read as one entry of the page.</p><p>A second paragraph.</p></section>")


def test_an_untimed_group_where_most_items_have_heading_and_id_is_entries() -> None:
    sections = [_untimed_section(i, title=i != 3) for i in (6, 5, 4, 3, 2, 1)]
    entries = _extract(f'<main><div class="feed">{"".join(sections)}</div></main>')
    assert [e["entry_id"] for e in entries] == [f"item-{i}" for i in (6, 5, 4, 3, 2, 1)]
    assert entries[3]["title"] is None


def test_a_short_untimed_group_needs_every_heading_and_id() -> None:
    sections = [_untimed_section(i, title=i != 2) for i in (3, 2, 1)]
    assert _extract(f'<main><div class="feed">{"".join(sections)}</div></main>') == []


def _custom(i: int, tag: str, role: str = "") -> str:
    role_attr = f' role="{role}"' if role else ""
    return (f'<{tag}{role_attr}><span class="when">1{i}:2{i}</span><h3>Custom {i}</h3>'
            f"<p>The text of update {i}, long enough to read as one entry.</p></{tag}>")


@pytest.mark.parametrize("tag,role", [("live-post", "article"), ("feed-item", ""),
                                      ("span", "article")])
def test_custom_elements_and_role_article_are_entry_blocks(tag: str, role: str) -> None:
    posts = "".join(_custom(i, tag, role) for i in (4, 3, 2, 1))
    entries = _extract(f'<main><div class="feed">{posts}</div></main>')
    assert [e["title"] for e in entries] == [f"Custom {i}" for i in (4, 3, 2, 1)]
    assert [e["time_text"] for e in entries] == [f"1{i}:2{i}" for i in (4, 3, 2, 1)]


def test_amp_components_are_never_entry_blocks() -> None:
    from lxml import etree

    from archiver.extract.selectors import is_block_candidate
    for tag in ("amp-img", "amp-ad", "amp-live-list", "amp-social-share", "amp-accordion"):
        assert not is_block_candidate(etree.Element(tag))
    assert is_block_candidate(etree.Element("live-post"))
    # timed AMP components side by side (ads dated for the live list) are no entries
    ads = "".join(f'<amp-ad type="doubleclick" data-sort-time="16935{i}0000000" width="300">'
                  f"<div placeholder>Advertisement for the readers of update {i}</div>"
                  f"<time>1{i}:00</time></amp-ad>" for i in (3, 2, 1))
    assert _extract(f'<main><div class="slots">{ads}</div></main>') == []


@pytest.mark.parametrize("clock", [
    '<span class="dot"></span>16.05',
    '<span class="dot"></span> 16.05 BST',
    '<i class="icon-clock"></i>16:05',
    '<svg width="10" height="10"><circle r="4"></circle></svg> 16:05',
])
def test_a_clock_after_an_empty_or_icon_child_times_the_item(clock: str) -> None:
    items = "".join(f'<div class="item"><div class="date">{clock.replace("16", str(10 + i))}'
                    f"</div><h2>Headline {i}</h2><p>Paragraph of entry {i} with enough words "
                    "to look like an update.</p></div>" for i in (4, 3, 2, 1))
    entries = _extract(f'<main><div class="timeline">{items}</div></main>')
    assert [e["title"] for e in entries] == [f"Headline {i}" for i in (4, 3, 2, 1)]
    utc = 1 if "BST" in clock else 0    # 13 November: BST is read as UTC+1, the page is UTC
    assert [str(e["published_at"])[11:16] for e in entries] == [
        f"{10 + i - utc}:05" for i in (4, 3, 2, 1)]
    assert all("05" not in str(e["body_text"]) for e in entries)


_AMP_AD = ('<div class="live-item{cls}" id="ad-{i}" data-sort-time="169358{i}000000">'
           '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/live">'
           '<div placeholder>Advertisement</div><div fallback></div></amp-ad></div>')


@pytest.mark.parametrize("cls", [" live-item--ad", ""])
def test_a_timed_item_that_is_only_an_advert_is_not_an_entry(cls: str) -> None:
    def post(i: int) -> str:
        return (f'<div class="live-item" id="post-{i}" data-sort-time="169358{i}500000">'
                f"<h2>Post {i}</h2><p>The text of post {i}, long enough to be an entry.</p>"
                "</div>")
    items = [post(5), _AMP_AD.format(cls=cls, i=4), post(3), _AMP_AD.format(cls=cls, i=2),
             post(1)]
    entries = _extract(f'<main><div class="live-list">{"".join(items)}</div></main>')
    assert [e["title"] for e in entries] == ["Post 5", "Post 3", "Post 1"]
    assert [e["position"] for e in entries] == [1, 2, 3]


def test_a_timed_entry_holding_an_advert_and_text_stays() -> None:
    items = "".join(
        f'<div class="live-item" id="post-{i}" data-sort-time="169358{i}500000">'
        f"<p>The text of post {i}, long enough to be an entry.</p>"
        '<amp-ad type="doubleclick"><div placeholder>Advertisement</div></amp-ad></div>'
        for i in (3, 2, 1))
    entries = _extract(f'<main><div class="live-list">{items}</div></main>')
    assert [e["body_text"] for e in entries] == [
        f"The text of post {i}, long enough to be an entry." for i in (3, 2, 1)]
