"""Every XPath, CSS selector and tag set the extractor uses, compiled once."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence

from lxml import etree
from lxml.cssselect import CSSSelector

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Content that is never entry text: dropped with its subtree (its tail text is kept).
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "button", "svg", "math", "iframe", "object",
    "embed", "form", "input", "select", "textarea", "canvas", "audio", "video", "source",
    "track", "map", "link", "meta", "head", "title", "dialog", "img", "picture",
})
# Containers that never hold the live feed itself (menus, sidebars, page chrome).
CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "menu", "form", "noscript"})
# Tags whose repeated siblings can be entries.
BLOCK_CANDIDATE_TAGS = frozenset({"article", "section", "li", "div", "details", "dd"})

JSONLD_SCRIPTS = etree.XPath(
    "//script[translate(normalize-space(@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz')='application/ld+json']")
META_TAGS = etree.XPath("//head//meta | //meta")
CANONICAL = etree.XPath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]"
                        "/@href")
TITLE = etree.XPath("//title")
FIRST_H1 = etree.XPath("(//body//h1)[1]")
MICRODATA_UPDATES = etree.XPath(
    "//*[@itemprop and contains(concat(' ', normalize-space(@itemprop), ' '),"
    " ' liveBlogUpdate ')]")
MICRODATA_LIVEBLOG = etree.XPath(
    "//*[@itemscope and contains(@itemtype, 'LiveBlogPosting')]")
ITEMPROPS = etree.XPath(".//*[@itemprop]")
TIME_ELEMENTS = etree.XPath(".//time")
IFRAMES = etree.XPath(".//iframe")
ANCHORS = etree.XPath(".//a[@href]")
HEADINGS = etree.XPath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//*[@role='heading']")

TWEET_TEXT = CSSSelector("[data-testid=tweetText], .Tweet-text, .tweet-text, .tweet__text,"
                         " .EmbeddedTweet-tweet p")
TWEET_USER = CSSSelector("[data-testid=User-Name], .TweetAuthor, .tweet__author")
TWEET_NAME = CSSSelector(".TweetAuthor-name, .tweet__name")
TWEET_HANDLE = CSSSelector(".TweetAuthor-screenName, .tweet__handle")
TWEET_ARTICLE = CSSSelector("[data-testid=tweet], [data-tweet-id], .EmbeddedTweet, .Tweet")


@functools.lru_cache(maxsize=512)
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (profiles hold selector strings; compile each once)."""
    return CSSSelector(selector)


def select(root: etree._Element, selector: str) -> list[etree._Element]:
    return elements_of(css(selector)(root))


def elements_of(result: object) -> list[etree._Element]:
    """The elements in an XPath/CSS result (lxml types results as a union of everything)."""
    if not isinstance(result, list):
        return []
    return [r for r in result if isinstance(r, etree._Element) and isinstance(r.tag, str)]


def strings_of(result: object) -> list[str]:
    if not isinstance(result, list):
        return []
    return [str(r) for r in result if isinstance(r, str | bytes)]


def texts(el: etree._Element) -> Iterator[str]:
    """``el.itertext()`` as str (the stubs allow bytes)."""
    for piece in el.itertext():
        yield piece if isinstance(piece, str) else piece.decode("utf-8", "replace")


def attrs(el: etree._Element) -> list[tuple[str, str]]:
    """The element's attributes as sorted (name, value) strings."""
    return sorted((str(k), str(v)) for k, v in el.attrib.items())


def iter_elements(elements: Sequence[etree._Element], skip: Collection[etree._Element]
                  ) -> list[etree._Element]:
    """Every element under ``elements`` in document order, leaving out ``skip`` subtrees."""
    out: list[etree._Element] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el in skip:
            return
        out.append(el)
        for child in el:
            walk(child)

    for el in elements:
        walk(el)
    return out
