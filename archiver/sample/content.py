"""The sample liveblog's content as typed data: loaded and checked from the package's JSON files."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

PACKAGE = "archiver.sample"
TWEET_PLACEHOLDER = "Twitter bericht wordt geladen..."


class SampleDataError(ValueError):
    """A sample data file is malformed or inconsistent (the message names the file and item)."""


@dataclass(frozen=True)
class Mark:
    """Inline markup over the first occurrence of ``text`` in a paragraph: a link or emphasis."""

    text: str
    link: str | None = None
    em: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    marks: tuple[Mark, ...] = ()
    type: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Image:
    file: str
    alt: str
    credit: str                     # marker and name as the seed shows them: "Beeld epa"
    caption: str | None = None
    lazy: Literal["eager", "native", "script"] = "native"
    type: Literal["image"] = "image"


@dataclass(frozen=True)
class TweetEmbed:
    tweet_id: str
    type: Literal["tweet"] = "tweet"


Block = Paragraph | Image | TweetEmbed


@dataclass(frozen=True)
class Entry:
    id: str
    time: str                       # clock text "HH:MM", Europe/Amsterdam
    title: str
    blocks: tuple[Block, ...]

    def with_texts(self, overrides: dict[int, str]) -> Entry:
        """This entry with some paragraphs' texts replaced (marks that no longer fit dropped)."""
        if not overrides:
            return self
        blocks = list(self.blocks)
        for index, text in overrides.items():
            block = blocks[index]
            if not isinstance(block, Paragraph):
                raise SampleDataError(f"entry {self.id}: block {index} is not a paragraph")
            blocks[index] = replace(block, text=text,
                                    marks=tuple(m for m in block.marks if m.text in text))
        return replace(self, blocks=tuple(blocks))


@dataclass(frozen=True)
class Tweet:
    id: str
    name: str
    screen_name: str
    lang: str
    created_at: str
    text: str

    @property
    def url(self) -> str:
        return f"https://twitter.com/{self.screen_name}/status/{self.id}"


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    intro: str
    author: str
    published: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Liveblog:
    site_id: str
    path: str
    canonical_url: str
    site_name: str
    section: str
    title: str
    intro_title: str
    intro: str
    date: str
    utc_offset: str
    published_time: str
    closed_time: str
    label_live: str
    label_closed: str
    status_text: str
    closed_notice: str
    load_more_text: str
    page_size: int
    lead_image: Image
    entries: tuple[Entry, ...]       # newest first, as the seed

    def iso(self, clock: str) -> str:
        """ISO 8601 time of a clock text on the liveblog's day: ``2018-07-16T17:42:00+02:00``."""
        return datetime.fromisoformat(f"{self.date}T{clock}:00{self.utc_offset}").isoformat()


def read_json(name: str) -> Any:
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, ValueError) as exc:
        raise SampleDataError(f"{name}: {exc}") from exc


def parse_block(raw: dict[str, Any], where: str) -> Block:
    kind = raw.get("type")
    try:
        if kind == "paragraph":
            marks = tuple(Mark(m["text"], m.get("link"), bool(m.get("em", False)))
                          for m in raw.get("marks", ()))
            for mark in marks:
                if mark.text not in raw["text"]:
                    raise SampleDataError(f"{where}: mark {mark.text!r} not in its paragraph")
            return Paragraph(raw["text"], marks)
        if kind == "image":
            return Image(raw["file"], raw["alt"], raw["credit"], raw.get("caption"),
                         raw.get("lazy", "native"))
        if kind == "tweet":
            return TweetEmbed(str(raw["tweet_id"]))
    except KeyError as exc:
        raise SampleDataError(f"{where}: {kind} block lacks {exc}") from exc
    raise SampleDataError(f"{where}: unknown block type {kind!r}")


def parse_entry(raw: dict[str, Any], where: str) -> Entry:
    try:
        entry_id = str(raw["id"])
        blocks = tuple(parse_block(b, f"{where} (id {entry_id}) block {i}")
                       for i, b in enumerate(raw["blocks"]))
        return Entry(entry_id, raw["time"], raw["title"], blocks)
    except KeyError as exc:
        raise SampleDataError(f"{where}: entry lacks {exc}") from exc


@cache
def load_liveblog() -> Liveblog:
    raw = read_json("content.json")
    try:
        entries = tuple(parse_entry(e, f"content.json entry {i + 1}")
                        for i, e in enumerate(raw["entries"]))
        lead = parse_block(raw["lead_image"], "content.json lead_image")
        fields = {k: raw[k] for k in Liveblog.__dataclass_fields__
                  if k not in ("entries", "lead_image")}
    except KeyError as exc:
        raise SampleDataError(f"content.json: missing {exc}") from exc
    if not isinstance(lead, Image):
        raise SampleDataError("content.json: lead_image is not an image")
    ids = [int(e.id) for e in entries]
    if ids != sorted(set(ids), reverse=True):
        raise SampleDataError("content.json: entry ids must be unique and newest first")
    return Liveblog(**fields, lead_image=lead, entries=entries)


@cache
def load_tweets() -> dict[str, Tweet]:
    raw = read_json("tweets.json")
    try:
        tweets = [Tweet(**t) for t in raw["tweets"]]
    except (KeyError, TypeError) as exc:
        raise SampleDataError(f"tweets.json: {exc}") from exc
    return {t.id: t for t in tweets}


@cache
def load_articles() -> dict[str, Article]:
    raw = read_json("articles.json")
    try:
        articles = [Article(a["path"], a["title"], a["intro"], a["author"], a["published"],
                            tuple(a["paragraphs"])) for a in raw["articles"]]
    except KeyError as exc:
        raise SampleDataError(f"articles.json: article lacks {exc}") from exc
    return {a.path: a for a in articles}
