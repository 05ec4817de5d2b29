"""schema.org JSON-LD: the page's LiveBlogPosting/NewsArticle and its liveBlogUpdate entries."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from archiver.extract.selectors import JSONLD_SCRIPTS, elements_of

logger = logging.getLogger(__name__)

_ARTICLE_TYPES = {"LiveBlogPosting", "NewsArticle", "Article", "ReportageNewsArticle",
                  "BlogPosting", "WebPage", "AnalysisNewsArticle"}


@dataclass
class StructuredData:
    liveblog: dict[str, Any] | None = None       # the LiveBlogPosting object
    article: dict[str, Any] | None = None        # any other article object (page dates)
    updates: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).rsplit("/", 1)[-1] for v in values if v}


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if key in node and isinstance(node[key], list | dict):
                yield from _walk(node[key])


def _loads(text: str) -> Any:
    text = text.strip()
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text)
    try:
        return json.loads(text, strict=False)
    except ValueError:
        # Trailing commas are the usual hand-written mistake; one repair attempt only.
        return json.loads(re.sub(r",\s*([\]}])", r"\1", text), strict=False)


def read_jsonld(root: etree._Element) -> StructuredData:
    data = StructuredData()
    for script in elements_of(JSONLD_SCRIPTS(root)):
        raw = script.text or ""
        if not raw.strip():
            continue
        try:
            parsed = _loads(raw)
        except ValueError as exc:
            data.errors.append(f"unreadable JSON-LD block: {exc}")
            continue
        for obj in _walk(parsed):
            types = _types(obj)
            if "LiveBlogPosting" in types and data.liveblog is None:
                data.liveblog = obj
                updates = obj.get("liveBlogUpdate") or []
                updates = updates if isinstance(updates, list) else [updates]
                data.updates.extend(u for u in updates if isinstance(u, dict))
            elif types & _ARTICLE_TYPES and data.article is None and "liveBlogUpdate" not in obj:
                data.article = obj
    return data


def text_value(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("name", "@value", "text", "headline"):
            if isinstance(value.get(key), str):
                return str(value[key]).strip() or None
    if isinstance(value, list) and value:
        return text_value(value[0])
    return None


def names(value: Any) -> list[str]:
    """Author names from a string, Person/Organization object or a list of them."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = text_value(item)
        if name and name not in out:
            out.append(name)
    return out


def images(value: Any) -> list[dict[str, str | None]]:
    items = value if isinstance(value, list) else [value]
    out: list[dict[str, str | None]] = []
    for item in items:
        if isinstance(item, str):
            out.append({"url": item, "caption": None, "credit": None, "alt": None})
        elif isinstance(item, dict):
            url = text_value(item.get("url") or item.get("contentUrl"))
            if not url:
                continue
            credit = (text_value(item.get("creditText")) or text_value(item.get("copyrightHolder"))
                      or text_value(item.get("author")))
            out.append({"url": url, "caption": text_value(item.get("caption")),
                        "credit": credit, "alt": text_value(item.get("name"))})
    return out
