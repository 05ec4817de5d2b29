"""schema.org microdata: elements marked ``itemprop="liveBlogUpdate"`` and their properties."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from archiver.extract.selectors import MICRODATA_LIVEBLOG, MICRODATA_UPDATES, elements_of
from archiver.extract.text import element_text


@dataclass
class MicroItem:
    element: etree._Element
    props: dict[str, str] = field(default_factory=dict)
    prop_elements: dict[str, etree._Element] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)


def _value(el: etree._Element) -> str:
    """The microdata value of a property element (HTML spec: content, datetime, href, text)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if el.get("content") is not None:
        return (el.get("content") or "").strip()
    if tag == "time" and el.get("datetime"):
        return (el.get("datetime") or "").strip()
    if tag in ("a", "link", "area") and el.get("href"):
        return (el.get("href") or "").strip()
    if tag in ("img", "source", "iframe", "audio", "video") and el.get("src"):
        return (el.get("src") or "").strip()
    return element_text(el)


def _own_props(scope: etree._Element) -> list[etree._Element]:
    """Property elements that belong to ``scope`` (not to an item nested inside it)."""
    out: list[etree._Element] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.get("itemprop") is not None:
                out.append(child)
            if child.get("itemscope") is None:
                walk(child)

    walk(scope)
    return out


def read_item(el: etree._Element) -> MicroItem:
    item = MicroItem(element=el)
    for prop_el in _own_props(el):
        for name in (prop_el.get("itemprop") or "").split():
            if name == "author":
                if prop_el.get("itemscope") is not None:
                    sub = {p.get("itemprop"): _value(p) for p in _own_props(prop_el)}
                    author = sub.get("name") or element_text(prop_el)
                else:
                    author = _value(prop_el)
                if author and author not in item.authors:
                    item.authors.append(author)
                continue
            if name not in item.props:
                item.props[name] = _value(prop_el)
                item.prop_elements[name] = prop_el
    return item


def update_elements(root: etree._Element) -> list[etree._Element]:
    """The elements that are liveBlogUpdate items.

    In microdata an element is an item only with ``itemscope``; ``itemprop="liveBlogUpdate"``
    alone makes it a text property of the outer item. Pages ship that mistake two ways: on
    one feed container (it must not become one giant entry) and on every entry (the entries
    are still meant). Without any real item, elements marked alike that are siblings of each
    other are taken; a lone marked container is not."""
    marked = elements_of(MICRODATA_UPDATES(root))
    scoped = [el for el in marked if el.get("itemscope") is not None]
    if scoped:
        return scoped
    by_parent: dict[etree._Element, int] = {}
    for el in marked:
        parent = el.getparent()
        if parent is not None:
            by_parent[parent] = by_parent.get(parent, 0) + 1
    return [el for el in marked
            if (parent := el.getparent()) is not None and by_parent[parent] >= 2]


def read_microdata(root: etree._Element) -> tuple[list[MicroItem], dict[str, str]]:
    """The liveBlogUpdate items, and the LiveBlogPosting's own properties (page dates)."""
    items = [read_item(el) for el in update_elements(root)]
    page: dict[str, str] = {}
    for scope in elements_of(MICRODATA_LIVEBLOG(root)):
        for prop_el in _own_props(scope):
            name = prop_el.get("itemprop") or ""
            if name and name != "liveBlogUpdate" and name not in page:
                page[name] = _value(prop_el)
        break
    return items, page
