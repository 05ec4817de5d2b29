"""Visible text of elements: HTML whitespace rules, paragraphs, and the links they contain."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from urllib.parse import urljoin

from lxml import etree

from archiver.extract.selectors import BLOCK_TAGS, DROP_TAGS, texts

# HTML collapses only ASCII whitespace; NBSP survives collapsing and becomes a space after.
_ASCII_WS = re.compile(r"[ \t\n\r\f]+")
_BR = "\x00"


def collapse(text: str) -> str:
    """One paragraph's text: ASCII whitespace collapsed, then NBSP as a space, ends stripped."""
    text = _ASCII_WS.sub(" ", text).strip(" ")
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


def short_text(el: etree._Element, limit: int = 60) -> str | None:
    """The element's text on one line if it is at most ``limit`` characters, else None
    (stops reading early: a big element costs no more than a small one)."""
    total = 0
    parts: list[str] = []
    for piece in texts(el):
        total += len(piece)
        if total > limit * 3:
            return None
        parts.append(piece)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None
