"""Checklist B (items 6-13): record headers, ids, dates, URIs, types, pairing, IPs, truncation."""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from collections.abc import Collection

from .evidence import Evidence
from .findings import Finding, Policy, finding, normalize_media_type
from .warcio_cli import Record

MANDATORY = ("warc-record-id", "warc-date", "warc-type", "content-length")
RECORD_ID = re.compile(r"^<urn:uuid:[0-9a-f-]{36}>$")
WARC_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
NEEDS_TARGET = ("request", "response", "resource", "revisit", "conversion")
TRUNCATION = ("length", "time", "disconnect", "unspecified")


def _type(rec: Record) -> str:
    return rec.get("warc-type", "")


def item6_mandatory(ev: Evidence) -> list[Finding]:
    return [finding(6, name, rec, f"missing {', '.join(k for k in MANDATORY if k not in rec)}")
            for name, rec in ev.all_records() if any(k not in rec for k in MANDATORY)]


def item7_ids(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, str] = {}
    for name, rec in ev.all_records():
        rid = rec.get("warc-record-id")
        if rid is None:
            continue
        if not RECORD_ID.match(rid):
            out.append(finding(7, name, rec, f"record id {rid!r} is not <urn:uuid:…>"))
        if rid in seen:
            out.append(finding(7, name, rec, f"record id already used by {seen[rid]}"))
        else:
            seen[rid] = f"{name} @{rec.get('offset')}"
    return out


def _by_id(ev: Evidence) -> dict[str, tuple[str, Record]]:
    found: dict[str, tuple[str, Record]] = {}
    for name, rec in ev.all_records():
        found.setdefault(rec.get("warc-record-id", ""), (name, rec))
    return found


def item8_dates(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    by_id = _by_id(ev)
    for name, rec in ev.all_records():
        date = rec.get("warc-date")
        if date is not None and not WARC_DATE.match(date):
            out.append(finding(8, name, rec, f"WARC-Date {date!r} is not UTC ISO 8601 with Z"))
        if _type(rec) == "request" and "warc-concurrent-to" in rec:
            target = by_id.get(rec["warc-concurrent-to"])
            if target and _type(target[1]) == "response" and target[1].get("warc-date") != date:
                out.append(finding(8, name, rec, f"request date {date} differs from its "
                                   f"response's {target[1].get('warc-date')}"))
    return out


def item9_target(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        kind, uri = _type(rec), rec.get("warc-target-uri")
        if kind in NEEDS_TARGET and not uri:
            out.append(finding(9, name, rec, f"{kind} record has no WARC-Target-URI"))
        if kind == "warcinfo" and uri is not None:
            out.append(finding(9, name, rec, f"warcinfo has WARC-Target-URI {uri!r}"))
    return out


def item10_content_type(ev: Evidence, policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        kind, ctype = _type(rec), rec.get("content-type", "")
        norm = normalize_media_type(ctype)
        wanted = policy.content_types.get(kind)
        if kind == "resource":
            uri = rec.get("warc-target-uri", "")
            wanted = next((t for p, t in policy.resource_types.items() if uri.startswith(p)),
                          None)
        if kind == "revisit" and rec.get("content-length") == "0":
            wanted = None  # an empty revisit block has no type to state
        if norm == "application/warc-record":
            out.append(finding(10, name, rec, f"{kind} has Content-Type application/warc-record "
                               "(warcio's default, a type nobody chose)"))
        elif wanted and norm != normalize_media_type(wanted):
            out.append(finding(10, name, rec, f"{kind} has Content-Type {ctype!r}, "
                               f"expected {wanted!r}"))
    return out


def item11_pairing(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    requests: dict[str, list[Record]] = defaultdict(list)
    for _name, rec in ev.all_records():
        if _type(rec) == "request" and "warc-concurrent-to" in rec:
            requests[rec["warc-concurrent-to"]].append(rec)
    for name, rec in ev.all_records():
        if _type(rec) != "response":
            continue
        pairs = requests.get(rec.get("warc-record-id", ""), [])
        if len(pairs) != 1:
            out.append(finding(11, name, rec, f"{len(pairs)} request records point at this "
                               "response with WARC-Concurrent-To (expected exactly 1)"))
        elif pairs[0].get("warc-target-uri") != rec.get("warc-target-uri"):
            out.append(finding(11, name, rec, f"its request targets "
                               f"{pairs[0].get('warc-target-uri')!r}, the response "
                               f"{rec.get('warc-target-uri')!r}"))
    return out


def valid_ip(text: str) -> bool:
    """A dotted quad, or IPv6 in RFC 5952's canonical form (lowercase, compressed)."""
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return False
    return str(addr) == text


def item12_ip(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        kind, ip = _type(rec), rec.get("warc-ip-address")
        uri = rec.get("warc-target-uri", "").lower()
        if kind in ("request", "response") and uri.startswith(("http:", "https:")):
            if ip is None:
                out.append(finding(12, name, rec, f"http(s) {kind} has no WARC-IP-Address"))
            elif not valid_ip(ip):
                out.append(finding(12, name, rec, f"WARC-IP-Address {ip!r} is not a valid "
                                   "dotted quad or RFC 5952 IPv6"))
        if kind in ("warcinfo", "conversion") and ip is not None:
            out.append(finding(12, name, rec, f"{kind} has WARC-IP-Address {ip!r}"))
    return out


def item13_truncation(ev: Evidence, log_truncated: Collection[str] | None) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        value, uri = rec.get("warc-truncated"), rec.get("warc-target-uri", "")
        if value is not None and value not in TRUNCATION:
            out.append(finding(13, name, rec, f"WARC-Truncated {value!r} is not one of "
                               f"{', '.join(TRUNCATION)}"))
        # A revisit's `length` is the revisit convention, not a capture limit.
        if log_truncated is None or _type(rec) not in ("response", "resource"):
            continue
        if uri in log_truncated and value is None:
            out.append(finding(13, name, rec, "the capture log says this URL was truncated; "
                               "the record has no WARC-Truncated"))
        elif value is not None and uri not in log_truncated:
            out.append(finding(13, name, rec, f"WARC-Truncated {value!r} but the capture log "
                               "does not list this URL as truncated"))
    return out


def check_record_items(ev: Evidence, policy: Policy,
                       log_truncated: Collection[str] | None) -> list[Finding]:
    return [*item6_mandatory(ev), *item7_ids(ev), *item8_dates(ev), *item9_target(ev),
            *item10_content_type(ev, policy), *item11_pairing(ev), *item12_ip(ev),
            *item13_truncation(ev, log_truncated)]
