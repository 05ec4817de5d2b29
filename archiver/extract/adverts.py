"""Adverts and sponsored slots: between entries, between ticker headings, inside an entry."""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.selectors import texts

_AD_HINT = re.compile(r"advert|sponsor|promo|anzeige|advertentie|commercial|\bad\b|-ad\b|"
                      r"\bads\b|adslot|outbrain|taboola|newsletter", re.I)
# The label an advert slot shows, in the languages of the sites we know; alone, it is never
# entry text.
_AD_LABEL = re.compile(r"^\s*(?:skip\s+)?(?:advertisement|advertentie|anzeige|werbung|sponsored|"
                       r"gesponsord|gesponsert|sponsorisé|reclame|pubblicità|publicité|"
                       r"publicidad|publicidade|reklama|ad|ads)\s*$", re.I)
_AD_START = ("advertisement", "advertentie", "anzeige", "sponsored", "gesponsord", "reclame",
             "pubblicità", "reklama", "publicité")


def is_advert(el: etree._Element, loose: bool = True) -> bool:
    """An advert or sponsored slot: marked so by class/id/type/label, or showing nothing but
    an advert label. ``loose`` also takes a text that merely starts with one ("Sponsored: …"),
    right for whole blocks between entries, too eager for one paragraph of an entry."""
    hint = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("data-type"),
                                  el.get("aria-label")]))
    if _AD_HINT.search(hint):
        return True
    text = " ".join("".join(texts(el)).split())
    return bool(_AD_LABEL.match(text[:40])) or (loose and text.lower().startswith(_AD_START))


_SLOT_TAGS = frozenset({"div", "aside", "section", "figure", "ins", "p", "span"})
_RUNNING_TEXT = frozenset({"p", "li", "a", "b", "strong", "em", "i", "h2", "h3", "h4", "h5", "h6",
                           "blockquote", "td"})


def is_advert_slot(el: etree._Element) -> bool:
    """An advert slot inside an entry: a block marked as one that holds at most a label, or
    one whose only text is an advert label ("Anzeige", "Advertisement"). A word in running
    text ("<p>Die <b>Anzeige</b> wurde …</p>", "<a class=promo>…") is no slot."""
    parent = el.getparent()
    if el.tag not in _SLOT_TAGS or (el.tail or "").strip() or \
            (parent is not None and parent.tag in _RUNNING_TEXT):
        return False
    text = _bounded_text(el, 40)
    if text is None:
        return False
    hint = (el.get("class") or "") + " " + (el.get("id") or "")
    return bool((len(hint) > 1 and _AD_HINT.search(hint)) or (text and _AD_LABEL.match(text)))


def _bounded_text(el: etree._Element, limit: int) -> str | None:
    """The element's text, or None as soon as it is longer than ``limit`` characters."""
    parts: list[str] = []
    total = 0
    for piece in texts(el):
        total += len(piece.strip())
        if total > limit:
            return None
        parts.append(piece)
    return " ".join("".join(parts).split())


# Advert components: AMP's ad elements (an "advert slot" below covers marked blocks).
_AD_TAGS = frozenset({"amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads"})
_MEDIA_TAGS = frozenset({"img", "amp-img", "amp-anim", "picture", "video", "iframe", "figure"})
_NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


def only_advert(item: etree._Element) -> bool:
    """A block between entries that holds an advert and nothing else: every text and picture
    in it lies in an advert element (``<amp-ad>``, an advert slot) or is an advert label.
    Such a block is no entry even when the feed dates it (``data-sort-time`` on an ad item)."""
    found = False
    stack = [item]
    while stack:
        el = stack.pop()
        if el is not item and (el.tail or "").strip():
            if not _AD_LABEL.match(el.tail or ""):
                return False
            found = True
        if el is not item and (el.tag in _AD_TAGS or is_advert_slot(el)):
            found = True
            continue
        if el.tag in _MEDIA_TAGS:
            return False
        if el.tag in _NO_TEXT_TAGS:
            continue
        if el.text and el.text.strip():
            if not _AD_LABEL.match(el.text):
                return False
            found = True
        stack.extend(c for c in el if isinstance(c.tag, str))
    return found
