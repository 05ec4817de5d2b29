"""The extraction data model: snapshot in, result out, and the per-entry working record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SCHEMA_VERSION = "1.0"

# Keys of one entry line, in the order the schema documents and the serializer writes.
ENTRY_KEYS: tuple[str, ...] = (
    "schema_version", "liveblog", "entry_id", "permalink", "position", "title",
    "published_at", "updated_at", "time_text", "time_source", "body_text", "body_html",
    "authors", "links", "images", "embeds", "captured_at", "content_sha256", "source",
    "change",
)
LIVEBLOG_KEYS: tuple[str, ...] = ("url", "canonical_url", "title", "site", "language")
IMAGE_KEYS: tuple[str, ...] = ("url", "alt", "caption", "credit", "credit_raw")
EMBED_KEYS: tuple[str, ...] = (
    "type", "id", "url", "status", "author_name", "author_handle", "text", "created_at",
)
LINK_KEYS: tuple[str, ...] = ("url", "text")
SOURCE_KEYS: tuple[str, ...] = ("warc_file", "record_id", "page_url")

TIME_SOURCES: tuple[str, ...] = (
    "datetime-attribute", "structured-data", "epoch-attribute", "date-text",
    "clock-text+page-date", "relative-text",
)


@dataclass(frozen=True)
class SourceRef:
    """Where the DOM an entry came from is stored (the WARC resource record)."""

    warc_file: str | None
    record_id: str | None
    page_url: str


@dataclass(frozen=True)
class PageSnapshot:
    """What the capture recorded for one page: the input of :func:`extract_entries`."""

    url: str
    html: bytes
    captured_at: datetime
    content_type: str | None = None
    frames: Mapping[str, bytes] = field(default_factory=dict)
    source: SourceRef | None = None
    profile: str | None = None


@dataclass(frozen=True)
class ExtractionResult:
    """Entries of one page plus what was learnt about the liveblog itself."""

    liveblog: dict[str, Any]
    entries: list[dict[str, Any]]
    closed: bool
    profile: str | None
    warnings: list[str]


@dataclass
class Image:
    url: str | None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    credit_raw: str | None = None


@dataclass
class Embed:
    type: str
    id: str | None = None
    url: str | None = None
    status: str = "placeholder"
    author_name: str | None = None
    author_handle: str | None = None
    text: str | None = None
    created_at: str | None = None


@dataclass
class TimeInfo:
    """One entry's time as found, before clock times are joined with a date.

    Exactly one of ``when`` (an aware datetime), ``clock`` ((hour, minute), maybe with
    ``tz_abbr``) or ``relative_seconds`` carries the value."""

    source: str
    text: str | None = None
    when: datetime | None = None
    clock: tuple[int, int] | None = None
    tz_abbr: str | None = None
    relative_seconds: int | None = None


@dataclass
class Candidate:
    """One entry while layers are being merged; fields stay None/empty until a layer fills them."""

    site_id: str | None = None
    id_keys: set[str] = field(default_factory=set)
    permalink: str | None = None
    title: str | None = None
    time: TimeInfo | None = None
    relative_hint: int | None = None     # seconds-ago text next to an absolute clock
    updated: TimeInfo | None = None
    date_context: tuple[int, int, int] | None = None  # a day heading above the entry
    body_text: str = ""
    body_html: str = ""
    authors: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    pinned: bool = False
    doc_order: int = 0                   # position of the entry's element in the document
    layer: str = "generic"
