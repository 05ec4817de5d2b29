"""PageIndex, Walk and TextCache answer exactly what the per-element queries they replace do."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from archiver.extract.evaluate import load_snapshot
from archiver.extract.html import load_html
from archiver.extract.page_index import PageIndex, class_selectors, is_local_selector
from archiver.extract.selectors import Walk, select
from archiver.extract.text import TextCache, short_text

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(p for base in ("liveblogs", "blind") for p in (FIXTURES / base).iterdir()
               if (p / "meta.json").is_file())
SELECTORS = (".live-blog__moment__title", "li.live-blog__moment-list__item", "figure",
             "p, .caption", "time", "div p", "h2 + p", ".a.b", "li:first-child", "*.a",
             "[data-id]", "#main .x")
SYNTHETIC = (b"<html><body><div id=main class='a\tb'><p class='a\fb'>x</p>"
             b"<p class='a\xc2\xa0b'>y</p><p class=' b  a '>z</p><p class=A>w</p>"
             b"<h2 class=x>h</h2><p class=caption>c</p><ul><li class=a>1</li><li>2</li></ul>"
             b"</div><figure><p>f</p></figure></body></html>")


def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)]


@pytest.mark.parametrize("page", [*PAGES, None], ids=[p.name for p in PAGES] + ["synthetic"])
def test_select_matches_css_from_every_scope(page: Path | None) -> None:
    root = load_html(SYNTHETIC if page is None else load_snapshot(page).html)
    index = PageIndex(root)
    scopes = [*_elements(root)[::7], root]
    for selector in SELECTORS:
        for scope in scopes:
            assert index.select(scope, selector) == select(scope, selector), (selector, scope)


def test_selector_kinds() -> None:
    assert is_local_selector(".a, li.b:first-child")
    assert not is_local_selector("div p") and not is_local_selector(":scope > p")
    assert class_selectors("li.a.b, .c") == [("li", frozenset({"a", "b"})),
                                             (None, frozenset({"c"}))]
    assert class_selectors("li") is None and class_selectors(".a[x]") is None


def test_walk_leaves_out_skipped_subtrees() -> None:
    root = lxml.html.fromstring("<div><p>a<b>b</b></p><p>c<i>d</i><i>e</i></p><span/></div>")
    p1, p2 = root[0], root[1]
    walk = Walk([p1, p2])
    assert [el.tag for el in walk.without(set())] == ["p", "b", "p", "i", "i"]
    assert walk.without({p1}) == [p2, *p2]
    assert walk.outermost(set(), lambda el: el.tag in ("p", "i")) == [p1, p2]
    assert walk.outermost({p1}, lambda el: el.tag == "i") == list(p2)


def test_text_cache_agrees_with_short_text() -> None:
    page = load_snapshot(FIXTURES / "liveblogs" / "sample-volkskrant")
    root = load_html(page.html)
    elements = _elements(root)
    filled, lazy = TextCache(), TextCache()
    filled.read_subtrees(Walk([root]).elements)
    for el in elements:
        for limit in (10, 30, 60, 300, 400):
            want = short_text(el, limit)
            assert filled.short_text(el, limit) == want
            assert lazy.short_text(el, limit) == want
