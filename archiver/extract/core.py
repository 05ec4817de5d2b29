"""extract_entries: one page snapshot in, the liveblog's normalized entries out (pure)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from lxml import etree

from archiver.extract.block import ReadContext, read_region
from archiver.extract.dating import PageDates, newest_first, resolve_clock_dates
from archiver.extract.embeds import FrameIndex
from archiver.extract.generic import LEAD_SEPARATOR, Region, filter_items, find_regions
from archiver.extract.html import load_html
from archiver.extract.ids import assign_ids
from archiver.extract.jsonld import read_jsonld
from archiver.extract.merge import apply_microdata, jsonld_candidate, merge_jsonld
from archiver.extract.microdata import read_microdata
from archiver.extract.model import Candidate, ExtractionResult, PageSnapshot, TimeInfo
from archiver.extract.page_index import PageIndex
from archiver.extract.pagemeta import coverage_ended, page_datetime, read_page_meta
from archiver.extract.profile_layer import choose_profile, is_closed, profile_entries
from archiver.extract.selectors import texts
from archiver.extract.serialize import build_entry, embed_dict, image_dict
from archiver.extract.times import day_divider, format_dt, format_utc, parse_iso, parse_time_text
from archiver.extract.timezones import TZ_ABBREVIATIONS, ZONE_ABBREVIATIONS, infer_zone, zone

logger = logging.getLogger(__name__)

_ABBR_IN_TEXT = re.compile(
    r"\d{1,2}[:.]\d{2}\s*(?:[aApP]\.?[mM]\.?\s*)?\(?("
    + "|".join([*TZ_ABBREVIATIONS, *ZONE_ABBREVIATIONS]) + r")\)?\b")


def _page_abbreviations(root: etree._Element) -> list[str]:
    body = root.find("body")
    if body is None:
        return []
    text = "".join(texts(body))[:2_000_000]
    # Most frequent first (ties: first seen): the page's own clocks outnumber a stray mention.
    counts = Counter(m.group(1) for m in _ABBR_IN_TEXT.finditer(text))
    return [abbr for abbr, _ in counts.most_common(4)]


def _regions(root: etree._Element, profile_els: list[etree._Element],
             micro_els: list[etree._Element]) -> tuple[list[Region], str]:
    if profile_els:
        return [Region([el]) for el in filter_items(profile_els)] or \
            [Region([el]) for el in profile_els], "profile"
    generic = find_regions(root)
    if not micro_els:
        return generic, "generic"
    micro_set = set(micro_els)
    # A microdata "update" that holds other updates, or that stands alone and holds several
    # structural entries, is the feed's container marked by mistake: its entries are the ones
    # inside it. (One of many sibling updates holding a timed list is still an entry.)
    blocks: dict[etree._Element, int] = {}
    updates: set[etree._Element] = set()
    for el in [r.elements[0] for r in generic] + micro_els:
        for a in el.iterancestors():
            if a in micro_set:
                blocks[a] = blocks.get(a, 0) + 1
                if el in micro_set:
                    updates.add(a)
    parents = [m.getparent() for m in micro_els]
    containers = {m for m, n in blocks.items()
                  if m in updates or (n >= 2 and parents.count(m.getparent()) == 1)}
    entries = [m for m in micro_els if m not in containers]
    if not entries:
        return generic, "generic"
    entry_set = set(entries)
    regions = [Region([el]) for el in entries]
    for region in generic:
        first = region.elements[0]
        overlaps = first in entry_set or any(a in entry_set for a in first.iterancestors()) or \
            any(m in entry_set for m in first.iter())
        if not overlaps:
            regions.append(region)
    return regions, "microdata"


def _drop_lead_separator(cand: Candidate) -> None:
    """``<p><strong>23.47 uur</strong> – Text</p>``: the dash (or colon) after the bold time
    separates it from the text; with the time left out it is no part of the body."""
    cand.body_text = LEAD_SEPARATOR.sub("", cand.body_text, count=1)
    if cand.body_html.startswith("<p>"):
        cand.body_html = "<p>" + LEAD_SEPARATOR.sub("", cand.body_html[3:], count=1)


def _zone_name(snapshot: PageSnapshot, profile_tz: str | None, language: str | None,
               canonical: str | None, root: etree._Element) -> str | None:
    if profile_tz:
        return profile_tz
    urls = [canonical, snapshot.url]
    abbreviations = _page_abbreviations(root)
    for url in urls:
        name = infer_zone(language, url, abbreviations)
        if name:
            return name
    return None


def _resolve_published(cands: list[Candidate], tz: tzinfo, zone_name: str | None,
                       dates: PageDates) -> list[datetime | None]:
    clock = resolve_clock_dates(cands, tz, zone_name, dates)
    out: list[datetime | None] = []
    for i, c in enumerate(cands):
        t = c.time
        if t is None:
            out.append(None)
        elif t.when is not None:
            out.append(t.when)
        elif t.clock is not None:
            out.append(clock.get(i))
        elif t.relative_seconds is not None:
            when = dates.captured_at - timedelta(seconds=t.relative_seconds)
            out.append(when.replace(second=0, microsecond=0))
        else:
            out.append(None)
    return out


def _divider_days(regions: list[Region], today: date) -> None:
    """A day divider before an entry ("Vandaag", "Gisteren", "Donderdag 31 oktober"), among
    its siblings or before its list, dates it, until the next divider. One walk per list."""
    entry_els = {r.elements[0] for r in regions}
    by_parent: dict[etree._Element, dict[etree._Element, Region]] = {}
    for region in regions:
        parent = region.elements[0].getparent()
        if region.date_context is None and parent is not None:
            by_parent.setdefault(parent, {})[region.elements[0]] = region
    for parent, wanted in by_parent.items():
        current = _divider_before(parent, entry_els, today)
        for child in parent:
            entry = wanted.get(child)
            if entry is not None:
                entry.date_context = current
            elif isinstance(child.tag, str) and child not in entry_els:
                current = _divider_day(child, today) or current


def _divider_before(el: etree._Element, entry_els: set[etree._Element], today: date
                    ) -> tuple[int, int, int] | None:
    for sib in el.itersiblings(preceding=True):
        if isinstance(sib.tag, str) and sib not in entry_els:
            day = _divider_day(sib, today)
            if day is not None:
                return day
    return None


def _divider_day(el: etree._Element, today: date) -> tuple[int, int, int] | None:
    text = " ".join("".join(texts(el)).split())
    if not text or len(text) > 40:
        return None
    day = day_divider(text)
    if isinstance(day, int):
        moment = today + timedelta(days=day)
        return moment.year, moment.month, moment.day
    return (day[0] or 0, day[1], day[2]) if day is not None else None


def _complete_years(cands: list[Candidate], page_day: date, captured_day: date) -> None:
    """Day headings without a year take the page's, or the year before if that is future."""
    for c in cands:
        if c.date_context is None or c.date_context[0]:
            continue
        _, month, day = c.date_context
        year = page_day.year
        try:
            if date(year, month, day) > captured_day + timedelta(days=1):
                year -= 1
            date(year, month, day)
        except ValueError:
            c.date_context = None
            continue
        c.date_context = (year, month, day)


