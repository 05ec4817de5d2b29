"""One page's tree, read once: document order, profile selectors run over the whole page,
element texts and flattened regions, so reading 2,000 entries repeats no per-entry query.
The tree must not change while an index is in use (extraction never changes it)."""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Sequence

from cssselect import parse as parse_css
from cssselect.parser import Class, CombinedSelector, Element
from lxml import etree

from archiver.extract.selectors import Walk, css, elements_of, select
from archiver.extract.text import TextCache

_PAST_THE_PAGE = sys.maxsize
_XML_SPACE = str.maketrans("\t\r\n", "   ")


def is_local_selector(selector: str) -> bool:
    """Whether an element matches ``selector`` whatever subtree it is searched from: no
    combinator (an ancestor or sibling outside the subtree would count only from the page)."""
    if ":scope" in selector.lower():
        return False
    return not any(isinstance(s.parsed_tree, CombinedSelector) for s in parse_css(selector))


def class_selectors(selector: str) -> list[tuple[str | None, frozenset[str]]] | None:
    """(tag or None, classes) of each selector in the group when every one is only classes on
    an optional tag (".a", "li.a.b"), which a class index answers; else None."""
    out: list[tuple[str | None, frozenset[str]]] = []
    for parsed in parse_css(selector):
        tree, classes = parsed.parsed_tree, set()
        while isinstance(tree, Class):
            classes.add(tree.class_name)
            tree = tree.selector
        if parsed.pseudo_element is not None or not classes or not isinstance(tree, Element) \
                or tree.namespace is not None:
            return None
        out.append((tree.element if tree.element not in (None, "*") else None,
                    frozenset(classes)))
    return out


def class_tokens(value: str | None) -> frozenset[str]:
    """The classes of a class attribute as CSS (XPath's normalize-space) splits it."""
    return frozenset((value or "").translate(_XML_SPACE).split(" ")) - {""}


class PageIndex:
    """Queries on one page's tree that would otherwise be repeated for every entry."""

    def __init__(self, root: etree._Element | None = None) -> None:
        self.root = root
        self.text = TextCache()
        self._order: dict[etree._Element, int] | None = None
        # selector -> (document positions, elements) of its matches; None: not indexable
        self._matches: dict[str, tuple[list[int], list[etree._Element]] | None] = {}
        self._walks: dict[tuple[etree._Element, ...], Walk] = {}
        self._classes: dict[etree._Element, frozenset[str]] | None = None
        self._by_class: dict[str, list[etree._Element]] = {}

    @property
    def order(self) -> dict[etree._Element, int]:
        """Element -> its position in document order (elements only)."""
        if self._order is None:
            self._order = {} if self.root is None else {
                el: i for i, el in enumerate(self.root.iter()) if isinstance(el.tag, str)}
        return self._order

    def walk(self, roots: Sequence[etree._Element]) -> Walk:
        key = tuple(roots)
        found = self._walks.get(key)
        if found is None:
            found = self._walks[key] = Walk(roots)
            self.text.read_subtrees(found.elements)
        return found

    def select(self, scope: etree._Element, selector: str) -> list[etree._Element]:
        """``select(scope, selector)``, answered from one query over the page when it can."""
        matches = self._page_matches(selector)
        start = self.order.get(scope) if matches is not None else None
        if matches is None or start is None:
            return select(scope, selector)
        positions, elements = matches
        low = bisect_left(positions, start)
        high = bisect_left(positions, self._subtree_end(scope), lo=low)
        return elements[low:high]

    def _page_matches(self, selector: str) -> tuple[list[int], list[etree._Element]] | None:
        if selector not in self._matches:
            compiled = css(selector)    # a bad selector fails here, as select() would
            found = None
            if self.root is not None and is_local_selector(selector):
                parts = class_selectors(selector)
                elements = (elements_of(compiled(self.root)) if parts is None
                            else self._with_classes(parts))
                found = ([self.order[el] for el in elements], elements)
            self._matches[selector] = found
        return self._matches[selector]

    def _with_classes(self, parts: list[tuple[str | None, frozenset[str]]]
                      ) -> list[etree._Element]:
        """The page's elements matching any of ``parts`` (see class_selectors), in order."""
        if self._classes is None:
            self._classes = {}
            for el in self.order:
                value = el.get("class")
                if value:
                    tokens = self._classes[el] = class_tokens(value)
                    for token in tokens:
                        self._by_class.setdefault(token, []).append(el)
        classes = self._classes
        found: set[etree._Element] = set()
        for tag, wanted in parts:
            rarest = min(wanted, key=lambda c: len(self._by_class.get(c, ())))
            found.update(el for el in self._by_class.get(rarest, ())
                         if wanted <= classes[el] and (tag is None or el.tag == tag))
        return sorted(found, key=self.order.__getitem__)

    def _subtree_end(self, el: etree._Element) -> int:
        """The document position just past ``el``'s subtree."""
        node: etree._Element | None = el
        while node is not None:
            after = node.getnext()
            while after is not None and not isinstance(after.tag, str):
                after = after.getnext()
            if after is not None:
                return self.order[after]
            node = node.getparent()
        return _PAST_THE_PAGE
