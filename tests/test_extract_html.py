"""load_html: decoding (BOM, charset, meta, windows-1252 fallback), repair, empty input."""

from __future__ import annotations

import codecs

import pytest

from archiver.extract.html import load_html, normalize_charset, sniff_encoding
from archiver.extract.text import element_text


def _body_text(data: bytes, content_type: str | None = None) -> str:
    root = load_html(data, content_type)
    body = root.find("body")
    assert body is not None
    return element_text(body)


def test_windows_1252_without_any_charset_declaration() -> None:
    data = "<p>Café “Het Hoekje” – € 3,50 naïef</p>".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert sniff_encoding(data) == "cp1252"
    assert _body_text(data) == "Café “Het Hoekje” – € 3,50 naïef"


def test_windows_1252_server_bytes_with_content_type_but_no_charset() -> None:
    data = "<html><body><p>Über Straße</p></body></html>".encode("cp1252")
    assert _body_text(data, "text/html") == "Über Straße"


def test_latin1_label_means_windows_1252() -> None:
    data = "<p>“quoted”</p>".encode("cp1252")
    assert normalize_charset("ISO-8859-1") == "cp1252"
    assert _body_text(data, "text/html; charset=iso-8859-1") == "“quoted”"


def test_meta_charset_is_used_for_server_bytes() -> None:
    data = ('<html><head><meta charset="windows-1252"></head><body><p>Zoë</p></body></html>'
            .encode("cp1252"))
    assert _body_text(data, "text/html") == "Zoë"


def test_dom_snapshot_utf8_beats_a_stale_meta_charset() -> None:
    # page.content() is UTF-8 but keeps the original page's <meta charset=windows-1252>
    data = ('<html><head><meta charset="windows-1252"></head><body><p>Zoë € ‘x’</p></body>'
            '</html>').encode()
    assert _body_text(data, None) == "Zoë € ‘x’"


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"),
                                       (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    data = bom + "<p>Poetin – Trump</p>".encode(codec)
    assert _body_text(data, "text/html; charset=iso-8859-1") == "Poetin – Trump"


def test_content_type_charset_wins_over_meta() -> None:
    data = '<meta charset="utf-8"><p>Gr\xfc\xdfe</p>'.encode("latin-1")
    assert _body_text(data, "text/html; charset=latin-1") == "Grüße"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x00\x00"])
def test_empty_input_gives_an_empty_document(data: bytes) -> None:
    root = load_html(data)
    assert root.tag == "html"
    assert root.find("body") is not None
    assert _body_text(data) == ""


def test_broken_markup_is_repaired() -> None:
    data = (b"<html><body><div><p>one<p>two</b></i><li>three</div></span><table><tr><td>four"
            b"</body>")
    assert _body_text(data) == "one two three four"


def test_xml_declaration_with_encoding_is_accepted() -> None:
    data = b'<?xml version="1.0" encoding="utf-8"?><html><body><p>ok</p></body></html>'
    assert _body_text(data) == "ok"


def test_fragment_without_html_or_body_gets_a_body() -> None:
    root = load_html(b"<p>just a paragraph</p>")
    body = root.find("body")
    assert body is not None and element_text(body) == "just a paragraph"


def test_comments_are_not_text() -> None:
    assert _body_text(b"<p>a<!-- secret -->b</p>") == "ab"
