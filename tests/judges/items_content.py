"""Checklist C, D, E, F (items 14-16, 18-19, 21-23, 25): digests, HTTP fidelity, revisits, index."""

from __future__ import annotations

import re

from .evidence import Evidence
from .findings import Finding, Policy, finding
from .warcio_cli import Record

NEEDS_PAYLOAD_DIGEST = ("response", "resource", "revisit")
NO_PAYLOAD_DIGEST = ("warcinfo", "metadata")
INDEXED = ("response", "resource", "revisit")


def _type(rec: Record) -> str:
    return rec.get("warc-type", "")


def item14_presence(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for name, rec in ev.all_records():
        kind = _type(rec)
        if "warc-block-digest" not in rec:
            out.append(finding(14, name, rec, f"{kind} has no WARC-Block-Digest"))
        if kind in NEEDS_PAYLOAD_DIGEST and "warc-payload-digest" not in rec:
            out.append(finding(14, name, rec, f"{kind} has no WARC-Payload-Digest"))
        if kind in NO_PAYLOAD_DIGEST and "warc-payload-digest" in rec:
            out.append(finding(14, name, rec, f"{kind} has a WARC-Payload-Digest"))
    return out


def item15_policy(ev: Evidence, policy: Policy) -> list[Finding]:
    pattern = re.compile(policy.digest_pattern)
    return [finding(15, name, rec, f"{key} {rec[key]!r} is not {policy.digest_name}")
            for name, rec in ev.all_records()
            for key in ("warc-block-digest", "warc-payload-digest")
            if key in rec and not pattern.match(rec[key])]


def item16_verify(ev: Evidence) -> list[Finding]:
    """`warcio check -v` exits 0 and says `digest pass` for every record but revisits."""
    out: list[Finding] = []
    if ev.check.returncode != 0 and not any(r.messages or r.errors
                                            for r in ev.check_reports.values()):
        out.append(Finding(16, "(evidence set)", None, None,
                           f"warcio check exited {ev.check.returncode}: {ev.check.stderr[-300:]}"))
    for name, rec in ev.all_records():
        report = ev.check_reports.get(name)
        said = report.messages.get(int(rec["offset"])) if report else None
        if said is None:
            out.append(finding(16, name, rec, "warcio check -v said nothing about this record"))
        elif _type(rec) == "revisit":
            if said != ["digest present but not checked (revisit)"]:
                out.append(finding(16, name, rec, "warcio check: " + "; ".join(said)))
        elif said != ["digest pass"]:
            out.append(finding(16, name, rec, "warcio check: " + "; ".join(said)))
    return out


def _encoding_headers(rec: Record) -> list[str]:
    return [f"{h}: {rec[f'http:{h}']}" for h in ("content-encoding", "transfer-encoding")
            if f"http:{h}" in rec]


def item18_encoding(ev: Evidence, policy: Policy) -> list[Finding]:
    if not policy.decoded_bodies:
        return []
    return [finding(18, name, rec, f"decoded body stored under {', '.join(found)} (keep the "
                    "server's value as X-Orig-*)")
            for name, rec in ev.all_records()
            if _type(rec) in ("response", "revisit") and (found := _encoding_headers(rec))]


def item19_length(ev: Evidence, policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    todo = [(name, rec) for name, rec in ev.all_records() if _type(rec) == "response"
            and rec.get("http:status") == "200" and not _encoding_headers(rec)]
    sizes = ev.payload_sizes([(n, int(r["offset"])) for n, r in todo
                              if "http:content-length" in r])
    for name, rec in todo:
        stated = rec.get("http:content-length")
        if stated is None:
            if policy.require_content_length:
                out.append(finding(19, name, rec, "200 response without Content-Length"))
            continue
        actual = sizes[(name, int(rec["offset"]))]
        if actual < 0:
            out.append(finding(19, name, rec, "warcio extract --payload failed"))
        elif stated.strip() != str(actual):
            out.append(finding(19, name, rec, f"HTTP Content-Length {stated} but the payload "
                               f"is {actual} bytes"))
    return out


def item21_revisit_headers(ev: Evidence, policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    needed = ("warc-payload-digest", "warc-refers-to", "warc-refers-to-target-uri",
              "warc-refers-to-date")
    for name, rec in ev.all_records():
        if _type(rec) != "revisit":
            continue
        if rec.get("warc-profile") != policy.revisit_profile:
            out.append(finding(21, name, rec, f"WARC-Profile {rec.get('warc-profile')!r}, "
                               f"expected {policy.revisit_profile}"))
        missing = [k for k in needed if not rec.get(k)]
        if missing:
            out.append(finding(21, name, rec, f"revisit lacks {', '.join(missing)}"))
        if rec.get("content-length", "0") != "0" and rec.get("warc-truncated") != "length":
            out.append(finding(21, name, rec, "non-empty revisit block without "
                               "WARC-Truncated: length"))
    return out


def item22_references(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    responses = {rec.get("warc-record-id"): rec for _n, rec in ev.all_records()
                 if _type(rec) == "response"}
    pairs = (("warc-refers-to-target-uri", "warc-target-uri"),
             ("warc-refers-to-date", "warc-date"),
             ("warc-payload-digest", "warc-payload-digest"))
    if ev.index_errors:
        return []  # an unreadable file may hold the originals: item 1 says so
    for name, rec in ev.all_records():
        if _type(rec) != "revisit" or "warc-refers-to" not in rec:
            continue  # a missing WARC-Refers-To is item 21's finding
        original = responses.get(rec["warc-refers-to"])
        if original is None:
            out.append(finding(22, name, rec, f"WARC-Refers-To {rec['warc-refers-to']} is no "
                               "response record in the evidence set"))
            continue
        for mine, theirs in pairs:
            if mine in rec and rec[mine] != original.get(theirs):
                out.append(finding(22, name, rec, f"{mine} {rec[mine]!r} but the original's "
                                   f"{theirs} is {original.get(theirs)!r}"))
    return out


def item23_self_contained(ev: Evidence) -> list[Finding]:
    if ev.cdxj is None or ev.index_errors:
        return []  # cdxj-indexer failed (item 25) or a file is unreadable (item 1)
    originals = {e.get("digest") for e in ev.cdxj if e.get("mime") != "warc/revisit"}
    ids = {(name, rec["offset"]): rec.get("warc-record-id") for name, rec in ev.all_records()}
    return [Finding(23, e.get("filename", "?"), int(e.get("offset", "0")),
                    ids.get((e.get("filename", ""), e.get("offset", ""))),
                    f"revisit of {e.get('url')} has digest {e.get('digest')} that no "
                    "non-revisit line of the package has")
            for e in ev.cdxj
            if e.get("mime") == "warc/revisit" and e.get("digest") not in originals]


def item25_index(ev: Evidence) -> list[Finding]:
    if ev.cdxj is None:
        return [Finding(25, "(evidence set)", None, None, f"{ev.cdxj_error}")]
    expected = {(name, rec["offset"]): rec for name, rec in ev.all_records()
                if _type(rec) in INDEXED}
    metadata = {(name, rec["offset"]) for name, rec in ev.all_records()
                if _type(rec) == "metadata"}
    lines = {(e.get("filename", ""), e.get("offset", "")) for e in ev.cdxj}
    out = [finding(25, key[0], rec, f"cdxj-indexer has no line for this {_type(rec)}")
           for key, rec in expected.items() if key not in lines]
    out += [Finding(25, key[0], int(key[1] or 0), None, "cdxj-indexer line matches no "
                    "response/resource/revisit record of warcio index")
            for key in sorted(lines - set(expected) - metadata)]
    return out


def check_content_items(ev: Evidence, policy: Policy) -> list[Finding]:
    return [*item14_presence(ev), *item15_policy(ev, policy), *item16_verify(ev),
            *item18_encoding(ev, policy), *item19_length(ev, policy),
            *item21_revisit_headers(ev, policy), *item22_references(ev),
            *item23_self_contained(ev), *item25_index(ev)]
