"""Visible text: HTML whitespace collapsing, NBSP, paragraphs, <br>, links."""

from __future__ import annotations

from archiver.extract.html import load_html
from archiver.extract.text import ParagraphWriter, collapse, element_text


def _paragraphs(html: str, base: str = "https://news.example/live/") -> ParagraphWriter:
    body = load_html(html.encode("utf-8")).find("body")
    assert body is not None
    writer = ParagraphWriter(base)
    writer.feed(list(body))
    return writer


def test_nbsp_survives_collapsing_and_becomes_a_space() -> None:
    # the seed's entry 3: "dit&nbsp; soort" is two spaces in the text
    assert _paragraphs("<p>dat dit&nbsp; soort onenigheden</p>").text == \
        "dat dit  soort onenigheden"


def test_ascii_whitespace_collapses_and_paragraph_ends_are_stripped() -> None:
    w = _paragraphs("<p>\n   Een\t\tzin \n over  twee\nregels.&nbsp;</p>")
    assert w.text == "Een zin over twee regels."
    assert collapse("  a \xa0 ") == "a"


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    w = _paragraphs("<div><p>Een.</p>\n\n<p>Twee.</p><ul><li>drie</li><li>vier</li></ul>"
                    "<blockquote>vijf</blockquote></div>")
    assert w.text == "Een.\n\nTwee.\n\ndrie\n\nvier\n\nvijf"


def test_br_is_a_line_break_inside_a_paragraph() -> None:
    assert _paragraphs("<p>regel een<br>regel twee<br><br></p>").text == "regel een\nregel twee"


def test_inline_elements_join_without_extra_spaces() -> None:
    assert _paragraphs("<p>Lees <a href='/x'>hier</a>, <b>nu</b>!</p>").text == "Lees hier, nu!"


def test_links_are_absolute_with_their_text() -> None:
    w = _paragraphs("<p><a href='/nieuws/a~b1/'>Lees hier het hele verslag.</a>"
                    "<a href='#top'>top</a><a href='javascript:void(0)'>x</a>"
                    "<a href='https://other.example/p'> ander </a></p>")
    assert w.links == [
        {"url": "https://news.example/nieuws/a~b1/", "text": "Lees hier het hele verslag."},
        {"url": "https://other.example/p", "text": "ander"},
    ]


def test_scripts_and_styles_are_not_text() -> None:
    w = _paragraphs("<p>zichtbaar<script>var x = 1;</script><style>p{}</style></p>")
    assert w.text == "zichtbaar"


def test_element_text_skips_given_elements() -> None:
    body = load_html(b"<h2><span>12.31 Uhr</span> Titel</h2>").find("body")
    assert body is not None
    h2 = body[0]
    assert element_text(h2) == "12.31 Uhr Titel"
    assert element_text(h2, skip={h2[0]}) == "Titel"
