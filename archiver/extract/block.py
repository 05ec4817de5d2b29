"""Reading one entry region (an element, or a heading and what follows it) into a Candidate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from urllib.parse import urldefrag, urljoin

from lxml import etree

from archiver.extract.adverts import is_advert_slot
from archiver.extract.embeds import (
    FrameIndex,
    bare_url_embed,
    find_embed_containers,
    is_loading_text,
    read_embed,
)
from archiver.extract.images import read_figure, read_loose_image
from archiver.extract.model import Candidate, TimeInfo
from archiver.extract.sanitize import sanitize
from archiver.extract.selectors import HEADING_TAGS, attrs, select, texts
from archiver.extract.text import ParagraphWriter, element_text
from archiver.extract.times import is_time_only, parse_epoch, parse_iso, parse_time_text
from archiver.profiles import SiteProfile

_NOISE_CLASS = re.compile(r"(?:^|[\s_-])(?:share|sharing|social|sr-only|visually-hidden|"
                          r"screen-reader|ad-slot|advert)(?:$|[\s_-])", re.I)
_AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline|auteur|autor|autore|autrice|firma|"
                           r"signature)(?:$|[\s_-])", re.I)
_PINNED_CLASS = re.compile(r"pinned|sticky|is-pinned|featured-post|highlighted", re.I)
_PINNED_LABEL = re.compile(r"^(?:pinned(?: post| entry| update)?|vastgepind|uitgelicht|"
                           r"angepinnt|fixiert|fissato|in evidenza|epinglé|épinglé|fijado|"
                           r"przypięty(?: wpis| post)?|📌.*)$", re.I)
# Badges in an entry's header; they are page furniture, not entry text.
_STATUS_LABEL = re.compile(r"^(?:update[d]?|breaking(?: news)?|live|key event|important|"
                           r"eilmeldung|breaking|net binnen|nieuw|new|just in|ultim'ora|"
                           r"pilne|analysis|analyse|analysis:)$", re.I)
_UPDATED_TEXT = re.compile(r"updated|bijgewerkt|aktualisiert|geüpdatet|aggiornato", re.I)
# "By Jane Doe", "door Jan de Vries", "di Marco Galli": the word is not part of the name. The
# particles van/von/di are that word only in lower case ("Van Gaal", "Di Maio" are names).
_BY_PREFIX = re.compile(r"^(?:(?i:by|door|par|por|przez)|von|van|di)\s*:?\s+")
_EPOCH_ATTR = re.compile(r"time|date|stamp|ts$|^data-ts|publish|created|posted|epoch", re.I)
_ID_ATTRS = ("data-post-id", "data-entry-id", "data-moment-id", "data-id", "data-block-id",
             "data-update-id", "data-item-id", "data-event-id")


@dataclass(frozen=True)
class ReadContext:
    base_url: str
    zone: tzinfo
    frames: FrameIndex
    profile: SiteProfile | None


def _els(root: etree._Element, selector: str | None) -> list[etree._Element]:
    return select(root, selector) if selector else []


def _short_text(el: etree._Element, limit: int = 60) -> str | None:
    total = 0
    parts: list[str] = []
    for piece in texts(el):
        total += len(piece)
        if total > limit * 3:
            return None
        parts.append(piece)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def _iter_elements(elements: Sequence[etree._Element], skip: set[etree._Element]
                   ) -> list[etree._Element]:
    out: list[etree._Element] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el in skip:
            return
        out.append(el)
        for child in el:
            walk(child)

    for el in elements:
        walk(el)
    return out


def find_time(elements: Sequence[etree._Element], ctx: ReadContext,
              skip: set[etree._Element]) -> tuple[TimeInfo | None, TimeInfo | None, int | None]:
    """(published, updated, seconds-ago hint); time elements found are added to ``skip``."""
    profile_sel = ctx.profile.time_selector if ctx.profile else None
    all_els = _iter_elements(elements, skip)
    published: TimeInfo | None = None
    updated: TimeInfo | None = None
    hint: int | None = None
    if profile_sel:
        for root in elements:
            for el in _els(root, profile_sel):
                published = _time_from_element(el, ctx)
                if published:
                    skip.add(el)
                    break
            if published:
                break
    for el in all_els:
        if el.tag != "time" or el in skip:
            continue
        info = _time_from_element(el, ctx)
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
                if _EPOCH_ATTR.search(name) and (dt := parse_epoch(value)) is not None:
                    text = _short_text(el)
                    if text and is_time_only(text):
                        skip.add(el)
                    else:
                        # the attribute sits on the entry; the clock it shows is elsewhere
                        shown_el = _shown_time(all_els, skip)
                        text = element_text(shown_el) if shown_el is not None else None
                        if shown_el is not None:
                            skip.add(shown_el)
                    published = TimeInfo("epoch-attribute", text or None, when=dt)
                    break
            if published is not None:
                break
    for el in all_els:
        if el in skip or any(a in skip for a in el.iterancestors()):
            continue
        text = _short_text(el)
        if not text or not is_time_only(text):
            continue
        parsed = parse_time_text(text)
        if published is None and parsed.clock is not None:
            # "01.20 BST 4m ago" in two spans: the clock span is the time as shown
            inner = _shown_time([c for c in el.iterdescendants() if isinstance(c.tag, str)],
                                skip)
            shown = element_text(inner) if inner is not None else text
            published = _info_from_text(shown, parse_time_text(shown))
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


def _shown_time(els: Sequence[etree._Element], skip: set[etree._Element]
                ) -> etree._Element | None:
    for el in els:
        if el in skip:
            continue
        text = _short_text(el)
        if text and is_time_only(text) and parse_time_text(text).clock is not None:
            return el
    return None


def _info_from_text(text: str, parsed: object) -> TimeInfo:
    from archiver.extract.times import ParsedText
    assert isinstance(parsed, ParsedText)
    info = TimeInfo("clock-text+page-date", text, clock=parsed.clock, tz_abbr=parsed.tz_abbr)
    return info


def _time_from_element(el: etree._Element, ctx: ReadContext) -> TimeInfo | None:
    text = element_text(el) or None
    for attr in ("datetime", "content", "data-datetime", "title"):
        value = el.get(attr)
        if value and (dt := parse_iso(value, ctx.zone)) is not None:
            return TimeInfo("datetime-attribute", text, when=dt)
    for name, value in attrs(el):
        if _EPOCH_ATTR.search(name) and (dt := parse_epoch(value)) is not None:
            return TimeInfo("epoch-attribute", text, when=dt)
    if text:
        parsed = parse_time_text(text)
        if parsed.clock is not None:
            return _info_from_text(text, parsed)
        if parsed.relative_seconds is not None:
            return TimeInfo("relative-text", text, relative_seconds=parsed.relative_seconds)
    return None


_NAME_RE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]+(?:\s+[\w'’.-]+){0,4}$")


def _is_byline(text: str) -> bool:
    """"Aoife Byrne", "di Marco Galli", "by Reuters", "przez Jana Kowalskiego": a name, with
    or without the lower-case "by" of its language. Without that word it takes two words."""
    name = _BY_PREFIX.sub("", text, count=1)
    prefixed = name != text
    return bool(name and _NAME_RE.match(name) and name[0].isupper()
                and (prefixed or len(name.split()) >= 2)
                and not is_time_only(text) and not _STATUS_LABEL.match(name))


def _bylines_beside(time_el: etree._Element, roots: Sequence[etree._Element],
                    skip: set[etree._Element]) -> list[etree._Element]:
    """Short name-like texts next to an entry's time in its meta line ("11:42 Aoife Byrne")."""
    parent = time_el.getparent()
    if parent is None or parent in roots or parent.tag in ("p", "h1", "h2", "h3", "h4"):
        return []
    found: list[etree._Element] = []
    for sib in parent:
        if sib is time_el or not isinstance(sib.tag, str) or sib in skip or len(sib):
            continue
        text = _short_text(sib, 60)
        if text and _is_byline(text):
            found.append(sib)
    return found


