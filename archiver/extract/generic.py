"""Finding entries on unknown sites by structure: repeated sibling blocks or a heading ticker."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from archiver.extract.adverts import is_advert, only_advert
from archiver.extract.selectors import (
    CHROME_TAGS,
    DROP_TAGS,
    HEADING_TAGS,
    IMAGE_TAGS,
    attrs,
    is_block_candidate,
    texts,
)
from archiver.extract.times import (
    TICKER_HEADING_RE,
    day_divider,
    is_time_only,
    parse_epoch,
    parse_time_text,
)

logger = logging.getLogger(__name__)

_EPOCH_NAME = re.compile(r"time|date|stamp|publish|created|posted|epoch", re.I)


@dataclass
class Features:
    has_time: bool = False
    time_count: int = 0
    has_heading: bool = False
    has_id: bool = False
    text_len: int = 0
    link_len: int = 0
    fragment_link_len: int = 0
    paragraphs: int = 0
    media: int = 0


@dataclass
class Region:
    elements: list[etree._Element]
    title_el: etree._Element | None = None
    title_text: str | None = None
    time_text: str | None = None
    date_context: tuple[int, int, int] | None = None
    kind: str = "block"
    extra: dict[str, str] = field(default_factory=dict)


_MIN_MEAN_ITEM_SCORE = 2.5
# Reader comments look like entries (author, time, text); their containers say what they are.
_COMMENTS = re.compile(r"comment|reactie|kommentar|disqus|coral-talk|reader-response", re.I)


def _is_chrome(el: etree._Element) -> bool:
    for a in el.iterancestors():
        if a.tag in CHROME_TAGS or a.get("role") in ("navigation", "complementary", "banner",
                                                      "contentinfo"):
            return True
        if _COMMENTS.search((a.get("id") or "") + " " + (a.get("class") or "")):
            return True
    return False


def features(el: etree._Element) -> Features:
    f = Features(has_id=bool(el.get("id")) or any(k.startswith("data-") and k.endswith("id")
                                                  for k, _ in attrs(el)))
    stack: list[tuple[etree._Element, bool, bool]] = [(el, False, False)]
    while stack:
        node, in_link, in_frag = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or (tag in DROP_TAGS and tag not in ("img", "iframe", "picture")):
            continue
        if tag in _MEDIA_TAGS or "tweet" in (node.get("class") or ""):
            f.media += 1
        if tag == "time" or ((not f.has_time or f.time_count < 4)
                             and _has_epoch_attribute(node)):
            f.time_count += 1
        if tag in HEADING_TAGS:
            f.has_heading = True
        if tag == "p":
            f.paragraphs += 1
        link = in_link or (tag == "a" and bool(node.get("href")))
        frag = in_frag or (tag == "a" and (node.get("href") or "").startswith("#"))
        own = (node.text or "")
        n = len(own.strip())
        if n:
            f.text_len += n
            f.link_len += n if link else 0
            f.fragment_link_len += n if frag else 0
        if (n and n <= _SHORT and is_time_only(own)) or _time_after_icons(node):
            f.time_count += 1
        for child in reversed(node):
            stack.append((child, link, frag))
            tail = (child.tail or "").strip()
            if tail:
                f.text_len += len(tail)
                f.link_len += len(tail) if link else 0
    f.has_time = f.time_count > 0
    return f


_MEDIA_TAGS = IMAGE_TAGS | {"iframe", "picture", "figure"}
_ICON_TAGS = frozenset({"svg", "img"})
_SHORT = 40


def _time_after_icons(node: etree._Element) -> bool:
    """A short clock text that follows empty or icon children: ``<div><span class=dot></span>
    16.05</div>``, ``<p><svg…/> 10:42</p>``. Only text of the element's own (its text and its
    children's tails) is read, and only when no child shows text."""
    if not len(node):
        return False
    text = " ".join(((node.text or "") + "".join(c.tail or "" for c in node)).split())
    if not text or len(text) > _SHORT or text == " ".join((node.text or "").split()):
        return False    # no text, too long, or the element's leading text alone (tested so)
    if any(isinstance(c.tag, str) and c.tag not in _ICON_TAGS and any(t.strip() for t in texts(c))
           for c in node):
        return False
    return is_time_only(text)


