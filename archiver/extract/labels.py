"""An entry's header furniture: pinned and status labels, author elements, bylines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from archiver.extract.selectors import HEADING_TAGS, texts
from archiver.extract.text import short_text
from archiver.extract.times import is_time_only

AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline|auteur|autor|autore|autrice|firma|"
                          r"signature)(?:$|[\s_-])", re.I)
PINNED_CLASS = re.compile(r"pinned|sticky|is-pinned|featured-post|highlighted", re.I)
PINNED_LABEL = re.compile(r"^(?:pinned(?: post| entry| update)?|vastgepind|uitgelicht|"
                          r"angepinnt|fixiert|fissato|in evidenza|epinglé|épinglé|fijado|"
                          r"przypięty(?: wpis| post)?|📌.*)$", re.I)
# Badges in an entry's header; they are page furniture, not entry text.
STATUS_LABEL = re.compile(r"^(?:update[d]?|breaking(?: news)?|live|key event|important|"
                          r"eilmeldung|breaking|net binnen|nieuw|new|just in|ultim'ora|"
                          r"pilne|analysis|analyse|analysis:)$", re.I)
# "By Jane Doe", "door Jan de Vries", "di Marco Galli": the word is not part of the name. The
# particles van/von/di are that word only in lower case ("Van Gaal", "Di Maio" are names).
BY_PREFIX = re.compile(r"^(?:(?i:by|door|par|por|przez)|von|van|di)\s*:?\s+")
_NAME_RE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]+(?:\s+[\w'’.-]+){0,4}$")


def is_byline(text: str) -> bool:
    """"Aoife Byrne", "di Marco Galli", "by Reuters", "przez Jana Kowalskiego": a name, with
    or without the lower-case "by" of its language. Without that word it takes two words."""
    name = BY_PREFIX.sub("", text, count=1)
    prefixed = name != text
    return bool(name and _NAME_RE.match(name) and name[0].isupper()
                and (prefixed or len(name.split()) >= 2)
                and not is_time_only(text) and not STATUS_LABEL.match(name))


def bylines_beside(time_el: etree._Element, roots: Sequence[etree._Element],
                   skip: set[etree._Element]) -> list[etree._Element]:
    """Short name-like texts next to an entry's time in its meta line ("11:42 Aoife Byrne")."""
    parent = time_el.getparent()
    if parent is None or parent in roots or parent.tag in ("p", "h1", "h2", "h3", "h4"):
        return []
    found: list[etree._Element] = []
    for sib in parent:
        if sib is time_el or not isinstance(sib.tag, str) or sib in skip or len(sib) \
                or sib.tag in HEADING_TAGS or sib.get("role") == "heading" \
                or sib.get("itemprop") == "headline":
            continue                    # a heading beside the time is the entry's title
        text = short_text(sib, 60)
        if text and is_byline(text):
            found.append(sib)
    return found


def only_icons_inside(el: etree._Element) -> bool:
    """A label element: its children, if any, carry no text of their own ("<p><svg/> Pinned
    post</p>", "<span><i class=icon-pin></i>Angepinnt</span>")."""
    return all(not isinstance(child.tag, str) or child.tag in ("svg", "img")
               or not "".join(texts(child)).strip() for child in el)


def strip_by(text: str) -> str:
    """A byline without its word for "by": "di Marco Galli" -> "Marco Galli"."""
    return BY_PREFIX.sub("", text, count=1).strip()
