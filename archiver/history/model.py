"""The values the history deals in: what is known of an entry, what a pass observed, and the
rows the store gives back."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from archiver.warc.records import iso_utc

NEW, EDITED, UNCHANGED, DELETED = "new", "edited", "unchanged", "deleted"
CHANGES = (NEW, EDITED, UNCHANGED, DELETED)
LIVE = "live"
STATES = (LIVE, EDITED, DELETED)

# pass status
RUNNING, OK, FAILED, INTERRUPTED, ERROR = "running", "ok", "failed", "interrupted", "error"
# what became of a pass's entry changes
PENDING, COMMITTED, DISCARDED = "pending", "committed", "discarded"


def now_text() -> str:
    """The current time as the history stores its times: UTC, ISO 8601, seconds, ``Z``."""
    return iso_utc(datetime.now(UTC))


@dataclass(frozen=True)
class Known:
    """An entry as the history knows it before the pass."""

    entry_id: str
    state: str
    content_sha256: str
    versions: int
    published_at: str | None


@dataclass(frozen=True)
class Observation:
    """One entry in one pass: its change and, for a new version, the entry itself."""

    page_url: str
    entry_id: str
    change: str
    version: int
    content_sha256: str
    captured_at: str
    position: int | None = None
    restored: bool = False          # seen again after the history had it deleted
    entry: dict[str, Any] | None = None   # the entry JSON (change null) of a new version


@dataclass
class PageOutcome:
    page_url: str
    ok: bool
    closed: bool = False
    entries: int = 0
    off_page: int = 0               # gone, but older than every entry shown: not deleted
    withheld: str | None = None     # why deletions were not computed for this page
    error: str | None = None


@dataclass
class PassChanges:
    """Everything one pass does to the history; the store applies it in one transaction."""

    pass_id: str
    url: str
    started_at: str
    finished_at: str
    status: str
    observations: list[Observation] = field(default_factory=list)
    pages: list[PageOutcome] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(1 for o in self.observations if o.change == change)

    @property
    def closed(self) -> bool:
        return any(p.closed for p in self.pages if p.ok)

    @property
    def withheld(self) -> str | None:
        reasons = [p.withheld for p in self.pages if p.withheld]
        return "; ".join(reasons) if reasons else None

    @property
    def off_page(self) -> int:
        return sum(p.off_page for p in self.pages)


@dataclass(frozen=True)
class PassRow:
    pass_id: str
    seq: int
    url: str
    started_at: str
    finished_at: str | None
    status: str
    history: str
    closed: bool
    entries: int
    new: int
    edited: int
    unchanged: int
    deleted: int
    off_page: int
    withheld: str | None
    warc_bytes: int | None
    exit_code: int | None
    error: str | None
    run_dir: str | None

    @property
    def changed(self) -> bool:
        return bool(self.new or self.edited or self.deleted)

    @property
    def captured(self) -> bool:
        """The pass captured the page and its changes are in the history: the passes that
        stop rules count and ``archiver diff`` compares."""
        return self.status == OK and self.history == COMMITTED

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EntryRow:
    page_url: str
    entry_id: str
    state: str
    first_seen: str
    last_seen: str
    first_pass: str
    last_pass: str
    deleted_at: str | None
    deleted_pass: str | None
    versions: int
    content_sha256: str
    published_at: str | None
    title: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VersionRow:
    page_url: str
    entry_id: str
    version: int
    content_sha256: str
    captured_at: str
    last_seen: str
    pass_id: str
    warc_file: str | None
    record_id: str | None
    source_page_url: str | None
    entry_json: str

    def as_dict(self, with_entry: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": self.version, "content_sha256": self.content_sha256,
            "captured_at": self.captured_at, "last_seen": self.last_seen,
            "pass_id": self.pass_id,
            "source": {"warc_file": self.warc_file, "record_id": self.record_id,
                       "page_url": self.source_page_url}}
        if with_entry:
            out["entry"] = json.loads(self.entry_json)
        return out
