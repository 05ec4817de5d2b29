"""Entry extraction: rendered liveblog pages in, normalized JSON entries out (pure, no Scrapy)."""

from __future__ import annotations

from archiver.extract.core import extract_entries
from archiver.extract.html import load_html
from archiver.extract.model import ExtractionResult, PageSnapshot, SourceRef
from archiver.extract.serialize import content_sha256, entry_to_json_line

__all__ = ["ExtractionResult", "PageSnapshot", "SourceRef", "content_sha256",
           "entry_to_json_line", "extract_entries", "load_html"]
