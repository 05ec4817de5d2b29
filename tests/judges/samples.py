"""A small evidence set that meets the checklist: a capture and a re-capture with revisits."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders

from .warcbuild import GzipMode, Rec, record_id, write_warc

SITE = "https://news.example"
PAGE = f"{SITE}/live/count-day"
CSS = f"{SITE}/static/live.css"
CSS_V2 = f"{SITE}/static/live.css?v=2"  # same bytes at a new URL: a revisit of another URL
PNG = f"{SITE}/static/chart.png"
SERVER_IP = "192.0.2.10"  # TEST-NET-1: never routed
FILE1 = "judge-20240501120000-00001-testhost.warc.gz"
FILE2 = "judge-20240502120000-00002-testhost.warc.gz"
DATE1 = "2024-05-01T12:00:00Z"
DATE2 = "2024-05-02T12:00:00.250000Z"
TS1, TS2 = "20240501120000", "20240502120000"
PAGE_TEXT_1 = "First results are in from the northern districts."
PAGE_TEXT_2 = "Turnout in the south has passed sixty per cent."
CSS_BODY = b"body{font-family:serif}\n.entry{border-left:3px solid #c00;padding-left:1em}\n"


def tiny_png(rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A valid 1x1 PNG, built from its chunks."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def page_html(text: str, css_url: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Count day live</title>"
            f"<link rel=\"stylesheet\" href=\"{css_url}\"></head><body><h1>Count day</h1>"
            f"<article class=\"entry\"><time datetime=\"2024-05-01T11:58:00Z\">11:58</time>"
            f"<p>{text}</p></article><img src=\"/static/chart.png\" alt=\"chart\">"
            f"</body></html>").encode()


def warcinfo(name: str, filename: str, date: str) -> Rec:
    fields = [
        ("software", "liveblog-archiver/0.1.0 warcio/1.8.1 Playwright/1.65.2 Chromium/150.0"),
        ("format", "WARC File Format 1.1"),
        ("conformsTo", "http://iipc.github.io/warc-specifications/specifications/"
                       "warc-format/warc-1.1/"),
        ("operator", "Judge Self-Test <judges@news.example>"),
        ("hostname", "testhost"),
        ("ip", "127.0.0.1"),
        ("http-header-user-agent", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/150.0"),
        ("digest-algorithm", "sha256, lowercase hex, for WARC-Block-Digest and "
                             "WARC-Payload-Digest"),
        ("body-decoding", "bodies are stored decoded (no content or transfer coding); the "
                          "server's headers are kept as X-Orig-Content-Encoding and "
                          "X-Orig-Transfer-Encoding"),
    ]
    body = "".join(f"{k}: {v}\r\n" for k, v in fields).encode()
    return Rec([("WARC-Type", "warcinfo"), ("WARC-Record-ID", record_id(name)),
                ("WARC-Date", date), ("WARC-Filename", filename),
                ("Content-Type", "application/warc-fields")], body=body).redigest()


def exchange(name: str, url: str, date: str, body: bytes, mime: str,
             extra: tuple[tuple[str, str], ...] = ()) -> tuple[Rec, Rec]:
    """A 200 response and the request that asked for it, paired as the checklist wants."""
    http = StatusAndHeaders("200 OK", [("Content-Type", mime), ("Content-Length", str(len(body))),
                                       *extra], protocol="HTTP/1.1")
    resp = Rec([("WARC-Type", "response"), ("WARC-Record-ID", record_id(name)),
                ("WARC-Date", date), ("WARC-Target-URI", url), ("WARC-IP-Address", SERVER_IP),
                ("Content-Type", "application/http; msgtype=response")], body=body, http=http)
    return resp.redigest(), request_for(name, url, date)


def request_for(name: str, url: str, date: str) -> Rec:
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    http = StatusAndHeaders(f"GET /{path} HTTP/1.1", [("Host", url.split("/")[2]),
                                                      ("User-Agent", "HeadlessChrome/150.0")],
                            is_http_request=True)
    return Rec([("WARC-Type", "request"), ("WARC-Record-ID", record_id(name + "/request")),
                ("WARC-Date", date), ("WARC-Target-URI", url),
                ("WARC-Concurrent-To", record_id(name)), ("WARC-IP-Address", SERVER_IP),
                ("Content-Type", "application/http; msgtype=request")], http=http).redigest()


def resource(name: str, uri: str, date: str, body: bytes, mime: str) -> Rec:
    return Rec([("WARC-Type", "resource"), ("WARC-Record-ID", record_id(name)),
                ("WARC-Date", date), ("WARC-Target-URI", uri), ("Content-Type", mime)],
               body=body).redigest()


def revisit(name: str, url: str, date: str, original: Rec) -> tuple[Rec, Rec]:
    """An identical-payload-digest revisit with every header the checklist asks for."""
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/css"),
                                       ("Content-Length", str(len(CSS_BODY)))],
                            protocol="HTTP/1.1")
    rec = Rec([("WARC-Type", "revisit"), ("WARC-Record-ID", record_id(name)),
               ("WARC-Date", date), ("WARC-Target-URI", url), ("WARC-IP-Address", SERVER_IP),
               ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
               ("WARC-Refers-To", original.id),
               ("WARC-Refers-To-Target-URI", original.get("WARC-Target-URI") or ""),
               ("WARC-Refers-To-Date", original.get("WARC-Date") or ""),
               ("WARC-Payload-Digest", original.get("WARC-Payload-Digest") or ""),
               ("WARC-Truncated", "length"),
               ("Content-Type", "application/http; msgtype=response")], http=http)
    return rec.redigest(), request_for(name, url, date)


@dataclass
class EvidenceSet:
    """The records of both files, to be mutated by tests before :meth:`write`."""

    first: list[Rec]
    second: list[Rec]
    names: tuple[str, str] = (FILE1, FILE2)
    modes: tuple[GzipMode, GzipMode] = ("per-record", "per-record")

    def find(self, name: str) -> Rec:
        wanted = record_id(name)
        for rec in (*self.first, *self.second):
            if rec.id == wanted:
                return rec
        raise KeyError(name)

    def write(self, directory: Path, files: tuple[int, ...] = (0, 1)) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        parts = (self.first, self.second)
        return [write_warc(directory / self.names[i], parts[i], self.modes[i]) for i in files]


def evidence_set() -> EvidenceSet:
    """A capture (page, CSS, image, screenshot, PDF, metadata) and a re-capture a day later
    (a changed page, the CSS as a revisit, the same CSS at a new URL as a revisit)."""
    page, page_req = exchange("page", PAGE, DATE1, page_html(PAGE_TEXT_1, "/static/live.css"),
                              "text/html; charset=utf-8")
    css, css_req = exchange("css", CSS, "2024-05-01T12:00:01.123456Z", CSS_BODY, "text/css")
    png, png_req = exchange("png", PNG, "2024-05-01T12:00:01.5Z", tiny_png(), "image/png")
    shot = resource("shot", f"urn:view:{PAGE}", "2024-05-01T12:00:03Z", tiny_png((0, 0, 200)),
                    "image/png")
    pdf = resource("pdf", f"urn:pdf:{PAGE}", "2024-05-01T12:00:04Z", TINY_PDF,
                   "application/pdf")
    meta = Rec([("WARC-Type", "metadata"), ("WARC-Record-ID", record_id("meta")),
                ("WARC-Date", "2024-05-01T12:00:05Z"), ("WARC-Target-URI", PAGE),
                ("WARC-Refers-To", page.id), ("Content-Type", "application/warc-fields")],
               body=f"outlink: {CSS} E link/@href\r\noutlink: {PNG} E img/@src\r\n".encode())
    first = [warcinfo("info1", FILE1, DATE1), page, page_req, css, css_req, png, png_req,
             shot, pdf, meta.redigest()]
    page2, page2_req = exchange("page2", PAGE, DATE2,
                                page_html(PAGE_TEXT_2, "/static/live.css?v=2"),
                                "text/html; charset=utf-8")
    rev, rev_req = revisit("css-revisit", CSS, "2024-05-02T12:00:01Z", css)
    rev2, rev2_req = revisit("css-v2-revisit", CSS_V2, "2024-05-02T12:00:01Z", css)
    second = [warcinfo("info2", FILE2, DATE2), page2, page2_req, rev, rev_req, rev2, rev2_req]
    return EvidenceSet(first, second)
