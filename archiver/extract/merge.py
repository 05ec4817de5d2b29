"""Merging layers: structured data fills and corrects what the DOM layer read, field by field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from archiver.extract.credits import normalize_credit, split_caption_credit
from archiver.extract.ids import core_keys, id_keys_for_url
from archiver.extract.jsonld import images as jsonld_images
from archiver.extract.jsonld import names, text_value
from archiver.extract.microdata import MicroItem
from archiver.extract.model import Candidate, Image, TimeInfo
from archiver.extract.sanitize import text_to_html
from archiver.extract.selectors import texts
from archiver.extract.times import parse_iso


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


def apply_structured(cand: Candidate, *, headline: str | None, body: str | None,
                     published: datetime | None, modified: datetime | None,
                     url: str | None, authors: list[str], time_text: str | None = None) -> None:
    """Fill a DOM candidate from structured data. Structured times beat clock/relative text
    (they carry a date and an offset); DOM text beats structured text (it is what readers saw)."""
    if headline and not cand.title:
        cand.title = headline
    if body and not cand.body_text:
        cand.body_text = body
        cand.body_html = text_to_html(body)
    if published is not None and (cand.time is None or cand.time.source not in
                                  ("datetime-attribute", "epoch-attribute")):
        cand.time = TimeInfo("structured-data",
                             cand.time.text if cand.time else time_text, when=published)
    if modified is not None and cand.updated is None:
        cand.updated = TimeInfo("structured-data", None, when=modified)
    if url:
        cand.id_keys |= id_keys_for_url(url)
        if cand.permalink is None and "#" in url:
            cand.permalink = url
    for name in authors:
        if name not in cand.authors:
            cand.authors.append(name)


def apply_microdata(cand: Candidate, item: MicroItem, zone: tzinfo) -> None:
    props = item.props
    published = parse_iso(props.get("datePublished", ""), zone)
    modified = parse_iso(props.get("dateModified", ""), zone)
    time_el = item.prop_elements.get("datePublished")
    time_text = None
    if time_el is not None and time_el.tag != "meta":
        time_text = " ".join("".join(texts(time_el)).split()) or None
    apply_structured(cand, headline=props.get("headline") or props.get("name"),
                     body=props.get("articleBody"), published=published, modified=modified,
                     url=props.get("url") or item.element.get("itemid"),
                     authors=item.authors, time_text=time_text)


def jsonld_candidate(update: dict[str, Any], zone: tzinfo, base_url: str) -> Candidate:
    cand = Candidate(layer="json-ld")
    url = text_value(update.get("url")) or text_value(update.get("@id"))
    body = text_value(update.get("articleBody"))
    html_body: tuple[str, str, list[dict[str, str]]] | None = None
    if body and re.search(r"<(?:p|br|a|div|ul|strong|em)\b", body, re.I):
        html_body = _html_body(body, base_url)
        body = html_body[0]
    else:
        body = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", body or "")
                           if p.strip())
    apply_structured(cand, headline=text_value(update.get("headline")), body=body or None,
                     published=parse_iso(text_value(update.get("datePublished")) or "", zone),
                     modified=parse_iso(text_value(update.get("dateModified")) or "", zone),
                     url=url, authors=names(update.get("author")))
    if html_body is not None:
        cand.body_html, cand.links = html_body[1], html_body[2]
    if url and "#" in url:
        cand.site_id = url.split("#", 1)[1] or None
    elif text_value(update.get("@id")):
        cand.site_id = text_value(update.get("@id"))
    for img in jsonld_images(update.get("image")):
        caption, credit = img["caption"], img["credit"]
        if caption and not credit:
            caption, credit = split_caption_credit(caption)
        cand.images.append(Image(url=img["url"], alt=img["alt"], caption=caption,
                                 credit=normalize_credit(credit), credit_raw=credit))
    return cand


def _html_body(html: str, base_url: str) -> tuple[str, str, list[dict[str, str]]]:
    """(body_text, body_html, links) of an articleBody that holds HTML."""
    from archiver.extract.html import load_html
    from archiver.extract.sanitize import sanitize
    from archiver.extract.text import ParagraphWriter

    body_el = load_html(html.encode("utf-8")).find("body")
    roots = [] if body_el is None else [body_el]
    writer = ParagraphWriter(base_url)
    writer.feed(roots)
    return writer.text, sanitize(roots, base_url, unwrap_roots=True), writer.links


# Times that carry the instant itself (not a clock joined with a guessed date, nor "4m ago").
_EXACT_SOURCES = {"datetime-attribute", "epoch-attribute", "structured-data"}


def _exact_when(c: Candidate) -> datetime | None:
    return c.time.when if c.time is not None and c.time.source in _EXACT_SOURCES else None


def _prefix_match(short: str, long: str) -> bool:
    """One normalized body starts the other (a structured summary of the text readers saw)."""
    if len(short) > len(long):
        short, long = long, short
    return len(short) >= 20 and long.startswith(short)


def _match(dom: Sequence[Candidate], sd: Candidate, taken: set[int],
           structured: Sequence[Candidate] = ()) -> int | None:
    """The DOM entry ``sd`` describes: by id, title, exact time, then body.

    Several entries can share a title ("GOAL!") or a minute, so a title or body shared by
    more than one entry is decided by the exact time, and a time alone decides only when it
    has seconds and no other entry on either side has the same instant."""
    free = [i for i in range(len(dom)) if i not in taken]
    keys = core_keys(sd.id_keys | ({sd.site_id.lower()} if sd.site_id else set()))
    for i in free:
        if keys & core_keys(dom[i].id_keys | id_keys_for_url(dom[i].permalink)):
            return i
    when = _exact_when(sd)
    same_time = [i for i in free if when is not None and _exact_when(dom[i]) == when]
    title = _norm(sd.title)
    if title:
        hits = [i for i in free if _norm(dom[i].title) == title]
        if hits:
            return next((i for i in hits if i in same_time), hits[0])
    if when is not None and when.second and len(same_time) == 1 and \
            sum(1 for o in structured if _exact_when(o) == when) <= 1:
        return same_time[0]
    body = _norm(sd.body_text)
    if len(body) >= 20:
        hits = [i for i in free if _prefix_match(body, _norm(dom[i].body_text))]
        exact = [i for i in hits if _norm(dom[i].body_text) == body]
        timed = [i for i in hits if i in same_time]
        for group in (timed, exact, hits if len(hits) == 1 else []):
            if group:
                return group[0]
    return None


def merge_jsonld(dom: list[Candidate], structured: list[Candidate],
                 newest_first: bool = True) -> list[Candidate]:
    """DOM entries with JSON-LD merged in; JSON-LD entries the DOM lacks are placed by time."""
    taken: set[int] = set()
    extra: list[Candidate] = []
    for sd in structured:
        i = _match(dom, sd, taken, structured)
        if i is None:
            extra.append(sd)
            continue
        taken.add(i)
        c = dom[i]
        apply_structured(c, headline=sd.title, body=sd.body_text or None,
                         published=sd.time.when if sd.time else None,
                         modified=sd.updated.when if sd.updated else None,
                         url=sd.permalink, authors=sd.authors)
        c.id_keys |= sd.id_keys
        if not c.images and sd.images:
            c.images = sd.images
        if not c.site_id and sd.site_id:
            c.site_id = sd.site_id
    if not extra:
        return dom
    if not dom:
        return extra
    merged = list(dom)
    for sd in extra:
        when = sd.time.when if sd.time else None
        pos = len(merged)
        if when is not None:
            for k, c in enumerate(merged):
                other = c.time.when if c.time and not c.pinned else None
                if other is not None and ((other < when) if newest_first else (other > when)):
                    pos = k
                    break
        merged.insert(pos, sd)
    return merged
