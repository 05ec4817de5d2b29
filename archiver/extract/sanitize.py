"""body_html: the entry's content reduced to structure and links, safe to display anywhere."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from html import escape
from urllib.parse import urljoin

from lxml import etree

from archiver.extract.selectors import BLOCK_TAGS, DROP_TAGS
from archiver.extract.text import collapse_ascii_ws

ALLOWED_TAGS = frozenset({
    "p", "br", "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li",
    "blockquote", "q", "cite", "code", "pre", "h2", "h3", "h4", "h5", "h6", "hr", "table",
    "thead", "tbody", "tr", "th", "td",
})
# Allowed tags that stand as blocks of their own in the output.
_OUTPUT_BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6",
                            "hr", "table"})
_VOID = frozenset({"br", "hr"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Whitespace just inside these tags is trimmed (a look-behind per tag: each of fixed width;
# the leading one fails fast wherever no tag ends).
_TIDY_TAGS = ("p", "li", "h[2-6]", "blockquote", "td", "th")
_SPACE_AFTER_OPEN = re.compile(
    "(?<=>)(?:" + "|".join(f"(?<=<{t}>)" for t in _TIDY_TAGS) + r")\s+")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+(?=</(?:" + "|".join(_TIDY_TAGS) + ")>)")
_MARKUP_OR_SPACE = re.compile(r"<[^>]+>|\s")


def _text(value: str | None) -> str:
    return escape(collapse_ascii_ws(value), quote=False) if value else ""


def _safe_href(href: str, base_url: str) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(base_url, href)
    return url if url.lower().startswith(_SAFE_SCHEMES) else None


def _tidy(html: str) -> str:
    """Trim whitespace just inside block tags so the output does not depend on indentation."""
    html = _SPACE_AFTER_OPEN.sub("", html)
    return _SPACE_BEFORE_CLOSE.sub("", html).strip()


def _has_content(html: str) -> bool:
    return bool(_MARKUP_OR_SPACE.sub("", html)) or html == "<hr>"


class _Writer:
    def __init__(self, base_url: str, skip: Collection[etree._Element]) -> None:
        self.base_url = base_url
        self.skip = skip
        self.blocks: list[str] = []
        self.inline: list[str] = []

    def flush(self) -> None:
        html = _tidy("<p>" + "".join(self.inline) + "</p>")
        self.inline = []
        if _has_content(html):
            self.blocks.append(html)

    def container(self, el: etree._Element) -> None:
        """An element that is not output itself (div, section, the entry's own element)."""
        self.inline.append(_text(el.text))
        for child in el:
            self.node(child)
            self.inline.append(_text(child.tail))

    def node(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or el in self.skip or tag in DROP_TAGS:
            return
        if tag == "h1":
            tag = "h2"  # the page owns h1
        if tag in _OUTPUT_BLOCKS:
            self.flush()
            html = _tidy(self.serialize(el, tag))
            if _has_content(html):
                self.blocks.append(html)
        elif tag in BLOCK_TAGS and tag not in ALLOWED_TAGS:
            self.flush()
            self.container(el)
            self.flush()
        else:
            self.inline.append(self.serialize(el, tag))

    def serialize(self, el: etree._Element, tag: str) -> str:
        """An element inside a block: allowed tags kept, others unwrapped."""
        inner: list[str] = [_text(el.text)]
        for child in el:
            ctag = child.tag if isinstance(child.tag, str) else None
            if ctag is not None and child not in self.skip and ctag not in DROP_TAGS:
                inner.append(self.serialize(child, "h2" if ctag == "h1" else ctag))
            inner.append(_text(child.tail))
        body = "".join(inner)
        if tag not in ALLOWED_TAGS:
            return body
        if tag == "a":
            href = _safe_href(el.get("href") or "", self.base_url)
            if href is None:
                return body
            return f'<a href="{escape(href, quote=True)}">{body}</a>'
        if tag in _VOID:
            return f"<{tag}>"
        return f"<{tag}>{body}</{tag}>"


def sanitize(elements: Iterable[etree._Element], base_url: str,
             skip: Collection[etree._Element] = (), unwrap_roots: bool = False) -> str:
    """Serialize ``elements`` keeping only :data:`ALLOWED_TAGS`, ``href`` (absolute, http(s) or
    mailto) and text; other tags are unwrapped (text runs between blocks become ``<p>``);
    scripts, styles, iframes, forms and event handlers are dropped.
    With ``unwrap_roots`` the given elements are containers (an entry's own element) and only
    their content is written."""
    w = _Writer(base_url, skip)
    for el in elements:
        if el in skip:
            continue
        if unwrap_roots:
            w.flush()
            w.container(el)
            w.flush()
        else:
            w.node(el)
    w.flush()
    return "".join(w.blocks)


def text_to_html(text: str) -> str:
    """Plain text (paragraphs separated by blank lines) as sanitized HTML paragraphs."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + escape(p, quote=False).replace("\n", "<br>") + "</p>"
                   for p in paras)
