"""Bytes to an lxml tree: the one place that decodes (BOM, charset, meta, fallbacks) and parses."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

# WHATWG Encoding Standard: these labels all mean windows-1252 on the web.
_WINDOWS_1252_LABELS = frozenset({
    "ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "cp819",
    "ibm819", "iso-ir-100", "csisolatin1", "iso_8859-1", "windows-1252", "cp1252", "x-cp1252",
})
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# The HTML prescan looks at the first 1024 bytes; some pages put the meta a bit later.
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_EMPTY_DOC = "<html><head></head><body></body></html>"

_PARSER = lxml.html.HTMLParser(  # type: ignore[call-arg]  # default_doctype is missing in stubs
    remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True,
    default_doctype=False)


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for an HTTP/HTML charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    if label in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_encoding(data: bytes, content_type: str | None = None) -> str:
    """The encoding of ``data``.

    Order: BOM; charset in ``content_type``; then, for DOM snapshots (no content type),
    valid UTF-8 wins over a stale ``<meta charset>`` copied from the original source;
    for server bytes the meta declaration comes first. Last resort is windows-1252, the
    web's default for undeclared legacy pages, which never fails to decode."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    declared = None
    if content_type:
        m = _CT_CHARSET.search(content_type)
        declared = normalize_charset(m.group(1)) if m else None
        if declared:
            return declared
    m2 = _META_CHARSET.search(data[:4096])
    meta = normalize_charset(m2.group(1).decode("ascii", "replace")) if m2 else None
    if meta in ("utf-16-le", "utf-16-be", "utf-16"):
        meta = "utf-8"  # a byte-oriented document cannot really be UTF-16 (HTML spec)
    if content_type is None:
        if _is_utf8(data):
            return "utf-8"
        return meta or "cp1252"
    if meta:
        return meta
    return "utf-8" if _is_utf8(data) else "cp1252"


def decode_html(data: bytes, content_type: str | None = None) -> str:
    encoding = sniff_encoding(data, content_type)
    text = data.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def load_html(data: bytes, content_type: str | None = None) -> etree._Element:
    """Decode and parse an HTML document; never raises on bad markup or empty input.

    lxml (libxml2) repairs broken markup the way most browsers do for the cases that matter
    here (unclosed tags, stray end tags); comments and processing instructions are dropped."""
    text = decode_html(data, content_type)
    # lxml refuses str input that carries an XML encoding declaration; NULs end libxml2 input.
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        text = _EMPTY_DOC
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        logger.warning("unparseable HTML (%s); treating as empty", exc)
        root = lxml.html.document_fromstring(_EMPTY_DOC, parser=_PARSER)
    if root.find("body") is None:
        etree.SubElement(root, "body")
    return root