def _drop_repeats(cands: list[Candidate]) -> list[Candidate]:
    """One post shown twice (a pinned copy on top, the same post again in its place: same id
    attribute, title and text) is one entry, where it first appears; it takes the id and
    permalink of the copy that is not pinned, which stay when the post is unpinned."""
    kept: list[Candidate] = []
    by_key: dict[str, Candidate] = {}
    for cand in cands:
        twin = next((k for key in sorted(cand.id_keys) if (k := by_key.get(key)) is not None
                     and k.title == cand.title and k.body_text == cand.body_text), None)
        if twin is None:
            kept.append(cand)
            for key in cand.id_keys:
                by_key.setdefault(key, cand)
            continue
        if twin.pinned and not cand.pinned and cand.site_id:
            twin.site_id, twin.permalink = cand.site_id, cand.permalink
            twin.id_keys |= cand.id_keys
    return kept


def _updated_at(updated: TimeInfo | None, published: datetime | None, tz: tzinfo
                ) -> datetime | None:
    """The update time: as found, or a clock ("Updated 22:40") on the day of publication in
    the site's zone (the next day when that would be before the publication)."""
    if updated is None:
        return None
    if updated.when is not None:
        return updated.when
    if updated.clock is None or published is None:
        return None
    local = published.astimezone(tz)
    moment = datetime(local.year, local.month, local.day, *updated.clock, tzinfo=tz)
    if moment < published:
        moment = datetime.combine(local.date() + timedelta(days=1), moment.timetz())
    return moment


