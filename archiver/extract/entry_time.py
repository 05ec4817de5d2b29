"""An entry's own times: published, updated and a seconds-ago hint, read from its elements."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import tzinfo

from lxml import etree

from archiver.extract.model import TimeInfo
from archiver.extract.page_index import PageIndex
from archiver.extract.selectors import attrs
from archiver.extract.text import TextCache, element_text
from archiver.extract.times import (
    ParsedText,
    is_date_only,
    is_time_only,
    parse_epoch,
    parse_iso,
    parse_time_text,
)

_UPDATED_TEXT = re.compile(r"updated|bijgewerkt|aktualisiert|geüpdatet|aggiornato|"
                           r"mis à jour|actualizado|atualizado|oppdatert|opdateret|uppdaterad|"
                           r"zaktualizowano|ενημερώθηκε|güncellendi|更新", re.I)
EPOCH_ATTR = re.compile(r"time|date|stamp|ts$|^data-ts|publish|created|posted|epoch", re.I)
# An attribute of a later time than the entry's publication ("data-updated" holds "date").
_UPDATE_ATTR = re.compile(r"updat|modif|edit", re.I)


def _attr_time(name: str, value: str, zone: tzinfo) -> TimeInfo | None:
    """A publication time in a data attribute: epoch seconds/milliseconds, or ISO 8601 (a
    value without offset is in the site's zone), e.g. data-published="2023-06-25T19:00:12"."""
    if not EPOCH_ATTR.search(name) or _UPDATE_ATTR.search(name):
        return None
    if (dt := parse_epoch(value)) is not None:
        return TimeInfo("epoch-attribute", None, when=dt)
    if name.startswith("data-") and (dt := parse_iso(value, zone)) is not None:
        return TimeInfo("datetime-attribute", None, when=dt)
    return None


def find_time(elements: Sequence[etree._Element], zone: tzinfo, skip: set[etree._Element],
              time_selector: str | None = None, index: PageIndex | None = None
              ) -> tuple[TimeInfo | None, TimeInfo | None, int | None]:
    """(published, updated, seconds-ago hint); time elements found are added to ``skip``.

    Order: the profile's time element, ``<time>`` (a "dateModified"/"updated" one is the
    update time), an epoch attribute, then an element whose whole text is a time."""
    index = PageIndex() if index is None else index
    texts = index.text
    all_els = index.walk(elements).without(skip)
    published: TimeInfo | None = None
    updated: TimeInfo | None = None
    hint: int | None = None
    if time_selector:
        for root in elements:
            for el in index.select(root, time_selector):
                published = _time_from_element(el, zone)
                if published:
                    skip.add(el)
                    break
            if published:
                break
    for el in all_els:
        if el.tag != "time" or el in skip:
            continue
        info = _time_from_element(el, zone)
        if info is None:
            continue
        parent = el.getparent()
        context = " ".join(filter(None, [el.get("itemprop"), el.get("class"),
                                         parent.text if parent is not None else None]))
        is_update = el.get("itemprop") == "dateModified" or bool(_UPDATED_TEXT.search(context))
        if is_update and updated is None:
            updated = info
            skip.add(el)
        elif published is None:
            published = info
            skip.add(el)
    if published is None:
        for el in all_els:
            for name, value in attrs(el):
                if (found := _attr_time(name, value, zone)) is not None:
                    text = texts.short_text(el)
                    if text and is_time_only(text):
                        skip.add(el)
                    else:
                        # the attribute sits on the entry; the clock it shows is elsewhere
                        shown_el = _shown_time(all_els, skip, texts)
                        text = element_text(shown_el) if shown_el is not None else None
                        if shown_el is not None:
                            skip.add(shown_el)
                    published = TimeInfo(found.source, text or None, when=found.when)
                    break
            if published is not None:
                break
    for el in all_els:
        if el in skip:
            continue
        text = texts.short_text(el)
        if not text or not is_time_only(text) or any(a in skip for a in el.iterancestors()):
            continue
        parsed = parse_time_text(text)
        if parsed.clock is not None and _UPDATED_TEXT.search(text) and published is not None:
            # "Updated 22:40" beside the entry's own time: the update, not body text
            if updated is None:
                updated = _info_from_text(text, parsed)
            skip.add(el)
        elif published is None and parsed.clock is not None:
            # "01.20 BST 4m ago" in two spans: the clock span is the time as shown
            inner = _shown_time([c for c in el.iterdescendants() if isinstance(c.tag, str)],
                                skip, texts)
            shown = element_text(inner) if inner is not None else text
            parsed_shown = parse_time_text(shown)
            date_el = _date_beside(el, skip, texts) if parsed_shown.day is None else None
            if date_el is not None:
                # "<span>12:55 IST</span> <span>13 जनवरी 2024</span>": the date is the time's
                shown = f"{shown} {texts.short_text(date_el)}"
                parsed_shown = parse_time_text(shown)
                skip.add(date_el)
            published = _info_from_text(shown, parsed_shown)
            hint = parsed.relative_seconds
            skip.add(el)
        elif parsed.relative_seconds is not None and parsed.clock is None:
            if published is None:
                published = TimeInfo("relative-text", text,
                                     relative_seconds=parsed.relative_seconds)
            elif hint is None:
                hint = parsed.relative_seconds
            skip.add(el)
        elif published is not None and parsed.clock is not None and el.tag != "time":
            skip.add(el)  # a second rendering of the same time (e.g. mobile and desktop)
    return published, updated, hint


def _date_beside(el: etree._Element, skip: set[etree._Element], texts: TextCache
                 ) -> etree._Element | None:
    """A sibling of the time element whose whole text is a date (no clock)."""
    parent = el.getparent()
    if parent is None:
        return None
    for sib in parent:
        if sib is el or not isinstance(sib.tag, str) or sib in skip:
            continue
        text = texts.short_text(sib)
        if text and is_date_only(text):
            return sib
    return None


def _shown_time(els: Sequence[etree._Element], skip: set[etree._Element], texts: TextCache
                ) -> etree._Element | None:
    for el in els:
        if el in skip:
            continue
        text = texts.short_text(el)
        if text and is_time_only(text) and parse_time_text(text).clock is not None \
                and not _UPDATED_TEXT.search(text):
            return el
    return None


def _info_from_text(text: str, parsed: ParsedText) -> TimeInfo:
    return TimeInfo("clock-text+page-date", text, clock=parsed.clock, tz_abbr=parsed.tz_abbr)


def _time_from_element(el: etree._Element, zone: tzinfo) -> TimeInfo | None:
    text = element_text(el) or None
    for attr in ("datetime", "content", "data-datetime", "title"):
        value = el.get(attr)
        if value and (dt := parse_iso(value, zone)) is not None:
            return TimeInfo("datetime-attribute", text, when=dt)
    for name, value in attrs(el):
        if (found := _attr_time(name, value, zone)) is not None:
            return TimeInfo(found.source, text, when=found.when)
    if text:
        parsed = parse_time_text(text)
        if parsed.clock is not None:
            return _info_from_text(text, parsed)
        if parsed.relative_seconds is not None:
            return TimeInfo("relative-text", text, relative_seconds=parsed.relative_seconds)
    return None
