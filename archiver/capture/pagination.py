"""Pagination: the further pages of a liveblog that keeps older entries behind ``?page=2``
links, ``rel=next`` or a "load more" link that is a real link to another document."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from archiver.capture.behaviours.expand import LOAD_MORE_TEXT

# Link texts that lead to the older part of the same liveblog (besides "load more" texts).
_NEXT_TEXT = re.compile(
    r"^(next|next page|older|older entries|older updates|volgende|volgende pagina|vorige berichten|"
    r"nächste seite|weiter|page suivante|suivant|pagina successiva|successiva|página siguiente|"
    r"siguiente|następna strona|następna)( ?[›»→>])?$|^[›»→]$", re.I)
_LOAD_MORE = re.compile(LOAD_MORE_TEXT, re.I)
# What a further page's path adds to the liveblog's own: "/page/2", "/2", "/p3", "/seite-2".
_PAGE_SUFFIX = re.compile(r"^/(?:(?:page|pagina|seite|sida|side|p)[/-]?)?\d{1,4}$", re.I)
_PAGE_TAIL = re.compile(r"/(?:(?:page|pagina|seite|sida|side|p)[/-]?)?\d{1,4}$", re.I)
_PAGE_NUMBER_TAIL = re.compile(r"/(?:page|pagina|seite|sida|side|p)[/-]?(\d{1,4})$", re.I)


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


_PAGE_PARAMS = ("page", "p", "pg", "paged", "pagina", "seite", "sida", "side", "strona")


def page_number_of(url: str) -> int | None:
    """The page number a URL names (``?page=3``, ``/page/3/``), if it names one."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for name in _PAGE_PARAMS:
        values = query.get(name)
        if values and values[-1].strip().isdigit():
            return int(values[-1])
    tail = _PAGE_NUMBER_TAIL.search(parts.path.rstrip("/"))
    return int(tail.group(1)) if tail else None


def is_further_page(page_url: str, link: str) -> bool:
    """Whether ``link`` is another page of the liveblog at ``page_url``: same site and path
    with another query (``?page=2``), or the path with a page number added (``/page/2``).
    A link back to a page before this one (``?page=1`` from ``?page=2``) is none."""
    base, other = urlsplit(page_url), urlsplit(link)
    if other.scheme not in ("http", "https") or other.netloc != base.netloc:
        return False
    if _without_fragment(page_url) == _without_fragment(link):
        return False
    here, there = page_number_of(page_url), page_number_of(link)
    if here is not None and there is not None and there <= here:
        return False
    base_path, other_path = base.path.rstrip("/"), other.path.rstrip("/")
    if other_path == base_path:
        return other.query != base.query
    root = _PAGE_TAIL.sub("", base_path)
    # A further page of a further page ("/live/page/2" → "/live/page/3") has the same root.
    for stem in dict.fromkeys((base_path, root)):
        rest = other_path[len(stem):] if other_path.startswith(stem) else None
        if rest and _PAGE_SUFFIX.match(rest):
            return True
    return False


def _text(el: etree._Element) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


def next_pages(html: bytes | str, page_url: str) -> list[str]:
    """The further pages this page links to, in document order: ``rel=next`` links, and links
    whose text says "load more", "older" or "next page"."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for el in root.iter("a", "link"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        rel = (el.get("rel") or "").lower().split()
        if "next" not in rel:
            text = _text(el) if el.tag == "a" else ""
            if not text or len(text) > 60 or not (_NEXT_TEXT.match(text)
                                                 or _LOAD_MORE.match(text)):
                continue
        link = _without_fragment(urljoin(page_url, href))
        if is_further_page(page_url, link) and link not in found:
            found.append(link)
    return found