def extract_entries(snapshot: PageSnapshot) -> ExtractionResult:
    """Every entry of the liveblog page in ``snapshot``, JSON-ready and in page order."""
    warnings: list[str] = []
    captured_at = snapshot.captured_at
    if captured_at.tzinfo is None:
        warnings.append("captured_at has no timezone; taken as UTC")
        captured_at = captured_at.replace(tzinfo=UTC)
    if not snapshot.html.strip():
        warnings.append("empty page: no HTML to extract from")
    root = load_html(snapshot.html, snapshot.content_type)
    sd = read_jsonld(root)
    warnings.extend(sd.errors)
    micro_items, micro_page = read_microdata(root)
    meta = read_page_meta(root, snapshot.url, sd, micro_page)
    profile = choose_profile(snapshot.profile, [snapshot.url, meta.canonical_url], root)
    profile_tz = profile.timezone_for(meta.canonical_url or snapshot.url) if profile else None
    zone_name = _zone_name(snapshot, profile_tz, meta.language, meta.canonical_url, root)
    tz = zone(zone_name) if zone_name else None
    if tz is None:
        warnings.append("no timezone known for this page; clock times are read as UTC")
        tz, zone_name = UTC, "UTC"
    language = meta.language or (profile.language if profile else None)
    frames = FrameIndex(snapshot.frames)
    index = PageIndex(root)
    ctx = ReadContext(base_url=snapshot.url, zone=tz, frames=frames, profile=profile,
                      index=index)

    profile_els = profile_entries(root, profile) if profile else []
    if profile and not profile_els and profile.entry_selector:
        warnings.append(f"profile {profile.name}: entry selector matched nothing; "
                        "using the generic extractor")
    micro_by_el = {item.element: item for item in micro_items}
    regions, layer = _regions(root, profile_els, list(micro_by_el))
    order = index.order
    regions.sort(key=lambda r: order.get(r.elements[0], 0))
    _divider_days(regions, captured_at.astimezone(tz).date())
    cands: list[Candidate] = []
    for region in regions:
        time_info = None
        if region.time_text:
            parsed = parse_time_text(region.time_text)
            time_info = TimeInfo("clock-text+page-date", region.time_text, clock=parsed.clock,
                                 tz_abbr=parsed.tz_abbr)
        cand = read_region(region.elements, ctx, title_el=region.title_el,
                           title_text=region.title_text, time_info=time_info)
        if region.kind == "ticker-inline":
            _drop_lead_separator(cand)
        cand.layer = layer
        cand.date_context = region.date_context
        cand.doc_order = order.get(region.elements[0], 0)
        item = micro_by_el.get(region.elements[0])
        if item is not None:
            apply_microdata(cand, item, tz)
        if cand.time is not None and cand.time.clock is not None and cand.date_context is None:
            parsed = parse_time_text(cand.time.text or "")
            if parsed.day is not None and parsed.day[0] is not None:
                cand.date_context = (parsed.day[0], parsed.day[1], parsed.day[2])
                cand.time.source = "date-text"
        cands.append(cand)

    structured = [jsonld_candidate(u, tz, snapshot.url) for u in sd.updates]
    is_newest_first = newest_first(cands)
    if not cands and structured:
        layer = "json-ld"
    cands = merge_jsonld(_drop_repeats(cands), structured, newest_first=is_newest_first)

    start = page_datetime(meta.start_raw, tz)
    # coverageEndTime is when coverage stops *or will stop*: only a past one says anything
    # about the entries (and only a past one closes the liveblog).
    ended = coverage_ended(meta.end_raw, tz, captured_at)
    modified = page_datetime(meta.modified_raw, tz) or \
        (page_datetime(meta.end_raw, tz) if ended else None)
    _complete_years(cands, (start or captured_at).astimezone(tz).date(),
                    captured_at.astimezone(tz).date())
    published = _resolve_published(cands, tz, zone_name,
                                   PageDates(start=start, modified=modified,
                                             captured_at=captured_at))
    ids = assign_ids(cands, published, is_newest_first)
    liveblog: dict[str, Any] = {
        "url": snapshot.url, "canonical_url": meta.canonical_url, "title": meta.title,
        "site": meta.site, "language": language,
    }
    source = {
        "warc_file": snapshot.source.warc_file if snapshot.source else None,
        "record_id": snapshot.source.record_id if snapshot.source else None,
        "page_url": snapshot.source.page_url if snapshot.source else snapshot.url,
    }
    entries: list[dict[str, Any]] = []
    for position, (cand, when, entry_id) in enumerate(zip(cands, published, ids, strict=True),
                                                      start=1):
        updated = _updated_at(cand.updated, when, tz)
        for embed in cand.embeds:
            if embed.created_at:
                created = parse_iso(embed.created_at, UTC)
                embed.created_at = format_dt(created, tz) if created else None
        fields = {
            "entry_id": entry_id,
            "permalink": cand.permalink,
            "position": position,
            "title": cand.title,
            "published_at": format_dt(when, tz) if when else None,
            "updated_at": format_dt(updated, tz) if updated else None,
            "time_text": cand.time.text if cand.time else None,
            "time_source": cand.time.source if cand.time and when else None,
            "body_text": cand.body_text,
            "body_html": cand.body_html,
            "authors": list(cand.authors),
            "links": list(cand.links),
            "images": [image_dict(i) for i in cand.images],
            "embeds": [embed_dict(e) for e in cand.embeds],
            "captured_at": format_utc(captured_at),
            "change": None,
        }
        entries.append(build_entry(fields, liveblog, source))
    if not entries:
        warnings.append("no liveblog entries found on the page")
    closed = ended or is_closed(root, profile)
    extras = dict(liveblog)
    extras.update({"timezone": zone_name, "closed": closed, "layer": layer if cands else None,
                   "published_at": format_dt(start, tz) if start else None,
                   "modified_at": format_dt(modified, tz) if modified else None})
    for w in warnings:
        logger.warning("%s: %s", snapshot.url, w)
    return ExtractionResult(liveblog=extras, entries=entries, closed=closed,
                            profile=profile.name if profile else None, warnings=warnings)
