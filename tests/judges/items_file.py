"""Checklist A (items 1-5): container, naming, version, warcinfo first and its content."""

from __future__ import annotations

import re

from .evidence import Evidence
from .findings import Finding, Policy, finding, normalize_media_type
from .runner import JudgeError

GZIP_ERRORS = ("non-chunked gzip file detected", "ArchiveLoadFailed")


def item1_gzip(ev: Evidence) -> list[Finding]:
    """Per-record gzip: warcio reads it, check/recompress see no gzip trouble, every record
    offset starts one complete gzip member holding only that record."""
    out: list[Finding] = []
    for name in ev.paths:
        if name in ev.index_errors:
            out.append(Finding(1, name, None, None, "warcio index cannot read it: "
                               f"{ev.index_errors[name]} (items 22-23 not judged)"))
            continue
        report = ev.check_reports.get(name)
        errors = report.errors if report else []
        if any(e in line for line in errors for e in GZIP_ERRORS):
            out.append(Finding(1, name, None, None, "warcio check: " + " ".join(errors)))
        redo = ev.recompress[name]
        if redo.returncode != 0 or "No Errors Found!" not in redo.stdout:
            said = redo.stdout.strip().splitlines()[-1:] or [f"exit {redo.returncode}"]
            out.append(Finding(1, name, None, None, f"warcio recompress says {said[0]!r}"))
        recs = ev.records[name]
        members = [ev.members[(name, int(r["offset"]))] for r in recs]
        if recs and not any(m.gzip for m in members):
            out.append(Finding(1, name, None, None, "not gzip-compressed at all"))
            continue
        for rec, member in zip(recs, members, strict=True):
            if not member.gzip:
                out.append(finding(1, name, rec, "record does not start a gzip member"))
            elif not member.single:
                out.append(finding(1, name, rec, "record is not exactly one gzip member"))
    return out


def item2_naming(ev: Evidence, policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    for name, recs in ev.records.items():
        if not re.match(policy.filename_pattern, name):
            out.append(Finding(2, name, None, None,
                               f"file name does not match {policy.filename_pattern}"))
        stated = recs[0].get("warc-filename") if recs else None
        if stated != name:
            out.append(finding(2, name, recs[0] if recs else None,
                               f"first record's WARC-Filename is {stated!r}, not the file name"))
    return out


def item3_version(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        line = ev.members[(name, int(rec["offset"]))].first_line
        if line != "WARC/1.1":
            out.append(finding(3, name, rec, f"record starts with {line[:40]!r}, not WARC/1.1"))
    return out


def item4_warcinfo_first(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for name, recs in ev.records.items():
        first = recs[0] if recs else None
        kind = first.get("warc-type") if first else None
        ctype = normalize_media_type(first.get("content-type", "")) if first else ""
        if kind != "warcinfo" or ctype != "application/warc-fields":
            out.append(finding(4, name, first, f"first record is {kind!r} with Content-Type "
                               f"{first.get('content-type') if first else None!r}, not a "
                               "warcinfo of application/warc-fields"))
    return out


def parse_fields(body: bytes) -> dict[str, str]:
    """application/warc-fields: `name: value` lines (first occurrence wins)."""
    fields: dict[str, str] = {}
    for raw in body.decode("utf-8", "replace").splitlines():
        key, sep, value = raw.partition(":")
        if sep and key.strip() and key.strip() not in fields:
            fields[key.strip()] = value.strip()
    return fields


def item5_warcinfo_content(ev: Evidence, policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    for name, recs in ev.records.items():
        info = next((r for r in recs if r.get("warc-type") == "warcinfo"), None)
        if info is None:
            out.append(Finding(5, name, None, None, "no warcinfo record"))
            continue
        try:
            fields = parse_fields(ev.payload(name, int(info["offset"])))
        except JudgeError as exc:
            out.append(finding(5, name, info, f"warcio extract failed: {exc}"))
            continue
        missing = [k for k in policy.warcinfo_keys if not fields.get(k)]
        if missing:
            out.append(finding(5, name, info, f"warcinfo lacks {', '.join(missing)}"))
        for key, wanted in policy.warcinfo_values.items():
            if key in fields and fields[key] != wanted:
                out.append(finding(5, name, info, f"warcinfo {key}: {fields[key]!r}, "
                                   f"expected {wanted!r}"))
        software = fields.get("software", "").lower()
        absent = [m for m in policy.software_mentions if m.lower() not in software]
        if software and absent:
            out.append(finding(5, name, info, f"warcinfo software: does not name "
                               f"{', '.join(absent)}"))
    return out


def check_file_items(ev: Evidence, policy: Policy) -> list[Finding]:
    return [*item1_gzip(ev), *item2_naming(ev, policy), *item3_version(ev),
            *item4_warcinfo_first(ev), *item5_warcinfo_content(ev, policy)]
