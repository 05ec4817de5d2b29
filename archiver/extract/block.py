"""Reading one entry region (an element, or a heading and what follows it) into a Candidate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from urllib.parse import urldefrag, urljoin

from lxml import etree

from archiver.extract.adverts import is_advert_slot
from archiver.extract.embeds import (
    FrameIndex,
    bare_url_embed,
    embed_wrapper,
    find_embed_containers,
    is_loading_text,
    read_embed,
    skip_links_over_embeds,
)
from archiver.extract.entry_time import find_time
from archiver.extract.images import read_figure, read_loose_image
from archiver.extract.labels import (
    AUTHOR_CLASS,
    PINNED_CLASS,
    PINNED_LABEL,
    STATUS_LABEL,
    bylines_beside,
    only_icons_inside,
    share_bars,
    strip_by,
)
from archiver.extract.model import Candidate, Image, TimeInfo
from archiver.extract.page_index import PageIndex
from archiver.extract.sanitize import sanitize
from archiver.extract.selectors import (
    HEADING_TAGS,
    IMAGE_TAGS,
    attrs,
    image_elements,
    is_visually_hidden,
)
from archiver.extract.text import ParagraphWriter, element_text
from archiver.profiles import SiteProfile

# Screen-reader-only text is left out by selectors.is_visually_hidden (camelCase too).
_NOISE_CLASS = re.compile(r"(?:^|[\s_-])(?:share|sharing|social|ad-slot|advert)(?:$|[\s_-])",
                          re.I)
_ID_ATTRS = ("data-post-id", "data-entry-id", "data-moment-id", "data-id", "data-block-id",
             "data-update-id", "data-item-id", "data-event-id")


@dataclass(frozen=True)
class ReadContext:
    base_url: str
    zone: tzinfo
    frames: FrameIndex
    profile: SiteProfile | None
    # the page's tree read once: profile selectors, texts, flattened regions
    index: PageIndex = field(default_factory=PageIndex, compare=False, repr=False)
    # (scope element, selector) -> the elements it selects: sibling entries share a scope, so
    # a per-entry selector test costs one query per list, not one per entry (else quadratic).
    selected: dict[tuple[etree._Element, str], frozenset[etree._Element]] = field(
        default_factory=dict, compare=False, repr=False)

    def matches(self, el: etree._Element, scope: etree._Element, selector: str) -> bool:
        key = (scope, selector)
        found = self.selected.get(key)
        if found is None:
            found = self.selected[key] = frozenset(self.select(scope, selector))
        return el in found


    def select(self, root: etree._Element, selector: str | None) -> list[etree._Element]:
        return self.index.select(root, selector) if selector else []


def _figure_like(img: etree._Element, roots: Sequence[etree._Element]
                 ) -> etree._Element | None:
    """A wrapper that holds one image and its caption, as a <figure> would."""
    parent = img.getparent()
    while parent is not None and parent.tag in ("a", "picture", "span") and parent not in roots:
        parent = parent.getparent()
    if parent is None or parent in roots or parent.tag in ("p", "li", "td"):
        return None
    if len(image_elements(parent)) != 1:
        return None
    rest = element_text(parent)
    return parent if 0 < len(rest) <= 400 else None


def _read_figure(fig: etree._Element, ctx: ReadContext) -> Image | None:
    prof = ctx.profile
    return read_figure(fig, ctx.base_url, prof.caption_selector if prof else None,
                       prof.credit_selector if prof else None, ctx.index.select)


_COUNTER = re.compile(r"^\s*(?:\d{1,3}\s*/\s*\d{1,3}|\d{1,3}\s+[^\W\d_]{2,20})\s*$")


def _is_gallery_counter(el: etree._Element) -> bool:
    """"3 fotografii", "1/5" at the head of a gallery (a container of two or more images)."""
    if len(el) or not _COUNTER.match(el.text or ""):
        return False
    parent = el.getparent()
    return parent is not None and sum(1 for _ in parent.iter("img", "amp-img")) >= 2


def _holds_embed(el: etree._Element) -> bool:
    """A "social" wrapper that holds an embedded post is the embed's, not a share bar."""
    return any(d.tag in ("iframe", "blockquote") or d.get("data-embed-url")
               for d in el.iter() if isinstance(d.tag, str))


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
    walk = ctx.index.walk(elements)
    skip: set[etree._Element] = set()
    # aria-hidden is hidden from screen readers, not from the eye: no body text, but a time
    # shown only there ("12 minutes ago" beside an icon) is still the entry's time.
    aria_hidden: set[etree._Element] = set()
    if title_el is not None:
        skip.add(title_el)
    for root in elements:
        for sel in prof.remove_selectors if prof else ():
            skip.update(ctx.select(root, sel))
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if _is_gallery_counter(el):
                skip.add(el)
            if (_NOISE_CLASS.search(el.get("class") or "") and not _holds_embed(el)) \
                    or is_visually_hidden(el) or (el is not root and is_advert_slot(el)):
                skip.add(el)
            elif el.get("aria-hidden") == "true":
                aria_hidden.add(el)
    skip |= aria_hidden
    # share bars ("Paylaş", "Teilen", icons) whose links only share the page
    for i, root in enumerate(elements):
        skip.update(share_bars(root, include_root=i > 0))
    cand = Candidate()
    root = elements[0]
    cand.site_id = find_site_id(root, ctx) if len(elements) == 1 or title_el is not None else None
    # pinned markers
    cls = root.get("class") or ""
    parent = root.getparent()
    scope = parent if parent is not None else root
    if (prof and prof.pinned_selector and ctx.matches(root, scope, prof.pinned_selector)) or \
            PINNED_CLASS.search(cls) or root.get("data-pinned") in ("true", "1"):
        cand.pinned = True
    for el in walk.without(skip):
        text = ctx.index.text.short_text(el, 30)
        if not text or not only_icons_inside(el):
            continue
        if PINNED_LABEL.match(text):
            cand.pinned = True
            skip.add(el)
        elif STATUS_LABEL.match(text):
            skip.add(el)
    # embeds first: their texts, times and links are not the entry's
    containers = find_embed_containers(elements, ctx.base_url, skip, walk)
    for container in containers:
        cand.embeds.append(read_embed(container, ctx.base_url, ctx.frames))
        skip.add(container)
        # the site's wrapper around it (skip link, disclaimer, "End of … post") goes too
        skip.add(embed_wrapper(container, elements, containers))
    skip.update(skip_links_over_embeds(walk, containers))
    # authors
    author_els = []
    for r in elements:
        author_els += ctx.select(r, prof.author_selector if prof else None)
    if not author_els:
        # an author inside a figure is the photographer: that is the image's credit
        author_els = [el for el in walk.without(skip)
                      if (el.get("itemprop") == "author" or el.get("rel") == "author"
                          or AUTHOR_CLASS.search(el.get("class") or ""))
                      and not any(a.tag in ("figure", "figcaption") for a in el.iterancestors())]
    for el in author_els:
        if el in skip or any(a in skip for a in el.iterancestors()):
            continue
        name = strip_by(element_text(el))
        if name and len(name) <= 80 and name not in cand.authors:
            cand.authors.append(name)
        skip.add(el)
    # time
    time_sel = prof.time_selector if prof else None
    time_skip = skip - aria_hidden
    before = set(time_skip)
    if time_info is not None:
        cand.time = time_info
        _, cand.updated, cand.relative_hint = find_time(elements, ctx.zone, time_skip,
                                                        time_sel, ctx.index)
    else:
        cand.time, cand.updated, cand.relative_hint = find_time(elements, ctx.zone, time_skip,
                                                                time_sel, ctx.index)
    found = time_skip - before
    skip |= found
    if not cand.authors:
        for time_el in [e for e in walk.elements if e in found]:
            for byline in bylines_beside(time_el, elements, skip):
                name = strip_by(element_text(byline))
                if name not in cand.authors:
                    cand.authors.append(name)
                skip.add(byline)
    # title
    if title_text is not None:
        cand.title = title_text or None
    else:
        heads: list[etree._Element] = []
        for r in elements:
            heads += ctx.select(r, prof.title_selector if prof else None)
        if not heads:
            heads = [el for el in walk.without(skip)
                     if el.tag in HEADING_TAGS or el.get("role") == "heading"
                     or el.get("itemprop") == "headline"]
            heads = [h for h in heads if not any(a.tag in ("figure", "blockquote")
                                                 for a in h.iterancestors())]
        if heads:
            cand.title = element_text(heads[0], skip) or None
            skip.add(heads[0])
    # images
    fig_sel = prof.figure_selector if prof and prof.figure_selector else "figure"
    for fig in [f for r in elements
                for f in ([r] if r.tag == "figure" else ctx.select(r, fig_sel))]:
        if fig in skip or any(a in skip for a in fig.iterancestors()):
            continue
        image = _read_figure(fig, ctx)
        if image is not None:
            cand.images.append(image)
        skip.add(fig)
    for el in walk.without(skip):
        if el.tag not in IMAGE_TAGS or el in skip \
                or any(a.tag in IMAGE_TAGS for a in el.iterancestors()):
            continue    # an <img> inside an <amp-img> is its fallback: the same picture
        holder = _figure_like(el, elements)
        if holder is not None:
            image = _read_figure(holder, ctx)
            skip.add(holder)
        else:
            image = read_loose_image(el, ctx.base_url)
        if image is not None:
            cand.images.append(image)
    # body: loading placeholders and bare embed URLs are not text
    for el in walk.without(skip):
        if len(el) > 1:
            continue
        text = ctx.index.text.short_text(el, 300)
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
        chosen = [el for r in feed for el in ctx.select(r, prof.body_selector) if el not in skip]
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
