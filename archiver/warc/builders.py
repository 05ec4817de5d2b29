"""Building WARC records (pure): request/response pairs, revisits, resources, metadata, warcinfo."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from archiver.exchange import ORIGIN_NONE, HttpExchange
from archiver.warc.httpblock import request_block, response_block
from archiver.warc.records import (
    BodySource,
    IdFactory,
    WarcRecord,
    new_record_id,
    warc_date,
)

REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
RESPONSE_TYPE = "application/http; msgtype=response"
REQUEST_TYPE = "application/http; msgtype=request"
WARC_FIELDS = "application/warc-fields"

# Our own extension fields (not WARC-*: they are not part of the standard).
H_BODY_ORIGIN = "Archiver-Body-Origin"
H_NOTE = "Archiver-Note"
UNANSWERED_NOTE = "no response before the capture ended"


@dataclass(frozen=True)
class DigestRef:
    """An earlier response with the same payload digest (what a revisit points to)."""

    record_id: str
    target_uri: str
    date: str
    payload_digest: str


def one_line(text: str) -> str:
    """Free text (an error message, a warc-fields value) folded onto one line; a line break
    is CR or LF, and text without one is kept as it is."""
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


def _common(rec_type: str, uri: str | None, date: str, new_id: IdFactory,
            content_type: str) -> list[tuple[str, str]]:
    headers = [("WARC-Type", rec_type), ("WARC-Record-ID", new_id()), ("WARC-Date", date)]
    if uri is not None:
        headers.append(("WARC-Target-URI", uri))
    headers.append(("Content-Type", content_type))
    return headers


def build_response(exchange: HttpExchange, new_id: IdFactory = new_record_id) -> WarcRecord:
    body = exchange.body or BodySource(b"")
    headers = _common("response", exchange.url, warc_date(exchange.started_at), new_id,
                      RESPONSE_TYPE)
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    if exchange.truncated:
        headers.append(("WARC-Truncated", exchange.truncated))
    headers.append((H_BODY_ORIGIN, exchange.body_origin))
    if exchange.note:
        headers.append((H_NOTE, one_line(exchange.note)))
    return WarcRecord("response", headers, response_block(exchange, body.size), body)


def build_request(exchange: HttpExchange, response: WarcRecord | None,
                  new_id: IdFactory = new_record_id) -> WarcRecord:
    """The request record, with the same date and target as its response (checklist B8, B11).
    Without a response: a request that was sent and never answered, and a note why."""
    date = response.date if response is not None else warc_date(exchange.started_at)
    headers = _common("request", exchange.url, date, new_id, REQUEST_TYPE)
    if response is not None:
        headers.append(("WARC-Concurrent-To", response.record_id))
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    if response is None:
        headers.append((H_NOTE, one_line(exchange.note or UNANSWERED_NOTE)))
    return WarcRecord("request", headers, request_block(exchange),
                      BodySource(exchange.request_body or b""))


def build_revisit(exchange: HttpExchange, payload_digest: str, original: DigestRef,
                  new_id: IdFactory = new_record_id) -> WarcRecord:
    """A revisit for an exchange whose payload equals an archived one: response headers only,
    ``WARC-Truncated: length`` since the block holds no payload (checklist E21)."""
    assert exchange.body_origin != ORIGIN_NONE
    body_size = exchange.body.size if exchange.body else 0
    headers = _common("revisit", exchange.url, warc_date(exchange.started_at), new_id,
                      RESPONSE_TYPE)
    headers += [
        ("WARC-Profile", REVISIT_PROFILE),
        ("WARC-Refers-To", original.record_id),
        ("WARC-Refers-To-Target-URI", original.target_uri),
        ("WARC-Refers-To-Date", original.date),
    ]
    if exchange.ip_address:
        headers.append(("WARC-IP-Address", exchange.ip_address))
    headers.append(("WARC-Truncated", "length"))
    headers.append((H_BODY_ORIGIN, exchange.body_origin))
    record = WarcRecord("revisit", headers, response_block(exchange, body_size))
    record.payload_digest = payload_digest
    return record


def _about(rec_type: str, uri: str, content_type: str, body: BodySource, date: datetime,
           refers_to: str | None, extra: Iterable[tuple[str, str]], new_id: IdFactory
           ) -> WarcRecord:
    """A record about what was captured (resource, metadata): linked to it by Refers-To."""
    headers = _common(rec_type, uri, warc_date(date), new_id, content_type)
    if refers_to:
        headers.append(("WARC-Refers-To", refers_to))
    headers += list(extra)
    return WarcRecord(rec_type, headers, b"", body)


def build_resource(uri: str, content_type: str, body: BodySource, date: datetime,
                   refers_to: str | None = None, extra: Iterable[tuple[str, str]] = (),
                   new_id: IdFactory = new_record_id) -> WarcRecord:
    return _about("resource", uri, content_type, body, date, refers_to, extra, new_id)


def warc_fields(fields: Iterable[tuple[str, str]]) -> bytes:
    """``application/warc-fields``: one ``name: value`` per line, values on one line."""
    return "".join(f"{name}: {one_line(str(value))}\r\n" for name, value in fields
                   ).encode("utf-8")


def build_metadata(uri: str, fields: Iterable[tuple[str, str]], date: datetime,
                   refers_to: str | None = None, extra: Iterable[tuple[str, str]] = (),
                   new_id: IdFactory = new_record_id) -> WarcRecord:
    return _about("metadata", uri, WARC_FIELDS, BodySource(warc_fields(fields)), date,
                  refers_to, extra, new_id)


def build_warcinfo(filename: str, fields: Mapping[str, str] | Iterable[tuple[str, str]],
                   date: datetime, new_id: IdFactory = new_record_id) -> WarcRecord:
    items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
    headers = [("WARC-Type", "warcinfo"), ("WARC-Record-ID", new_id()),
               ("WARC-Date", warc_date(date)), ("WARC-Filename", filename),
               ("Content-Type", WARC_FIELDS)]
    return WarcRecord("warcinfo", headers, b"", BodySource(warc_fields(items)))
