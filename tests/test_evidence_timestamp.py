"""RFC 3161 with a local TSA (openssl ts -reply): our request, openssl's verdict, ours."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tsa import LocalTSA, openssl_ts_verify

from archiver.evidence import timestamp, tsp

pytestmark = pytest.mark.judge

DATA = b"the package digest covers this"
DIGEST = hashlib.sha256(DATA).digest()


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTSA]:
    with LocalTSA(tmp_path_factory.mktemp("tsa")) as authority:
        yield authority


@pytest.fixture(scope="module")
def other_tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTSA]:
    with LocalTSA(tmp_path_factory.mktemp("tsa-other"), name="Other TSA") as authority:
        yield authority


@pytest.fixture(scope="module")
def reply(tsa: LocalTSA) -> bytes:
    return timestamp.request_timestamp(tsa.url, DIGEST)


def test_openssl_reads_our_request(tmp_path: Path) -> None:
    (tmp_path / "q.tsq").write_bytes(timestamp.build_request(DIGEST, nonce=42))
    out = subprocess.run(["openssl", "ts", "-query", "-in", str(tmp_path / "q.tsq"), "-text"],
                         capture_output=True, text=True, check=True)
    assert "Hash Algorithm: sha256" in out.stdout
    assert DIGEST.hex()[:8] in out.stdout.replace(" ", "").replace("-", "").lower()
    assert "Nonce: 0x2A" in out.stdout
    assert "Certificate required: yes" in out.stdout


def test_openssl_verifies_the_token_we_obtained(tsa: LocalTSA, reply: bytes,
                                                tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(DATA)
    (tmp_path / "r.tsr").write_bytes(reply)
    result = openssl_ts_verify(tmp_path / "data", tmp_path / "r.tsr", tsa.ca_file)
    assert result.returncode == 0 and "Verification: OK" in result.stdout, result.stderr
    (tmp_path / "other").write_bytes(b"other data")
    wrong = openssl_ts_verify(tmp_path / "other", tmp_path / "r.tsr", tsa.ca_file)
    assert wrong.returncode != 0


def test_our_verifier_accepts_it(tsa: LocalTSA, reply: bytes) -> None:
    check = timestamp.verify_token(reply, DIGEST, ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert check.ok, (check.tampered, check.cannot_check)
    assert check.tsa == "CN=Test TSA"
    parsed = tsp.parse_response(reply)
    assert parsed.tst is not None and parsed.tst.gen_time == check.gen_time


def test_bare_token_is_accepted_too(tsa: LocalTSA, reply: bytes) -> None:
    bare = tsp.token_bytes(reply)
    assert bare != reply
    check = timestamp.verify_token(bare, DIGEST, ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert check.ok, check.tampered


def test_token_over_other_data_is_tampered(tsa: LocalTSA) -> None:
    other = tsa.stamp_file(b"something else")
    check = timestamp.verify_token(other, DIGEST, ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert any("over other data" in m for m in check.tampered)


def test_other_authority_does_not_chain(other_tsa: LocalTSA, tsa: LocalTSA) -> None:
    foreign = other_tsa.stamp_file(DATA)
    check = timestamp.verify_token(foreign, DIGEST,
                                   ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert any("does not chain" in m for m in check.tampered)


def test_broken_signature_is_tampered(tsa: LocalTSA, reply: bytes) -> None:
    parsed = tsp.parse_response(reply)
    signature = parsed.signers[0].signature
    broken = reply.replace(signature, signature[:-1] + bytes([signature[-1] ^ 1]))
    check = timestamp.verify_token(broken, DIGEST, ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert "the TSA signature does not verify" in check.tampered


def test_without_a_ca_file_the_chain_cannot_be_checked(reply: bytes) -> None:
    check = timestamp.verify_token(reply, DIGEST)
    assert not check.tampered
    assert check.cannot_check and "no TSA CA" in check.cannot_check[0]


def test_garbage_cannot_be_checked() -> None:
    check = timestamp.verify_token(b"not a token", DIGEST)
    assert check.cannot_check and not check.ok


def test_unreachable_or_failing_tsa_is_a_clear_error(tsa: LocalTSA) -> None:
    with pytest.raises(timestamp.TimestampError, match="cannot reach"):
        timestamp.request_timestamp("http://127.0.0.1:9/tsr", DIGEST, timeout=5)
    with pytest.raises(ValueError, match="32 bytes"):
        timestamp.build_request(b"short")


def test_a_malformed_signer_attribute_is_reported_not_raised(tsa: LocalTSA,
                                                             reply: bytes) -> None:
    """The top-level DER still parses, but the signing-certificate attribute inside is not
    the structure RFC 5035 gives it: a verdict (the signature no longer verifies, and the
    token cannot be read), not an exception."""
    signer = tsp.parse_response(reply).signers[0]
    value = signer.attribute(tsp.OID_SIGNING_CERT_V2)[0]
    certs = value.child(0)
    flattened = value.raw.replace(certs.raw, b"\x04" + certs.raw[1:], 1)   # SEQUENCE -> OCTETS
    broken = reply.replace(value.raw, flattened, 1)
    check = timestamp.verify_token(broken, DIGEST, ca_certs=timestamp.load_ca_file(tsa.ca_file))
    assert "the TSA signature does not verify" in check.tampered
    assert any("cannot be read" in m for m in check.cannot_check)
