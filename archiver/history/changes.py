"""Change computation for one pass (pure): each entry seen is new, edited or unchanged against
the history; entries gone from a fully captured page are deleted.

Deletions are computed only when the page was captured whole: a failed page (target down,
HTTP error, no DOM), a page with no entries at all, or one whose "load more" did not finish
deletes nothing. An entry older than every entry the page shows has rolled off the page (a
liveblog that keeps only its newest entries) and is not counted as deleted either."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from archiver.history.model import (
    DELETED,
    EDITED,
    NEW,
    UNCHANGED,
    Known,
    Observation,
    PageOutcome,
    PassChanges,
)

logger = logging.getLogger(__name__)

INCOMPLETE_LOAD = ("partial", "failed", "timeout")

KnownLoader = Callable[[str], Mapping[str, Known]]
EntryLoader = Callable[[str, str], dict[str, Any] | None]


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class PassTracker:
    """Observes one pass. ``known`` loads what the history knows of a page's entries (once per
    page); ``last_entry`` loads the stored JSON of an entry's latest version."""

    def __init__(self, pass_id: str, url: str, started_at: str, known: KnownLoader,
                 last_entry: EntryLoader) -> None:
        self.pass_id = pass_id
        self.url = url
        self.started_at = started_at
        self._load_known = known
        self._load_entry = last_entry
        self._known: dict[str, Mapping[str, Known]] = {}
        self._seen: dict[tuple[str, str], Observation] = {}
        self.observations: list[Observation] = []
        self.pages: list[PageOutcome] = []

    def known(self, page_url: str) -> Mapping[str, Known]:
        if page_url not in self._known:
            self._known[page_url] = self._load_known(page_url)
        return self._known[page_url]

    def observe(self, page_url: str, entry: Mapping[str, Any]) -> str:
        """The change of one extracted entry (and remember it for the commit)."""
        entry_id = str(entry["entry_id"])
        earlier = self._seen.get((page_url, entry_id))
        if earlier is not None:
            return earlier.change  # the same id twice on a page: keep the first
        sha = str(entry["content_sha256"])
        known = self.known(page_url).get(entry_id)
        restored = known is not None and known.state == DELETED
        if known is None:
            change, version = NEW, 1
        elif sha == known.content_sha256:
            change, version = UNCHANGED, known.versions
        else:
            change, version = EDITED, known.versions + 1
        stored = None
        if change != UNCHANGED:
            stored = {**copy.deepcopy(dict(entry)), "change": None}
        obs = Observation(page_url, entry_id, change, version, sha,
                          str(entry.get("captured_at") or ""), _int(entry.get("position")),
                          restored, stored)
        self._seen[(page_url, entry_id)] = obs
        self.observations.append(obs)
        return change

    def finish_page(self, page_url: str, *, ok: bool, entries: Sequence[Mapping[str, Any]],
                    closed: bool = False, load_more: str | None = None,
                    error: str | None = None) -> list[dict[str, Any]]:
        """Close a page: returns its deleted entries (their last version, change "deleted"),
        to be written after the page's entries."""
        outcome = PageOutcome(page_url, ok, closed, len(entries), error=error)
        self.pages.append(outcome)
        if not ok:
            outcome.withheld = f"the page was not captured ({error or 'failed'})"
        elif not entries:
            outcome.withheld = "no entries found on the page"
        elif load_more in INCOMPLETE_LOAD:
            outcome.withheld = f"the page was not fully loaded (load-more {load_more})"
        if outcome.withheld:
            logger.info("%s: no deletions computed: %s", page_url, outcome.withheld)
            return []
        present = {str(e["entry_id"]) for e in entries}
        times = [m for e in entries if (m := _moment(e.get("published_at"))) is not None]
        oldest = min(times) if times else None
        captured_at = str(entries[0].get("captured_at") or "")
        deleted: list[dict[str, Any]] = []
        for known in self.known(page_url).values():
            if known.state == DELETED or known.entry_id in present:
                continue
            published = _moment(known.published_at)
            if oldest is not None and published is not None and published < oldest:
                outcome.off_page += 1
                continue
            last = self._load_entry(page_url, known.entry_id)
            if last is None:
                logger.warning("%s: entry %s has no stored version", page_url, known.entry_id)
                continue
            last["change"] = DELETED
            obs = Observation(page_url, known.entry_id, DELETED, known.versions,
                              known.content_sha256, captured_at)
            self._seen[(page_url, known.entry_id)] = obs
            self.observations.append(obs)
            deleted.append(last)
        return deleted

    def result(self, status: str, finished_at: str) -> PassChanges:
        return PassChanges(self.pass_id, self.url, self.started_at, finished_at, status,
                           list(self.observations), list(self.pages))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
