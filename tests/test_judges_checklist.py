"""check_warcs: a conforming evidence set passes, and each item catches its own violation."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from judges.checklist import ITEMS_WARC, check_warcs, format_findings
from judges.samples import (
    CSS,
    FILE1,
    PAGE,
    PAGE_TEXT_1,
    PNG,
    EvidenceSet,
    evidence_set,
    page_html,
    resource,
)
from judges.warcbuild import Rec, digest, record_id
from warcio.statusandheaders import StatusAndHeaders

pytestmark = pytest.mark.judge


@dataclass
class Case:
    id: str
    item: int
    mutate: Callable[[EvidenceSet], object]
    record: str | None = None  # the record the finding must name
    also: frozenset[int] = field(default_factory=frozenset)  # items that must fail with it
    files: tuple[int, ...] = (0, 1)
    log: Collection[str] | None = None


def hset(name: str, header: str, value: str) -> Callable[[EvidenceSet], None]:
    return lambda es: es.find(name).set(header, value)


def hdrop(name: str, header: str) -> Callable[[EvidenceSet], None]:
    return lambda es: es.find(name).drop(header)


def set_http(name: str, header: str, value: str) -> Callable[[EvidenceSet], None]:
    def mutate(es: EvidenceSet) -> None:
        rec = es.find(name)
        assert rec.http is not None
        rec.http.replace_header(header, value)
        rec.redigest()
    return mutate


def edit_info(old: str, new: str) -> Callable[[EvidenceSet], None]:
    def mutate(es: EvidenceSet) -> None:
        info = es.find("info1")
        assert old.encode() in info.body
        info.body = info.body.replace(old.encode(), new.encode())
        info.redigest()
    return mutate


def swap_warcinfo(es: EvidenceSet) -> None:
    es.first[0], es.first[1] = es.first[1], es.first[0]


def rename_first(es: EvidenceSet) -> None:
    es.names = ("capture.warc.gz", es.names[1])
    es.find("info1").set("WARC-Filename", "capture.warc.gz")


def second_png_request(es: EvidenceSet) -> None:
    extra = Rec(list(es.find("png/request").headers), http=es.find("png/request").http)
    extra.set("WARC-Record-ID", record_id("png/request-again"))
    es.first.append(extra.redigest())


def drop_png_request(es: EvidenceSet) -> None:
    es.first.remove(es.find("png/request"))


def redigest(name: str, algorithm: str, encoding: str) -> Callable[[EvidenceSet], Rec]:
    return lambda es: es.find(name).redigest(algorithm, encoding)


def add_warcfields_resource(es: EvidenceSet) -> None:
    es.first.append(resource("notes", "https://news.example/notes", "2024-05-01T12:00:06Z",
                             b"note: not replayable\r\n", "application/warc-fields"))


def gzip_mode(mode: str) -> Callable[[EvidenceSet], None]:
    def mutate(es: EvidenceSet) -> None:
        es.modes = (mode, es.modes[1])  # type: ignore[assignment]
    return mutate


def wrong_length(es: EvidenceSet) -> None:
    page = es.find("page")
    assert page.http is not None
    page.http.replace_header("Content-Length", str(len(page_html(PAGE_TEXT_1, "x")) + 50))
    page.redigest()


CASES = [
    Case("A1-uncompressed", 1, gzip_mode("none")),
    Case("A1-one-gzip-member", 1, gzip_mode("whole-file")),
    Case("A2-bad-name", 2, rename_first),
    Case("A2-warc-filename", 2, hset("info1", "WARC-Filename", FILE1.replace("00001", "00009")),
         record="info1"),
    Case("A3-warc-1.0", 3, lambda es: setattr(es.find("shot"), "version", "WARC/1.0"),
         record="shot"),
    Case("A4-not-first", 4, swap_warcinfo, record="page", also=frozenset({2})),
    Case("A4-content-type", 4, hset("info1", "Content-Type", "text/plain"), record="info1",
         also=frozenset({10})),
    Case("A5-no-operator", 5, edit_info("operator:", "x-operator:"), record="info1"),
    Case("A5-format", 5, edit_info("Format 1.1", "Format 1.0"), record="info1"),
    Case("A5-software", 5, edit_info(" Playwright/1.65.2", ""), record="info1"),
    Case("B6-no-date", 6, hdrop("meta", "WARC-Date"), record="meta"),
    Case("B7-duplicate", 7, hset("shot", "WARC-Record-ID", record_id("meta"))),
    Case("B7-not-uuid", 7, hset("meta", "WARC-Record-ID", "<urn:judge:meta>")),
    Case("B7-across-files", 7, hset("info2", "WARC-Record-ID", record_id("info1"))),
    Case("B8-no-zone", 8, hset("pdf", "WARC-Date", "2024-05-01T12:00:04"), record="pdf"),
    # cdxj-indexer 1.5.0 crashes on a numeric zone, so the index (item 25) fails with it.
    Case("B8-offset-date", 8, hset("pdf", "WARC-Date", "2024-05-01T12:00:04+00:00"),
         record="pdf", also=frozenset({25})),
    Case("B8-pair-dates", 8, hset("page/request", "WARC-Date", "2024-05-01T12:00:02Z"),
         record="page/request"),
    Case("B9-warcinfo-uri", 9, hset("info1", "WARC-Target-URI", PAGE), record="info1"),
    Case("B10-warc-record", 10, hdrop("shot", "Content-Type"), record="shot"),
    Case("B10-msgtype", 10, hset("png", "Content-Type", "application/http; msgtype=request"),
         record="png"),
    Case("B10-pdf-type", 10, hset("pdf", "Content-Type", "application/octet-stream"),
         record="pdf"),
    Case("B11-no-request", 11, drop_png_request, record="png"),
    Case("B11-other-uri", 11, hset("png/request", "WARC-Target-URI", PNG + "?x"), record="png"),
    Case("B11-two-requests", 11, second_png_request, record="png"),
    Case("B12-bad-ip", 12, hset("png", "WARC-IP-Address", "999.0.0.1"), record="png"),
    Case("B12-ipv6-not-5952", 12, hset("page", "WARC-IP-Address", "2001:DB8:0::1"),
         record="page"),
    Case("B12-no-ip", 12, hdrop("css/request", "WARC-IP-Address"), record="css/request"),
    Case("B12-warcinfo-ip", 12, hset("info1", "WARC-IP-Address", "127.0.0.1"), record="info1"),
    Case("B13-bad-value", 13, hset("png", "WARC-Truncated", "size"), record="png"),
    Case("B13-log-says-truncated", 13, lambda es: None, record="png", log=[PNG]),
    Case("B13-log-says-complete", 13, hset("png", "WARC-Truncated", "length"), log=[]),
    Case("C14-no-payload-digest", 14, hdrop("png", "WARC-Payload-Digest"), record="png"),
    Case("C14-warcinfo-payload", 14,
         lambda es: es.find("info1").set("WARC-Payload-Digest",
                                         es.find("info1").get("WARC-Block-Digest") or ""),
         record="info1"),
    Case("C14-no-block-digest", 14, hdrop("meta", "WARC-Block-Digest"), record="meta",
         also=frozenset({16})),
    Case("C15-sha1-base32", 15, redigest("shot", "sha1", "base32"), record="shot"),
    Case("C15-sha256-base32", 15, redigest("shot", "sha256", "base32"), record="shot"),
    Case("C16-block-digest", 16, hset("shot", "WARC-Block-Digest", digest(b"else")),
         record="shot"),
    Case("C16-payload-digest", 16, hset("png", "WARC-Payload-Digest", digest(b"else")),
         record="png"),
    Case("D18-content-encoding", 18, set_http("page", "Content-Encoding", "gzip"),
         record="page"),
    Case("D18-transfer-encoding", 18, set_http("png", "Transfer-Encoding", "chunked"),
         record="png"),
    Case("D19-content-length", 19, wrong_length, record="page"),
    Case("E21-profile", 21, hset("css-revisit", "WARC-Profile",
                                 "http://netpreserve.org/warc/1.0/revisit/"
                                 "identical-payload-digest"), record="css-revisit"),
    Case("E21-no-truncated", 21, hdrop("css-revisit", "WARC-Truncated"), record="css-revisit"),
    Case("E21-no-refers-to", 21, hdrop("css-revisit", "WARC-Refers-To"), record="css-revisit"),
    Case("E21-no-refers-to-uri", 21, hdrop("css-v2-revisit", "WARC-Refers-To-Target-URI"),
         record="css-v2-revisit"),
    Case("E22-unknown-original", 22, hset("css-revisit", "WARC-Refers-To",
                                          record_id("nowhere")), record="css-revisit"),
    Case("E22-wrong-date", 22, hset("css-v2-revisit", "WARC-Refers-To-Date",
                                    "2024-05-01T11:00:00Z"), record="css-v2-revisit"),
    Case("E22-wrong-uri", 22, hset("css-v2-revisit", "WARC-Refers-To-Target-URI", CSS + "?v=1"),
         record="css-v2-revisit"),
    Case("E23-original-elsewhere", 23, lambda es: None, files=(1,), also=frozenset({22})),
    Case("F25-unindexed-resource", 25, add_warcfields_resource, record="notes"),
]


def test_every_warc_item_has_a_case() -> None:
    assert {c.item for c in CASES} == set(ITEMS_WARC)


def test_conforming_set_has_no_findings(tmp_path: Path) -> None:
    paths = evidence_set().write(tmp_path)
    findings = check_warcs(paths, capture_log_truncated=[])
    assert findings == [], format_findings(findings)


def test_truncation_agreeing_with_the_log_passes(tmp_path: Path) -> None:
    es = evidence_set()
    es.find("png").set("WARC-Truncated", "length")
    findings = check_warcs(es.write(tmp_path), capture_log_truncated=[PNG])
    assert findings == [], format_findings(findings)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_violation_is_found(case: Case, tmp_path: Path) -> None:
    es = evidence_set()
    case.mutate(es)
    paths = es.write(tmp_path, case.files)
    findings = check_warcs(paths, capture_log_truncated=case.log)
    report = format_findings(findings)
    items = {f.item for f in findings}
    assert case.item in items, report
    assert items <= {case.item, *case.also}, report
    assert case.also <= items, report
    mine = [f for f in findings if f.item == case.item]
    assert all(f.file and f.message for f in mine), report
    if case.record is not None:
        assert any(f.record_id == record_id(case.record) and f.offset is not None
                   for f in mine), report


def test_bad_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        check_warcs([])
    with pytest.raises(FileNotFoundError, match=r"nowhere\.warc\.gz"):
        check_warcs([tmp_path / "nowhere.warc.gz"])
    first = evidence_set().write(tmp_path / "a", (0,))[0]
    again = evidence_set().write(tmp_path / "b", (0,))[0]
    with pytest.raises(ValueError, match="two files named"):
        check_warcs([first, again])


def test_http_head_rewrite_keeps_other_items(tmp_path: Path) -> None:
    """The mutation helpers recompute digests, so a header edit breaks only its own item."""
    es = evidence_set()
    rec = es.find("png")
    assert isinstance(rec.http, StatusAndHeaders)
    set_http("png", "Cache-Control", "max-age=60")(es)
    assert check_warcs(es.write(tmp_path)) == []
