"""The DER reader and writer behind RFC 3161 requests and tokens."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.evidence import der


@pytest.mark.parametrize("value", [0, 1, 127, 128, 255, 256, -1, -128, -129, 2**63 - 1,
                                   2**64, 1234567890123456789012345678901234567890])
def test_integers_round_trip(value: int) -> None:
    assert der.to_int(der.parse(der.integer(value))) == value


@pytest.mark.parametrize("dotted", ["1.2.840.113549.1.9.16.1.4", "2.16.840.1.101.3.4.2.1",
                                    "1.3.14.3.2.26", "2.999.1"])
def test_oids_round_trip(dotted: str) -> None:
    assert der.to_oid(der.parse(der.oid(dotted))) == dotted


def test_long_lengths_and_nesting() -> None:
    payload = b"x" * 70_000
    encoded = der.seq(der.octet_string(payload), der.boolean(True), der.null())
    node = der.parse(encoded)
    kids = node.children()
    assert kids[0].content == payload
    assert kids[1].content == b"\xff" and kids[2].content == b""


@pytest.mark.judge
def test_openssl_reads_what_we_write(tmp_path: Path) -> None:
    blob = der.seq(der.integer(1), der.oid("1.2.840.113549.1.9.16.1.4"),
                   der.octet_string(b"\x01\x02"))
    (tmp_path / "x.der").write_bytes(blob)
    out = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-in", str(tmp_path / "x.der")],
                         capture_output=True, text=True, check=True)
    assert "INTEGER           :01" in out.stdout
    assert "id-smime-ct-TSTInfo" in out.stdout or "1.2.840.113549.1.9.16.1.4" in out.stdout


def test_times() -> None:
    gt = der.parse(der.tlv(der.GENERALIZED_TIME, b"20261126162209.123Z"))
    assert der.to_time(gt) == datetime(2026, 11, 26, 16, 22, 9, 123000, tzinfo=UTC)
    ut = der.parse(der.tlv(der.UTC_TIME, b"261126162209Z"))
    assert der.to_time(ut) == datetime(2026, 11, 26, 16, 22, 9, tzinfo=UTC)


@pytest.mark.parametrize("bad", [b"", b"\x30", b"\x30\x05\x02\x01", b"\x30\x80\x00\x00",
                                 b"\x02\x01\x01\x00", b"\x1f\x01\x00"])
def test_bad_input_is_a_clear_error(bad: bytes) -> None:
    with pytest.raises(der.DerError):
        der.parse(bad)