def _has_epoch_attribute(el: etree._Element) -> bool:
    """An attribute named like a time whose value is a plausible epoch."""
    for name, value in el.items():
        if _EPOCH_NAME.search(str(name)) and parse_epoch(str(value)) is not None:
            return True
    return False


# Link lists (key events, related articles, menus) are mostly link text.
_LINK_SHARE = 0.6


def _mostly_links(f: Features) -> bool:
    return bool(f.text_len) and f.link_len / f.text_len > _LINK_SHARE


def _item_score(f: Features) -> float:
    score = 0.0
    if f.has_time:
        score += 3
    if f.has_heading:
        score += 1
    if f.has_id:
        score += 1
    score += min(f.text_len, 600) / 200
    if f.paragraphs or f.media:
        score += 1
    if _mostly_links(f):
        score *= 0.2   # link lists: key events, related articles, menus
    if f.time_count > 3:
        score *= 0.3   # a container of entries, not one entry
    return score


# Without times, a group is entries when its items have a heading and an id: all of them, or
# most of a longer list (an untitled entry among titled ones).
_UNTIMED_MIN_ITEMS = 4
_UNTIMED_SHARE = 0.8


def _untimed_entries(feats: list[Features]) -> bool:
    complete = sum(1 for f in feats if f.has_heading and f.has_id)
    if complete == len(feats):
        return True
    return len(feats) >= _UNTIMED_MIN_ITEMS and complete >= _UNTIMED_SHARE * len(feats)


def _qualifying_groups(body: etree._Element, cache: dict[etree._Element, Features]
                       ) -> list[tuple[list[etree._Element], float]]:
    """Every group of same-tag siblings that could be the entries, with its score."""
    out: list[tuple[list[etree._Element], float]] = []
    for parent in body.iter():
        if not isinstance(parent.tag, str) or parent.tag in DROP_TAGS or len(parent) < 2:
            continue
        groups: dict[str, list[etree._Element]] = defaultdict(list)
        for child in parent:
            if is_block_candidate(child):
                groups[str(child.tag)].append(child)
        for items in groups.values():
            if len(items) < 2:
                continue
            feats = [cache.setdefault(i, features(i)) for i in items]
            timed = sum(1 for f in feats if f.has_time)
            if timed < 2 and not _untimed_entries(feats):
                continue
            if parent.tag in CHROME_TAGS or _is_chrome(parent):
                continue
            scores = [_item_score(f) for f in feats]
            # Link lists (related articles, key events) and thin rows are no entry group.
            if sum(scores) / len(scores) < _MIN_MEAN_ITEM_SCORE:
                continue
            out.append((items, sum(scores) * (0.5 + 0.5 * timed / len(items))))
    return out


def _signature(el: etree._Element | None) -> tuple[str, str]:
    if el is None:
        return ("", "")
    return (str(el.tag), el.get("class") or "")


def find_block_group(body: etree._Element, cache: dict[etree._Element, Features] | None = None
                     ) -> tuple[list[etree._Element], float]:
    """The best group of same-tag siblings that look like entries, and its score.

    Day sections or pages of entries are groups too; when the best group's items hold
    groups themselves, those inner groups (joined across sections) are the entries."""
    cache = {} if cache is None else cache
    groups = _qualifying_groups(body, cache)
    if not groups:
        return [], 0.0
    best, best_score = max(groups, key=lambda g: g[1])
    for _ in range(3):
        members = set(best)
        inner = [g for g in groups
                 if g[0][0].getparent() is not None
                 and any(a in members for a in g[0][0].iterancestors())]
        holders = {a for g in inner for a in g[0][0].iterancestors() if a in members}
        # descend only when most items hold entries (not one entry with a timeline inside)
        if not inner or len(holders) * 2 < len(best):
            break
        best, best_score = max(inner, key=lambda g: g[1])
    # Cousins: the same kind of list under the same kind of parent (one list per day).
    sig, parent_sig = _signature(best[0]), _signature(best[0].getparent())
    joined: list[etree._Element] = []
    for items, _score in groups:
        if _signature(items[0]) == sig and _signature(items[0].getparent()) == parent_sig:
            joined.extend(items)
    if len(joined) > len(best):
        members = set(joined)
        joined = [el for el in joined if not any(a in members for a in el.iterancestors())]
        order = {el: i for i, el in enumerate(body.iter()) if el in members}
        best = sorted(joined, key=lambda el: order.get(el, 0))
    return best, best_score


