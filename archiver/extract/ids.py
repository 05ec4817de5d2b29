"""entry_id: the site's own id when it has one, otherwise one derived from stable content."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import parse_qsl, urldefrag, urlsplit

from archiver.extract.model import Candidate

# Relative times move between captures ("4m ago" -> "5m ago"); they never key an id.
_STABLE_SOURCES = {"datetime-attribute", "structured-data", "epoch-attribute", "date-text",
                   "clock-text+page-date"}


# Query parameters that address one entry: "?postId=f9e1c6b0", "?entry=123",
# "?page=with:block-60f5…" (not "?page=2": values shorter than 4 characters are left out).
_ID_PARAM = re.compile(r"id$|^id|post|entry|update|block|moment|item|event|^page$", re.I)


def id_keys_for_url(url: str | None) -> set[str]:
    """Match keys a URL or @id gives: its fragment, id-like query values, the full URL."""
    if not url:
        return set()
    keys = {url.strip().lower()}
    frag = urldefrag(url)[1]
    if frag:
        keys.add(frag.lower())
    for name, value in parse_qsl(urlsplit(url).query):
        value = value.strip().lower()
        if len(value) >= 4 and _ID_PARAM.search(name):
            keys.add(value)
    return keys


def core_keys(keys: set[str]) -> set[str]:
    """Keys with the usual prefixes removed, so "moment-123", "#post-123" and "123" meet."""
    out = set(keys)
    for key in keys:
        # Trailing digits only after a non-hex character: "block-…c3e101" is a hex id whose
        # last digits are no id of their own ("moment-123", "…/entry/4567" and "post123" are).
        m = re.search(r"(?<![0-9a-f])(\d{3,})$", key) or re.match(r"^[a-z]+[-_:](.+)$", key)
        if m:
            out.add(m.group(1))
    return out


def _derived(key: str) -> str:
    return "x-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def assign_ids(cands: Sequence[Candidate], published: Sequence[datetime | None],
               newest_first: bool) -> list[str]:
    """One unique id per candidate, in page order.

    Site id: the entry element's ``id`` (or a data-*-id, or the fragment of the entry's URL in
    structured data), as the page writes it. Derived id: ``x-`` + 16 hex digits of the
    sha256 of the first of: the published time in UTC (when not from relative text), the
    title, the first 200 characters of the body. Equal keys are numbered ``-2``, ``-3`` from
    the oldest entry, so entries added at the top of a live page never renumber older ones."""
    ids: list[str | None] = []
    keys: list[str] = []
    for cand, when in zip(cands, published, strict=True):
        if cand.site_id:
            ids.append(cand.site_id)
            keys.append("")
            continue
        ids.append(None)
        if when is not None and cand.time is not None and cand.time.source in _STABLE_SOURCES:
            keys.append("t:" + when.strftime("%Y%m%dT%H%M%S%z"))
        elif cand.title:
            keys.append("h:" + " ".join(cand.title.split()).lower())
        else:
            keys.append("b:" + " ".join(cand.body_text.split())[:200].lower())
    order = range(len(cands) - 1, -1, -1) if newest_first else range(len(cands))
    seen: dict[str, int] = {}
    used = {i for i in ids if i}
    for idx in order:
        if ids[idx] is not None:
            continue
        base = _derived(keys[idx])
        seen[base] = seen.get(base, 0) + 1
        candidate = base if seen[base] == 1 else f"{base}-{seen[base]}"
        while candidate in used:
            seen[base] += 1
            candidate = f"{base}-{seen[base]}"
        used.add(candidate)
        ids[idx] = candidate
    # The site's own ids can repeat on broken pages; keep them unique, later ones numbered.
    out: list[str] = []
    counts: dict[str, int] = {}
    for value in ids:
        assert value is not None
        counts[value] = counts.get(value, 0) + 1
        out.append(value if counts[value] == 1 else f"{value}-{counts[value]}")
    return out
