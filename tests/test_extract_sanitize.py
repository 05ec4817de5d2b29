"""body_html: only structure and links survive."""

from __future__ import annotations

from archiver.extract.html import load_html
from archiver.extract.sanitize import sanitize, text_to_html


def _clean(html: str, unwrap: bool = True) -> str:
    body = load_html(html.encode("utf-8")).find("body")
    assert body is not None
    return sanitize(list(body), "https://news.example/live/", unwrap_roots=unwrap)


def test_scripts_styles_iframes_handlers_and_attributes_are_removed() -> None:
    out = _clean('<div class="x" onclick="steal()"><p style="color:red" onmouseover="x()">Tekst'
                 '<script>alert(1)</script></p><style>p{}</style><iframe src="https://e.x/">'
                 '</iframe><img src="a.jpg" onerror="x()"><form><input value="v"></form></div>')
    assert out == "<p>Tekst</p>"


def test_links_are_absolute_and_unsafe_schemes_dropped() -> None:
    out = _clean('<div><p><a href="/a" target="_blank" rel="x">rel</a> '
                 '<a href="javascript:evil()">js</a> <a href="mailto:r@news.example">mail</a> '
                 '<a href="#frag">frag</a></p></div>')
    assert out == ('<p><a href="https://news.example/a">rel</a> js '
                   '<a href="mailto:r@news.example">mail</a> frag</p>')


def test_text_runs_between_blocks_become_paragraphs() -> None:
    out = _clean("<div>los begin<p>alinea</p>los eind<div><strong>vet</strong></div></div>")
    assert out == "<p>los begin</p><p>alinea</p><p>los eind</p><p><strong>vet</strong></p>"


def test_structure_is_kept() -> None:
    out = _clean("<section><h1>Kop</h1><ul><li>een</li><li><em>twee</em></li></ul>"
                 "<blockquote><p>citaat</p></blockquote></section>")
    assert out == ("<h2>Kop</h2><ul><li>een</li><li><em>twee</em></li></ul>"
                   "<blockquote><p>citaat</p></blockquote>")


def test_text_is_escaped() -> None:
    assert _clean("<div><p>a &lt;b&gt; &amp; c</p></div>") == "<p>a &lt;b&gt; &amp; c</p>"
    assert text_to_html("een <b>\n\ntwee\nregel") == "<p>een &lt;b&gt;</p><p>twee<br>regel</p>"