def _item_text(item: etree._Element) -> str:
    return " ".join("".join(texts(item)).split())


def filter_items(items: list[etree._Element],
                 cache: dict[etree._Element, Features] | None = None) -> list[etree._Element]:
    """Drop adverts, sponsored and empty blocks that sit between entries."""
    cache = {} if cache is None else cache
    feats = [cache[i] if i in cache else features(i) for i in items]
    timed_share = sum(1 for f in feats if f.has_time) / len(items) if items else 0
    kept: list[etree._Element] = []
    for item, f in zip(items, feats, strict=True):
        if f.text_len == 0 and f.media == 0:
            continue
        # "Vandaag", "Gisteren", "Donderdag 31 oktober" between entries: a day divider
        if f.text_len <= 40 and f.media == 0 and day_divider(_item_text(item)) is not None:
            continue
        if not f.has_time and is_advert(item):
            continue
        # an advert slot between entries, even one the feed dates ("data-sort-time")
        if only_advert(item):
            continue
        if timed_share >= 0.6 and not f.has_time and not f.has_heading and f.text_len < 200:
            continue
        # "Read more" with a heading and related links among timed entries: no entry
        if timed_share >= 0.6 and not f.has_time and _mostly_links(f):
            continue
        if not f.has_time and _only_chrome(item):
            continue
        kept.append(item)
    return kept


_CHROME_ROLES = frozenset({"complementary", "navigation", "banner", "contentinfo", "search"})


def _only_chrome(item: etree._Element) -> bool:
    """The item's whole content is one page-chrome element (``<li><aside>Get in touch…``, a
    sidebar, a form), maybe inside plain wrappers: a promo among the entries, not an entry."""
    el = item
    for _ in range(4):
        if (el.text or "").strip():
            return False
        children = [c for c in el if isinstance(c.tag, str)
                    and not (c.tag in DROP_TAGS and c.tag not in CHROME_TAGS)]
        if len(children) != 1 or any((c.tail or "").strip() for c in el):
            return False
        el = children[0]
        if el.tag in CHROME_TAGS or el.get("role") in _CHROME_ROLES:
            return True
    return False


def _heading_time(el: etree._Element) -> tuple[str, str] | None:
    """(time text, title) when a heading starts with a clock time."""
    text = " ".join("".join(texts(el)).split())
    m = TICKER_HEADING_RE.match(text)
    if m:
        return m.group("time").strip(), m.group("title").strip()
    if is_time_only(text):
        return text, ""
    return None


