"""Entry dicts in schema order, their content hash, and the one JSON-lines encoder."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from archiver.extract.model import (
    EMBED_KEYS,
    ENTRY_KEYS,
    IMAGE_KEYS,
    LIVEBLOG_KEYS,
    SCHEMA_VERSION,
    SOURCE_KEYS,
    Embed,
    Image,
)


def content_sha256(entry: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of what a reader would call "the entry":

    ``{"title", "body_text", "published_at", "images": [{"url", "caption", "credit"}],
    "embeds": [{"type", "id", "url"}]}`` with sorted keys, no whitespace, UTF-8.
    published_at is left out (null) when it came from relative text ("4m ago"), which
    drifts from one capture to the next. Position, capture time, source, change, ids and
    embed render status/text are not content: an embed that renders in one pass and not the
    next is not an edit."""
    published = entry.get("published_at")
    if entry.get("time_source") == "relative-text":
        published = None
    content = {
        "title": entry.get("title"),
        "body_text": entry.get("body_text"),
        "published_at": published,
        "images": [{"url": i.get("url"), "caption": i.get("caption"), "credit": i.get("credit")}
                   for i in entry.get("images") or []],
        "embeds": [{"type": e.get("type"), "id": e.get("id"), "url": e.get("url")}
                   for e in entry.get("embeds") or []],
    }
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def image_dict(image: Image) -> dict[str, Any]:
    return {k: getattr(image, k) for k in IMAGE_KEYS}


def embed_dict(embed: Embed) -> dict[str, Any]:
    return {k: getattr(embed, k) for k in EMBED_KEYS}


def build_entry(fields: Mapping[str, Any], liveblog: Mapping[str, Any],
                source: Mapping[str, Any]) -> dict[str, Any]:
    """An entry dict with every key of the schema, in schema order."""
    entry: dict[str, Any] = {}
    for key in ENTRY_KEYS:
        if key == "schema_version":
            entry[key] = SCHEMA_VERSION
        elif key == "liveblog":
            entry[key] = {k: liveblog.get(k) for k in LIVEBLOG_KEYS}
        elif key == "source":
            entry[key] = {k: source.get(k) for k in SOURCE_KEYS}
        elif key == "content_sha256":
            entry[key] = ""
        elif key == "change":
            entry[key] = fields.get("change")
        else:
            entry[key] = fields.get(key)
    entry["content_sha256"] = content_sha256(entry)
    return entry


def entry_to_json_line(entry: Mapping[str, Any]) -> str:
    """One JSON line (no trailing newline), keys in schema order, UTF-8 text kept as is.

    The capture's feed export and ``archiver extract`` both call this, so their lines match
    byte for byte."""
    ordered: dict[str, Any] = {k: entry[k] for k in ENTRY_KEYS if k in entry}
    for key in entry:
        if key not in ordered:
            ordered[key] = entry[key]
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
