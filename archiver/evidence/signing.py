"""Anonymous WACZ signing (ECDSA P-256): key pairs, ``signedData`` and its verification.

As the WACZ signing spec and its implementations do it: the signed message is the UTF-8
``hash`` string (``sha256:<hex>``), ECDSA with SHA-256, the signature raw ``r||s`` in base64,
the public key as base64 DER SubjectPublicKeyInfo.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

CURVE_BYTES = 32  # P-256 scalars


class SigningKeyError(ValueError):
    """A key file is missing, unreadable or not an ECDSA P-256 key."""


def generate_keypair(private_path: Path, public_path: Path, overwrite: bool = False) -> str:
    """Write a new key pair (private key mode 0600, PEM PKCS#8; public key PEM).

    Returns the public key fingerprint. Never overwrites unless told to.
    """
    for path in (private_path, public_path):
        if path.exists() and not overwrite:
            raise FileExistsError(f"{path} exists; refusing to overwrite a key")
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    private_path.parent.mkdir(parents=True, exist_ok=True)
    if overwrite and private_path.exists():
        private_path.unlink()
    # Created 0600 from the start: the key is never readable by others, not even briefly.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(private_path, 0o600)
    public_path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return fingerprint(key.public_key())


def load_private_key(path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(f"cannot read the private key {path}: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise SigningKeyError(f"{path} is not an ECDSA P-256 private key")
    return key


def load_public_key(path: Path) -> ec.EllipticCurvePublicKey:
    """A public key from PEM, DER, or the base64 DER that ``signedData.publicKey`` holds."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"cannot read the public key {path}: {exc}") from exc
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_public_key(data)
        else:
            try:
                key = serialization.load_der_public_key(data)
            except ValueError:
                key = serialization.load_der_public_key(base64.b64decode(data.strip()))
    except (ValueError, binascii.Error, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(f"{path} is not a public key: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SigningKeyError(f"{path} is not an ECDSA public key")
    return key


def public_der(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: ec.EllipticCurvePublicKey) -> str:
    """``SHA256:<hex>`` of the DER public key: what to publish and compare out of band."""
    return "SHA256:" + hashlib.sha256(public_der(key)).hexdigest()


def sign_hash(key: ec.EllipticCurvePrivateKey, hash_label: str, created: str,
              software: str) -> dict[str, Any]:
    """The anonymous ``signedData`` for a datapackage hash (``sha256:<hex>``)."""
    der_sig = key.sign(hash_label.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der_sig)
    raw = r.to_bytes(CURVE_BYTES, "big") + s.to_bytes(CURVE_BYTES, "big")
    return {
        "hash": hash_label,
        "created": created,
        "software": software,
        "signature": base64.b64encode(raw).decode("ascii"),
        "publicKey": base64.b64encode(public_der(key.public_key())).decode("ascii"),
    }


@dataclass(frozen=True)
class SignatureCheck:
    valid: bool
    message: str
    fingerprint: str | None = None
    checkable: bool = True      # False: a key this verifier cannot use (cannot check)


def verify_signed_data(signed: dict[str, Any], expected_hash: str,
                       trusted: ec.EllipticCurvePublicKey | None = None) -> SignatureCheck:
    """Verify ``signedData`` from its own bytes: the hash it signs, the signature, the key."""
    if signed.get("hash") != expected_hash:
        return SignatureCheck(False, f"signedData.hash is {signed.get('hash')!r}, the "
                              f"datapackage digest is {expected_hash!r}")
    try:
        key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
        raw = base64.b64decode(signed["signature"])
    except UnsupportedAlgorithm as exc:
        if trusted is not None:     # whatever key it is, it is not the one expected
            return SignatureCheck(False, f"signed by a key this verifier cannot use ({exc}), "
                                  f"not by the expected key {fingerprint(trusted)}")
        return SignatureCheck(False, f"cannot verify the signature: {exc}", checkable=False)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        return SignatureCheck(False, f"signedData has no readable publicKey/signature: {exc}")
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return SignatureCheck(False, "signedData.publicKey is not an ECDSA key")
    found = fingerprint(key)
    size = (key.curve.key_size + 7) // 8
    if len(raw) != 2 * size:
        return SignatureCheck(False, f"the signature has {len(raw)} bytes, not {2 * size}",
                              found)
    der_sig = encode_dss_signature(int.from_bytes(raw[:size], "big"),
                                   int.from_bytes(raw[size:], "big"))
    try:
        key.verify(der_sig, expected_hash.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return SignatureCheck(False, "the signature does not verify with the package's "
                              "public key", found)
    if trusted is not None and public_der(trusted) != public_der(key):
        return SignatureCheck(False, f"signed by key {found}, not by the expected key "
                              f"{fingerprint(trusted)}", found)
    return SignatureCheck(True, f"valid ECDSA P-256 signature by key {found}", found)
