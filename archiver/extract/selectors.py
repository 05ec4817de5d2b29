"""Every XPath, CSS selector and tag set the extractor uses, compiled once."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Sequence

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
CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "menu", "form", "noscript",
                         "template"})
# Text for screen readers only ("Image source, ", "Image caption, "): never shown, so never
# caption, credit or body text. The class token stands alone or as a camelCase word
# (sr-only, visually-hidden, u-visually-hidden, screen-reader-text, srOnly, Foo-VisuallyHidden).
_VISUALLY_HIDDEN_CLASS = re.compile(
    r"(?:^|[\s_-]|(?<=[a-z0-9])(?=[A-Z]))"
    r"(?i:sr[-_]?only|visually[-_]?hidden|hidden[-_]?visually|hide[-_]?visually|"
    r"visually[-_]?hide|screen[-_]?reader|a11y[-_]?hidden|assistive[-_]?text|"
    r"element[-_]?invisible|show[-_]?for[-_]?sr)"
    r"(?:$|[\s_-]|(?=[A-Z]))")


def is_visually_hidden(el: etree._Element) -> bool:
    """An element whose class hides it from sight but not from screen readers."""
    return bool(_VISUALLY_HIDDEN_CLASS.search(el.get("class") or ""))


# Tags whose repeated siblings can be entries.
BLOCK_CANDIDATE_TAGS = frozenset({"article", "section", "li", "div", "details", "dd"})
# AMP's own components (amp-img, amp-ad, amp-live-list, amp-social-share…) are the page's
# media, adverts and machinery, never an entry's container (AMP puts entries in <div>s).
_FRAMEWORK_PREFIXES = ("amp-",)
# Image elements: <img>, and AMP's image components (same src/srcset/alt attributes).
IMAGE_TAGS = frozenset({"img", "amp-img", "amp-anim"})


def is_custom_element(tag: str) -> bool:
    """A custom element's name (HTML: it contains a hyphen): ``<live-post>``, ``<feed-item>``."""
    return "-" in tag and not tag.startswith(_FRAMEWORK_PREFIXES)


def is_block_candidate(el: etree._Element) -> bool:
    """An element whose repeated siblings can be entries: a block tag of
    :data:`BLOCK_CANDIDATE_TAGS`, a custom element (web-component feeds: ``<live-post>``), or
    any element that says it is an article (``role="article"``)."""
    tag = el.tag
    if not isinstance(tag, str):
        return False
    return tag in BLOCK_CANDIDATE_TAGS or is_custom_element(tag) or el.get("role") == "article"


def image_elements(root: etree._Element) -> list[etree._Element]:
    """The image elements under ``root`` (itself included) in document order, leaving out an
    ``<img>`` inside an AMP image (its ``<noscript>`` fallback: the same picture)."""
    return [el for el in root.iter(*IMAGE_TAGS) if el.tag != "img" or not _in_image(el, root)]


def _in_image(el: etree._Element, root: etree._Element) -> bool:
    for a in el.iterancestors():
        if a.tag in IMAGE_TAGS:
            return True
        if a is root:
            return False
    return False

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


class Walk:
    """The elements under some roots in document order, each with the position just past its
    subtree: a walk that leaves out skipped subtrees jumps over them instead of recursing."""

    def __init__(self, roots: Sequence[etree._Element]) -> None:
        self.elements: list[etree._Element] = []
        self._ends: list[int] = []
        for root in roots:
            self._add(root)

    def _add(self, root: etree._Element) -> None:
        if not isinstance(root.tag, str):
            return
        open_: list[int] = []   # positions of the elements whose subtree is being listed
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue    # comments and the like: leaves, never walked
            parent = el.getparent()
            while open_ and self.elements[open_[-1]] is not parent:
                self._ends[open_.pop()] = len(self.elements)
            open_.append(len(self.elements))
            self.elements.append(el)
            self._ends.append(0)
        for pos in open_:
            self._ends[pos] = len(self.elements)

    def without(self, skip: Collection[etree._Element]) -> list[etree._Element]:
        """Every element in document order, leaving out ``skip`` subtrees."""
        if not skip:
            return list(self.elements)
        out: list[etree._Element] = []
        elements, ends = self.elements, self._ends
        pos, stop = 0, len(elements)
        while pos < stop:
            el = elements[pos]
            if el in skip:
                pos = ends[pos]
            else:
                out.append(el)
                pos += 1
        return out


    def outermost(self, skip: Collection[etree._Element],
                  test: Callable[[etree._Element], bool]) -> list[etree._Element]:
        """The elements that pass ``test`` and lie in no other such element, in document
        order, leaving out ``skip`` subtrees."""
        out: list[etree._Element] = []
        elements, ends = self.elements, self._ends
        pos, stop = 0, len(elements)
        while pos < stop:
            el = elements[pos]
            if el in skip:
                pos = ends[pos]
            elif test(el):
                out.append(el)
                pos = ends[pos]
            else:
                pos += 1
        return out


def iter_elements(elements: Sequence[etree._Element], skip: Collection[etree._Element]
                  ) -> list[etree._Element]:
    """Every element under ``elements`` in document order, leaving out ``skip`` subtrees."""
    return Walk(elements).without(skip)
