"""Anonymous WACZ signatures: key files, signing, verification; openssl as outside judge."""

from __future__ import annotations

import base64
import hashlib
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from archiver.evidence import der, signing

HASH = "sha256:" + hashlib.sha256(b"datapackage").hexdigest()


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "k.key", tmp_path / "k.pub"
    signing.generate_keypair(private, public)
    return private, public


def test_private_key_is_mode_0600_and_never_overwritten(keys: tuple[Path, Path]) -> None:
    private, public = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in private.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    with pytest.raises(FileExistsError):
        signing.generate_keypair(private, public)


def test_sign_and_verify(keys: tuple[Path, Path]) -> None:
    key = signing.load_private_key(keys[0])
    signed = signing.sign_hash(key, HASH, "2026-11-26T16:00:00Z", "test")
    assert set(signed) == {"hash", "created", "software", "signature", "publicKey"}
    assert len(base64.b64decode(signed["signature"])) == 64
    trusted = signing.load_public_key(keys[1])
    assert signing.verify_signed_data(signed, HASH, trusted).valid
    assert not signing.verify_signed_data(signed, HASH.replace("a", "b", 1)).valid


@pytest.mark.judge
def test_openssl_verifies_our_signature(keys: tuple[Path, Path], tmp_path: Path) -> None:
    signed = signing.sign_hash(signing.load_private_key(keys[0]), HASH, "t", "s")
    raw = base64.b64decode(signed["signature"])
    (tmp_path / "sig.der").write_bytes(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                                            int.from_bytes(raw[32:], "big")))
    (tmp_path / "msg").write_bytes(HASH.encode())
    (tmp_path / "pub.der").write_bytes(base64.b64decode(signed["publicKey"]))
    result = subprocess.run(["openssl", "dgst", "-sha256", "-verify", str(tmp_path / "pub.der"),
                             "-keyform", "DER", "-signature", str(tmp_path / "sig.der"),
                             str(tmp_path / "msg")], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "Verified OK" in result.stdout, result.stderr


def test_another_key_is_told_apart(keys: tuple[Path, Path], tmp_path: Path) -> None:
    signing.generate_keypair(tmp_path / "o.key", tmp_path / "o.pub")
    other = signing.sign_hash(signing.load_private_key(tmp_path / "o.key"), HASH, "t", "s")
    trusted = signing.load_public_key(keys[1])
    result = signing.verify_signed_data(other, HASH, trusted)
    assert not result.valid and "not by the expected key" in result.message
    mine = signing.sign_hash(signing.load_private_key(keys[0]), HASH, "t", "s")
    swapped = {**mine, "signature": other["signature"]}
    assert "does not verify" in signing.verify_signed_data(swapped, HASH).message


def test_public_key_from_the_package_form(keys: tuple[Path, Path], tmp_path: Path) -> None:
    signed = signing.sign_hash(signing.load_private_key(keys[0]), HASH, "t", "s")
    (tmp_path / "b64.txt").write_text(signed["publicKey"])
    assert signing.fingerprint(signing.load_public_key(tmp_path / "b64.txt")) == \
        signing.fingerprint(signing.load_public_key(keys[1]))


def test_bad_key_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("junk")
    with pytest.raises(signing.SigningKeyError):
        signing.load_private_key(tmp_path / "junk")
    with pytest.raises(signing.SigningKeyError):
        signing.load_public_key(tmp_path / "missing.pub")


# An EC public key on secp112r1, a curve the cryptography library does not support.
UNSUPPORTED_KEY = der.seq(der.seq(der.oid("1.2.840.10045.2.1"), der.oid("1.3.132.0.6")),
                          der.tlv(der.BIT_STRING, b"\x00\x04" + bytes(range(1, 29))))


def test_a_key_on_an_unsupported_curve(keys: tuple[Path, Path], tmp_path: Path) -> None:
    """A key file of that kind is a clear error; in a package it cannot be checked without
    a published key, and with one it is not the signer's key. Never an exception."""
    (tmp_path / "odd.pub").write_bytes(UNSUPPORTED_KEY)
    with pytest.raises(signing.SigningKeyError, match=r"odd\.pub"):
        signing.load_public_key(tmp_path / "odd.pub")
    mine = signing.sign_hash(signing.load_private_key(keys[0]), HASH, "t", "s")
    odd = {**mine, "publicKey": base64.b64encode(UNSUPPORTED_KEY).decode()}
    alone = signing.verify_signed_data(odd, HASH)
    assert not alone.valid and not alone.checkable and "not supported" in alone.message
    trusted = signing.load_public_key(keys[1])
    against = signing.verify_signed_data(odd, HASH, trusted)
    assert not against.valid and against.checkable
    assert signing.fingerprint(trusted) in against.message
