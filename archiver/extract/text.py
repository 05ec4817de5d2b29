"""Visible text of elements: HTML whitespace rules, paragraphs, and the links they contain."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from urllib.parse import urljoin

from lxml import etree

from archiver.extract.selectors import BLOCK_TAGS, DROP_TAGS, texts

# HTML collapses only ASCII whitespace; NBSP survives collapsing and becomes a space after.
# A lone space is already collapsed: only longer runs and other characters are replaced.
_ASCII_WS = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")
_BR = "\x00"


def collapse_ascii_ws(text: str) -> str:
    """Every run of ASCII whitespace as one space."""
    return _ASCII_WS.sub(" ", text)


def collapse(text: str) -> str:
    """One paragraph's text: ASCII whitespace collapsed, then NBSP as a space, ends stripped."""
    text = collapse_ascii_ws(text).strip(" ")
    return text.replace("\xa0", " ").strip()


def element_text(el: etree._Element, skip: Collection[etree._Element] = ()) -> str:
    """All visible text of ``el`` on one line (scripts, styles and ``skip`` left out)."""
    parts: list[str] = []
    _inline_text(el, parts, skip, top=True)
    return collapse("".join(parts))


def _inline_text(el: etree._Element, parts: list[str], skip: Collection[etree._Element],
                 top: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is not None and (el in skip or tag in DROP_TAGS) and not top:
        return
    if tag is not None:
        if tag in BLOCK_TAGS and not top:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            _inline_text(child, parts, skip)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCK_TAGS or tag == "br":
            parts.append(" ")


def is_url_text(text: str) -> bool:
    return bool(re.fullmatch(r"(?:https?://|www\.)\S+", text.strip()))


class ParagraphWriter:
    """Walks content elements and produces paragraphs and the links inside them."""

    def __init__(self, base_url: str, skip: Collection[etree._Element] = ()) -> None:
        self.base_url = base_url
        self.skip = skip
        self.paragraphs: list[str] = []
        self.links: list[dict[str, str]] = []
        self._current: list[str] = []

    def feed(self, elements: Iterable[etree._Element]) -> None:
        for el in elements:
            self._walk(el)
            self._flush()

    def _flush(self) -> None:
        raw = "".join(self._current)
        self._current = []
        if not raw or raw.isspace():
            return  # nothing but whitespace: no line to keep
        lines = [collapse(line) for line in raw.split(_BR)]
        # A <br> inside a paragraph is a line break; empty lines around it are not kept.
        text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append(text)

    def _walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:
            return
        if el in self.skip or tag in DROP_TAGS:
            return
        if tag == "br":
            self._current.append(_BR)
            return
        block = tag in BLOCK_TAGS
        if block:
            self._flush()
        if tag == "a" and el.get("href"):
            self._add_link(el)
        if el.text:
            self._current.append(el.text)
        for child in el:
            self._walk(child)
            if child.tail:
                self._current.append(child.tail)
        if block:
            self._flush()

    def _add_link(self, el: etree._Element) -> None:
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:", "tel:", "data:")):
            return
        url = urljoin(self.base_url, href)
        text = element_text(el, self.skip)
        link = {"url": url, "text": text}
        if link not in self.links:
            self.links.append(link)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _raw_text(el: etree._Element, cap: int) -> str | None:
    """``el.itertext()`` joined, or None as soon as it is longer than ``cap`` characters."""
    total = 0
    parts: list[str] = []
    for piece in texts(el):
        total += len(piece)
        if total > cap:
            return None
        parts.append(piece)
    return "".join(parts)


def _fits(raw: str | None, limit: int) -> str | None:
    """The short_text of an element whose joined text is ``raw``."""
    if raw is None or len(raw) > limit * 3:
        return None
    text = " ".join(raw.split())
    return text if len(text) <= limit else None


def short_text(el: etree._Element, limit: int = 60) -> str | None:
    """The element's text on one line if it is at most ``limit`` characters, else None
    (stops reading early: a big element costs no more than a small one)."""
    return _fits(_raw_text(el, limit * 3), limit)


class TextCache:
    """:func:`short_text` of the elements of one tree that does not change: each element's
    joined text (up to :attr:`CAP` characters) is read once, for every limit asked of it;
    :meth:`read_subtrees` reads whole subtrees at once, a parent's from its children's."""

    CAP = 900   # 3 × the largest limit the extractor asks for

    def __init__(self) -> None:
        self._raw: dict[etree._Element, str | None] = {}   # None: longer than CAP

    def short_text(self, el: etree._Element, limit: int = 60) -> str | None:
        if limit * 3 > self.CAP:
            return short_text(el, limit)
        if el in self._raw:
            return _fits(self._raw[el], limit)
        raw = self._raw[el] = _raw_text(el, self.CAP)
        return _fits(raw, limit)

    def read_subtrees(self, elements: Sequence[etree._Element]) -> None:
        """Read ``elements``: in document order, each followed by its whole subtree (as a
        :class:`~archiver.extract.selectors.Walk` lists them), so read backwards every
        element's children are read before it."""
        for el in reversed(elements):
            if el not in self._raw:
                self._raw[el] = self._joined(el)

    def _joined(self, el: etree._Element) -> str | None:
        parts = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str) or child not in self._raw:
                return _raw_text(el, self.CAP)  # a comment or the like: itertext decides
            inner = self._raw[child]
            if inner is None:
                return None
            parts.append(inner)
            parts.append(child.tail or "")
        raw = "".join(parts)
        return raw if len(raw) <= self.CAP else None