def _figure_like(img: etree._Element, roots: Sequence[etree._Element]
                 ) -> etree._Element | None:
    """A wrapper that holds one image and its caption, as a <figure> would."""
    parent = img.getparent()
    while parent is not None and parent.tag in ("a", "picture", "span") and parent not in roots:
        parent = parent.getparent()
    if parent is None or parent in roots or parent.tag in ("p", "li", "td"):
        return None
    if sum(1 for _ in parent.iter("img")) != 1:
        return None
    rest = element_text(parent)
    return parent if 0 < len(rest) <= 400 else None


def _only_icons_inside(el: etree._Element) -> bool:
    """A label element: its children, if any, carry no text of their own ("<p><svg/> Pinned
    post</p>", "<span><i class=icon-pin></i>Angepinnt</span>")."""
    return all(not isinstance(child.tag, str) or child.tag in ("svg", "img")
               or not "".join(texts(child)).strip() for child in el)


def find_site_id(root: etree._Element, ctx: ReadContext) -> str | None:
    attrs = ctx.profile.id_attributes if ctx.profile and ctx.profile.id_attributes else ()
    for attr in (*attrs, "id", *_ID_ATTRS):
        value = (root.get(attr) or "").strip()
        if value:
            return value
    return None


def _permalink(elements: Sequence[etree._Element], ctx: ReadContext,
               site_id: str | None) -> str | None:
    page = urldefrag(ctx.base_url)[0]
    for root in elements:
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if "#" not in href:
                continue
            url = urljoin(ctx.base_url, href)
            base, frag = urldefrag(url)
            if frag and base == page and (site_id is None or frag == site_id):
                return url
    return f"{page}#{site_id}" if site_id else None


