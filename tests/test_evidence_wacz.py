"""The package of a real capture, judged by py-wacz, checklist G, pywb, openssl and us."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import sample_capture, warc_of
from evidence_package import Packaged, packaged
from judges.pywb import Pywb
from judges.wacz import VALID_TEXT, wacz_validate
from judges.wacz_checks import check_wacz
from tsa import openssl_ts_verify

from archiver.evidence import signing, timestamp
from archiver.evidence.cdx import timestamp14
from archiver.evidence.verify import verify_path
from archiver.evidence.waczcheck import Trust

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Iterator[Packaged]:
    run_dir = sample_capture(tmp_path_factory, sample_server)
    with packaged(run_dir, tmp_path_factory.mktemp("package")) as made:
        yield made


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    return json.loads(zf.read(name))


@pytest.mark.judge
def test_py_wacz_and_checklist_g(pkg: Packaged) -> None:
    result = wacz_validate(pkg.wacz)
    assert result.returncode == 0 and VALID_TEXT in result.stdout, result.stdout
    assert check_wacz(pkg.wacz) == []


def test_members_the_validator_does_not_check(pkg: Packaged) -> None:
    with zipfile.ZipFile(pkg.wacz) as zf:
        names = zf.namelist()
        infos = {i.filename: i for i in zf.infolist()}
        warc = warc_of(pkg.run_dir)
        assert f"archive/{warc.name}" in names
        assert zf.read(f"archive/{warc.name}") == warc.read_bytes()  # not recompressed
        for name, info in infos.items():
            if name.startswith("archive/") or name.endswith(".cdx.gz"):
                assert info.compress_type == zipfile.ZIP_STORED, name
        lines = zf.read("pages/pages.jsonl").decode().splitlines()
        head = json.loads(lines[0])
        assert head["format"] == "json-pages-1.0" and head["id"] == "pages" and "title" in head
        page = json.loads(lines[1])
        assert page["title"] == "Trump ontmoet Poetin" and page["url"].endswith("b2f5c7e1/")
        package = _json(zf, "datapackage.json")
        assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
        assert package["mainPageUrl"] == page["url"] and package["mainPageDate"] == page["ts"]
        assert package["software"].startswith("liveblog-archiver/")
        listed = {r["path"] for r in package["resources"]}
        assert listed == set(names) - {"datapackage.json", "datapackage-digest.json"}
        entries = [n for n in listed if n.startswith("entries/")]
        assert len(entries) == 1 and zf.read(entries[0]) == \
            (pkg.run_dir / "entries.jsonl").read_bytes()
        digest = _json(zf, "datapackage-digest.json")
        assert digest["path"] == "datapackage.json"
        signed = digest["signedData"]
        assert {"hash", "created", "software", "signature", "publicKey"} <= set(signed)
        assert signed["hash"] == digest["hash"] and signed["created"] == package["created"]
        gzip.decompress(zf.read("indexes/index.cdx.gz"))
        assert zf.read("indexes/index.idx").startswith(b"!meta 0 ")


def test_private_key_is_not_in_the_package(pkg: Packaged) -> None:
    secret = pkg.key.read_bytes()
    body = b"".join(secret.split(b"\n")[1:-2])       # the base64 of the key
    data = pkg.wacz.read_bytes()
    assert body and body not in data and secret not in data


@pytest.mark.judge
def test_openssl_verifies_the_timestamp(pkg: Packaged, tmp_path: Path) -> None:
    with zipfile.ZipFile(pkg.wacz) as zf:
        (tmp_path / "datapackage.json").write_bytes(zf.read("datapackage.json"))
        token = base64.b64decode(_json(zf, "datapackage-digest.json")["timestamp"]["token"])
    (tmp_path / "token.tsr").write_bytes(token)
    result = openssl_ts_verify(tmp_path / "datapackage.json", tmp_path / "token.tsr",
                               pkg.tsa_ca)
    assert result.returncode == 0 and "Verification: OK" in result.stdout, result.stderr
    text = subprocess.run(["openssl", "ts", "-reply", "-in", str(tmp_path / "token.tsr"),
                           "-text"], capture_output=True, text=True, check=True).stdout
    assert "Time stamp:" in text and "Status: Granted." in text


def test_our_verifier_with_the_published_key_and_ca(pkg: Packaged) -> None:
    trust = Trust(signing.load_public_key(pkg.pub), timestamp.load_ca_file(pkg.tsa_ca))
    result = verify_path(pkg.wacz, trust)
    assert result.verdict == "ok", result.report()
    report = result.report()
    for needle in ("every block and payload digest matches", "valid ECDSA P-256 signature",
                   "RFC 3161 timestamp by CN=Test TSA", "entries match", "VERIFIED"):
        assert needle in report
    assert result.seconds < 60


@pytest.mark.judge
def test_pywb_replays_the_page_from_the_package(pkg: Packaged) -> None:
    with zipfile.ZipFile(pkg.wacz) as zf:
        page = json.loads(zf.read("pages/pages.jsonl").decode().splitlines()[1])
    with Pywb(wacz=pkg.wacz) as pywb:
        reply = pywb.get(page["url"], timestamp14(page["ts"]), "mp_")
        assert reply.status == 200
        assert "Trump ontmoet Poetin" in reply.body.decode("utf-8", "replace")
        lookup = pywb.cdx(page["url"])
        assert any(c.get("status") == "200" for c in lookup)


def test_a_created_time_far_from_the_timestamp_is_noted(pkg: Packaged, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from archiver.evidence.wacz import source_from_dir, write_wacz

    made = write_wacz([source_from_dir(pkg.run_dir)], tmp_path / "old.wacz",
                      tsa_url=pkg.tsa.url, now=datetime(2020, 1, 1, tzinfo=UTC))
    assert made.timestamp_time is not None and made.timestamp_time.year >= 2024
    result = verify_path(made.path, Trust(tsa_ca=timestamp.load_ca_file(pkg.tsa_ca)))
    assert "NOTE" in result.report() and "more than 10 minutes" in result.report()
    assert result.verdict == "ok"


def test_pages_of_warcs_made_by_other_tools() -> None:
    from archiver.evidence.cdx import ScannedRecord
    from archiver.evidence.pages import pages_from_records

    def rec(rid: str, uri: str, status: str, mime: str, name: str = "a.warc.gz"
            ) -> ScannedRecord:
        return ScannedRecord(name, 0, 1, "response",
                             {"warc-record-id": f"<urn:uuid:{rid}>", "warc-target-uri": uri,
                              "warc-date": "2024-01-01T00:00:00Z"}, status, mime, None)

    found = pages_from_records([rec("1", "https://x.org/app.js", "200", "text/javascript"),
                                rec("2", "https://x.org/", "302", "text/html"),
                                rec("3", "https://x.org/home", "200", "text/html; charset=utf-8"),
                                rec("4", "https://x.org/frame", "200", "text/html")])
    assert [p.url for p in found] == ["https://x.org/home"]
    assert found[0].ts == "2024-01-01T00:00:00Z" and found[0].id == "3"


def test_a_page_title_with_a_unicode_line_separator() -> None:
    """Page-info values are one-line JSON, which leaves U+2028 and U+0085 unescaped: the
    page's line must not be cut there (its title would be lost to the URL)."""
    from archiver.archive import pageinfo_fields
    from archiver.evidence.cdx import ScannedRecord
    from archiver.evidence.pages import pages_from_records
    from archiver.warc.builders import warc_fields

    title = "Live: vote\u2028count\x85tonight"
    main = ScannedRecord("a.warc.gz", 0, 1, "response",
                         {"warc-record-id": "<urn:uuid:1>", "warc-target-uri": "https://x.org/",
                          "warc-date": "2024-01-01T00:00:00Z"}, "200", "text/html", None)
    payload = warc_fields(pageinfo_fields(
        {"url": "https://x.org/", "title": title, "main_record_id": "<urn:uuid:1>"}, [], [], []))
    info = ScannedRecord("a.warc.gz", 1, 1, "metadata",
                         {"warc-record-id": "<urn:uuid:2>",
                          "warc-target-uri": "urn:pageinfo:https://x.org/",
                          "warc-refers-to": "<urn:uuid:1>"}, None, None, payload)
    [page] = pages_from_records([main, info])
    assert (page.url, page.title) == ("https://x.org/", title)
