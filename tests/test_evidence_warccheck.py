"""The verifier's own WARC reader: digests recomputed from bytes, problems named by record."""

from __future__ import annotations

import gzip
import hashlib
import io
import random

import pytest

from archiver.evidence.outcome import CANNOT_CHECK, OK, TAMPERED
from archiver.evidence.warccheck import WarcCheck, check_warc


def record(rec_type: str, uri: str, block: bytes, *, digests: bool = True,
           http: bool = False, payload: bytes | None = None, rid: str = "1") -> bytes:
    headers = [f"WARC-Type: {rec_type}", f"WARC-Record-ID: <urn:uuid:{rid}>",
               "WARC-Date: 2026-01-01T00:00:00Z", f"WARC-Target-URI: {uri}",
               f"Content-Type: {'application/http; msgtype=response' if http else 'text/plain'}"]
    if digests:
        headers.append(f"WARC-Block-Digest: sha256:{hashlib.sha256(block).hexdigest()}")
        if payload is not None:
            headers.append(f"WARC-Payload-Digest: sha256:{hashlib.sha256(payload).hexdigest()}")
    headers.append(f"Content-Length: {len(block)}")
    return ("WARC/1.1\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


HTTP_BODY = b"<html>hello</html>"
HTTP_BLOCK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + HTTP_BODY


def two_records(**kw: bool) -> list[bytes]:
    return [record("response", "http://example.com/", HTTP_BLOCK, http=True, payload=HTTP_BODY,
                   rid="a"),
            record("resource", "urn:x", b"plain bytes", payload=b"plain bytes", rid="b", **kw)]


def run(data: bytes, name: str = "t.warc.gz") -> WarcCheck:
    return check_warc(io.BytesIO(data), name, size=len(data))


def test_good_records_gzip_and_plain() -> None:
    recs = two_records()
    gz = b"".join(gzip.compress(r) for r in recs)
    report = run(gz)
    assert report.outcome.verdict == OK and len(report.records) == 2
    assert all(r.block_ok and r.payload_ok for r in report.records)
    assert report.records[1].offset == len(gzip.compress(recs[0]))
    assert report.records[1].length == len(gz) - report.records[1].offset
    plain = run(b"".join(recs), "t.warc")
    assert plain.outcome.verdict == OK and plain.records[1].offset == len(recs[0])


def test_payload_edit_names_the_record() -> None:
    recs = two_records()
    recs[0] = recs[0].replace(b"hello", b"HELLO")
    report = run(b"".join(gzip.compress(r) for r in recs))
    messages = [m for k, m in report.outcome.problems if k == TAMPERED]
    assert any("<urn:uuid:a>" in m and "block digest mismatch" in m for m in messages)
    assert any("payload digest mismatch" in m and "http://example.com/" in m for m in messages)


def test_missing_digests_cannot_be_checked() -> None:
    recs = two_records(digests=False)
    report = run(b"".join(gzip.compress(r) for r in recs))
    assert report.outcome.verdict == CANNOT_CHECK


def test_truncated_file_and_length_lies() -> None:
    whole = b"".join(gzip.compress(r) for r in two_records())
    assert run(whole[:-10]).outcome.verdict == TAMPERED
    lying = two_records()[0].replace(b"Content-Length: ", b"Content-Length: 1")
    assert run(gzip.compress(lying)).outcome.verdict == TAMPERED


def test_corrupt_member_is_named() -> None:
    recs = two_records()
    first = gzip.compress(recs[0])
    second = bytearray(gzip.compress(recs[1]))
    second[len(second) // 2] ^= 0xFF
    report = run(first + bytes(second))
    message = report.outcome.problems[0][1]
    assert report.outcome.verdict == TAMPERED and f"offset {len(first)}" in message


@pytest.mark.parametrize("junk", [b"", b"not a warc at all\r\n\r\n"])
def test_not_a_warc(junk: bytes) -> None:
    assert run(junk, "x.warc").outcome.verdict in (TAMPERED, CANNOT_CHECK)


def test_sha1_base32_digests_of_other_tools() -> None:
    import base64
    block = b"legacy"
    label = "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()
    data = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:c>\r\n"
            f"WARC-Block-Digest: {label}\r\nWARC-Payload-Digest: {label}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"
    assert run(data, "x.warc").outcome.verdict == OK


def test_the_file_hash_comes_from_the_same_read() -> None:
    """The whole file's sha256 and size come with the report, also when the parser stops
    early (a damaged member, a truncated file, bytes that are no record)."""
    recs = two_records()
    first = gzip.compress(recs[0])
    second = bytearray(gzip.compress(recs[1]))
    second[len(second) // 2] ^= 0xFF
    whole = b"".join(gzip.compress(r) for r in recs)
    # Incompressible and larger than the reader's chunks: bytes after a damaged member that
    # the parser never asks for.
    tail = gzip.compress(record("resource", "urn:big", random.randbytes(300_000), rid="c"))
    for data in (whole, first + bytes(second), first + bytes(second) + tail, whole[:-10],
                 b"".join(recs) + b"junk" * 9000, b""):
        report = run(data)
        assert (report.sha256, report.size) == (hashlib.sha256(data).hexdigest(), len(data))