def _is_ticker_heading(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in HEADING_TAGS:
        return True
    # "<p><strong>12.31 Uhr: …</strong></p>": a bold paragraph is a heading in many CMSes
    return (el.tag == "p" and len(el) == 1 and el[0].tag in ("strong", "b")
            and not (el.text or "").strip() and not (el[0].tail or "").strip())


# What may stand between a bold time and the text it opens: "12.31 Uhr – …", "12.31 Uhr: …".
_TIME_SEPARATOR = re.compile(r"\s*[:|–—-]\s*$")
LEAD_SEPARATOR = re.compile(r"^\s*(?:[:|]\s*|[–—-](?:\s+|$))")


def _inline_time(el: etree._Element) -> tuple[etree._Element, str] | None:
    """(the bold element, its time text) when a paragraph starts with a bold clock time that
    text follows: ``<p><strong>23.47 uur</strong> – Text…</p>``. A paragraph that is only the
    bold time is a heading (:func:`_is_ticker_heading`), not this."""
    if not isinstance(el.tag, str) or el.tag != "p" or not len(el) or (el.text or "").strip():
        return None
    first = el[0]
    if not isinstance(first.tag, str) or first.tag not in ("strong", "b"):
        return None
    text = _TIME_SEPARATOR.sub("", " ".join("".join(texts(first)).split()))
    if not text or not is_time_only(text) or parse_time_text(text).clock is None:
        return None
    rest = (first.tail or "") + "".join("".join(texts(c)) + (c.tail or "") for c in list(el)[1:])
    if not LEAD_SEPARATOR.sub("", rest).strip():
        return None
    return first, text


# A ticker of paragraphs that start with a bold time needs more of them than a heading ticker:
# one or two such paragraphs are an article quoting times.
_MIN_INLINE_MARKS = 3


def find_ticker(body: etree._Element) -> list[Region]:
    """Entries written as one rich-text block: a clock-time heading, then its paragraphs; or
    paragraphs that start with a bold clock time, up to the next such paragraph or ``<hr>``."""
    best: list[Region] = []
    for parent in body.iter():
        if not isinstance(parent.tag, str) or parent.tag in DROP_TAGS or len(parent) < 3:
            continue
        children = [c for c in parent if isinstance(c.tag, str)]
        marks = [(i, c, _heading_time(c)) for i, c in enumerate(children)
                 if _is_ticker_heading(c)]
        timed = [(i, c, ht) for i, c, ht in marks if ht is not None]
        inline: dict[int, etree._Element] = {}
        if len(timed) < 2:
            for i, c in enumerate(children):
                found = _inline_time(c)
                if found is not None:
                    inline[i] = found[0]
                    marks.append((i, c, (found[1], "")))
            if len(inline) < _MIN_INLINE_MARKS:
                continue
            marks.sort(key=lambda m: m[0])
            timed = [(i, c, ht) for i, c, ht in marks if ht is not None]
        if len(timed) <= len(best):
            continue
        if _is_chrome(parent):
            continue
        if inline:
            # a bold-only paragraph inside an entry is emphasis there, not a boundary
            boundaries = {i for i, c, ht in marks if ht is not None or c.tag in HEADING_TAGS}
        else:
            level = {c.tag for _, c, _ in timed}
            boundaries = {i for i, c, _ in marks if c.tag in level or c.tag in HEADING_TAGS}
        # a rule between entries ends the one above it
        boundaries.update(i for i, c in enumerate(children) if c.tag == "hr")
        regions: list[Region] = []
        date_ctx: tuple[int, int, int] | None = None
        for i, c, ht in marks:
            if ht is None:
                parsed = parse_time_text(" ".join("".join(texts(c)).split()))
                if parsed.day:
                    # year 0: the heading gave none ("Montag, 5. Oktober"); the page's decides
                    date_ctx = (parsed.day[0] or 0, parsed.day[1], parsed.day[2])
                continue
            stop = next((j for j in sorted(boundaries) if j > i), len(children))
            # adverts between two headings are no part of the entry above them
            body_els = [el for el in children[i + 1:stop]
                        if not (is_advert(el, loose=False) and not features(el).has_time)]
            if i in inline:
                # the paragraph is the entry's first: only its bold time is left out
                regions.append(Region([c, *body_els], title_el=inline[i], title_text="",
                                      time_text=ht[0], date_context=date_ctx,
                                      kind="ticker-inline"))
            else:
                regions.append(Region([c, *body_els], title_el=c, title_text=ht[1],
                                      time_text=ht[0], date_context=date_ctx, kind="ticker"))
        best = regions
    return best


def find_regions(root: etree._Element) -> list[Region]:
    body = root.find("body")
    if body is None:
        return []
    cache: dict[etree._Element, Features] = {}
    items, block_score = find_block_group(body, cache)
    ticker = find_ticker(body)
    if ticker and len(ticker) * 6 > block_score:
        logger.debug("generic: heading ticker with %d entries", len(ticker))
        return ticker
    if not items:
        return []
    items = _extend_group(body, items)
    return [Region([el]) for el in filter_items(items, cache)]


def _extend_group(body: etree._Element, items: list[etree._Element]) -> list[etree._Element]:
    """Entries split over several lists (day sections, appended pages) share tag and class."""
    cls = items[0].get("class")
    parent = items[0].getparent()
    if not cls or parent is None or not all(i.get("class") == cls for i in items[:3]):
        return items
    same = [el for el in body.iter(items[0].tag)
            if el.get("class") == cls and not _is_chrome(el)]
    members = set(same)
    ancestors_ok = [el for el in same if not any(a in members for a in el.iterancestors())]
    return ancestors_ok if len(ancestors_ok) >= len(items) else items