def read_region(elements: Sequence[etree._Element], ctx: ReadContext,
                title_el: etree._Element | None = None, title_text: str | None = None,
                time_info: TimeInfo | None = None) -> Candidate:
    """Everything one entry shows. ``elements`` are the region's top elements in order."""
    prof = ctx.profile
    skip: set[etree._Element] = set()
    if title_el is not None:
        skip.add(title_el)
    for root in elements:
        for sel in prof.remove_selectors if prof else ():
            skip.update(_els(root, sel))
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if el.get("aria-hidden") == "true" or _NOISE_CLASS.search(el.get("class") or "") \
                    or (el is not root and is_advert_slot(el)):
                skip.add(el)
    cand = Candidate()
    root = elements[0]
    cand.site_id = find_site_id(root, ctx) if len(elements) == 1 or title_el is not None else None
    # pinned markers
    cls = root.get("class") or ""
    parent = root.getparent()
    scope = parent if parent is not None else root
    if (prof and prof.pinned_selector and root in _els(scope, prof.pinned_selector)) or \
            _PINNED_CLASS.search(cls) or root.get("data-pinned") in ("true", "1"):
        cand.pinned = True
    for el in _iter_elements(elements, skip):
        text = _short_text(el, 30)
        if not text or not _only_icons_inside(el):
            continue
        if _PINNED_LABEL.match(text):
            cand.pinned = True
            skip.add(el)
        elif _STATUS_LABEL.match(text):
            skip.add(el)
    # embeds first: their texts, times and links are not the entry's
    containers = find_embed_containers(elements, ctx.base_url, skip)
    for container in containers:
        cand.embeds.append(read_embed(container, ctx.base_url, ctx.frames))
        skip.add(container)
    # authors
    author_els = []
    for r in elements:
        author_els += _els(r, prof.author_selector if prof else None)
    if not author_els:
        # an author inside a figure is the photographer: that is the image's credit
        author_els = [el for el in _iter_elements(elements, skip)
                      if (el.get("itemprop") == "author" or el.get("rel") == "author"
                          or _AUTHOR_CLASS.search(el.get("class") or ""))
                      and not any(a.tag in ("figure", "figcaption") for a in el.iterancestors())]
    for el in author_els:
        if el in skip or any(a in skip for a in el.iterancestors()):
            continue
        name = _BY_PREFIX.sub("", element_text(el)).strip()
        if name and len(name) <= 80 and name not in cand.authors:
            cand.authors.append(name)
        skip.add(el)
    # time
    before = set(skip)
    if time_info is not None:
        cand.time = time_info
        _, cand.updated, cand.relative_hint = find_time(elements, ctx, skip)
    else:
        cand.time, cand.updated, cand.relative_hint = find_time(elements, ctx, skip)
    if not cand.authors:
        found = skip - before
        for time_el in [e for e in _iter_elements(elements, set()) if e in found]:
            for byline in _bylines_beside(time_el, elements, skip):
                name = _BY_PREFIX.sub("", element_text(byline)).strip()
                if name not in cand.authors:
                    cand.authors.append(name)
                skip.add(byline)
    # title
    if title_text is not None:
        cand.title = title_text or None
    else:
        heads: list[etree._Element] = []
        for r in elements:
            heads += _els(r, prof.title_selector if prof else None)
        if not heads:
            heads = [el for el in _iter_elements(elements, skip)
                     if el.tag in HEADING_TAGS or el.get("role") == "heading"
                     or el.get("itemprop") == "headline"]
            heads = [h for h in heads if not any(a.tag in ("figure", "blockquote")
                                                 for a in h.iterancestors())]
        if heads:
            cand.title = element_text(heads[0], skip) or None
            skip.add(heads[0])
    # images
    fig_sel = prof.figure_selector if prof and prof.figure_selector else "figure"
    for fig in [f for r in elements for f in ([r] if r.tag == "figure" else _els(r, fig_sel))]:
        if fig in skip or any(a in skip for a in fig.iterancestors()):
            continue
        image = read_figure(fig, ctx.base_url, prof.caption_selector if prof else None,
                            prof.credit_selector if prof else None)
        if image is not None:
            cand.images.append(image)
        skip.add(fig)
    for el in _iter_elements(elements, skip):
        if el.tag != "img" or el in skip:
            continue
        holder = _figure_like(el, elements)
        if holder is not None:
            image = read_figure(holder, ctx.base_url, prof.caption_selector if prof else None,
                                prof.credit_selector if prof else None)
            skip.add(holder)
        else:
            image = read_loose_image(el, ctx.base_url)
        if image is not None:
            cand.images.append(image)
    # body: loading placeholders and bare embed URLs are not text
    for el in _iter_elements(elements, skip):
        if len(el) > 1:
            continue
        text = _short_text(el, 300)
        if text is None:
            continue
        if is_loading_text(text):
            skip.add(el)
        elif el.tag in ("p", "div", "a") and (embed := bare_url_embed(text)) is not None:
            if all(e.url != embed.url for e in cand.embeds):
                cand.embeds.append(embed)
            skip.add(el)
    feed = list(elements)
    if title_el is not None:
        feed = [e for e in feed if e is not title_el]
    if prof and prof.body_selector:
        chosen = [el for r in feed for el in _els(r, prof.body_selector) if el not in skip]
        if chosen:
            feed = chosen
    unwrap = len(feed) == 1 and feed[0] is elements[0]
    writer = ParagraphWriter(ctx.base_url, skip)
    writer.feed(feed)
    cand.body_text = writer.text
    cand.links = writer.links
    cand.body_html = sanitize(feed, ctx.base_url, skip, unwrap_roots=unwrap)
    cand.permalink = _permalink(elements, ctx, cand.site_id)
    if cand.site_id:
        cand.id_keys.add(cand.site_id.lower())
        # Structured data may address the entry by another of its ids (?postId=<data-post-id>).
        cand.id_keys.update(v.strip().lower() for k, v in attrs(root)
                            if k.startswith("data-") and k.endswith("id") and "test" not in k
                            and v.strip())
    return cand
