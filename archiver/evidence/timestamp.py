"""Trusted timestamps (RFC 3161): build the request, ask a TSA, verify a token from bytes."""

from __future__ import annotations

import hashlib
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from archiver.evidence import der, tsp

logger = logging.getLogger(__name__)

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512}
OID_RSASSA_PSS = "1.2.840.113549.1.1.10"


class TimestampError(RuntimeError):
    """The TSA could not be reached or gave no usable token; the message says why."""


def build_request(digest: bytes, algorithm: str = "sha256", nonce: int | None = None,
                  cert_req: bool = True) -> bytes:
    """A DER TimeStampReq (version 1) for a digest, asking the TSA to include its certificate."""
    if algorithm not in tsp.HASH_OIDS:
        raise ValueError(f"unsupported hash algorithm {algorithm!r}")
    if len(digest) != hashlib.new(algorithm).digest_size:
        raise ValueError(f"a {algorithm} digest has {hashlib.new(algorithm).digest_size} bytes, "
                         f"got {len(digest)}")
    imprint = der.seq(der.seq(der.oid(tsp.HASH_OIDS[algorithm]), der.null()),
                      der.octet_string(digest))
    parts = [der.integer(1), imprint]
    if nonce is not None:
        parts.append(der.integer(nonce))
    if cert_req:
        parts.append(der.boolean(True))
    return der.seq(*parts)


def request_timestamp(url: str, digest: bytes, algorithm: str = "sha256",
                      timeout: float = 60.0) -> bytes:
    """Ask the TSA at ``url`` for a token over ``digest``; return the TimeStampResp DER.

    The answer is checked before it is returned: granted, over this digest, with our nonce.
    """
    nonce = secrets.randbits(63)
    body = build_request(digest, algorithm, nonce)
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            data: bytes = reply.read()
            kind = reply.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise TimestampError(f"the TSA at {url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TimestampError(f"cannot reach the TSA at {url}: {exc}") from exc
    if REPLY_TYPE not in kind:
        logger.warning("TSA %s answered with Content-Type %r, not %s", url, kind, REPLY_TYPE)
    try:
        token = tsp.parse_response(data)
    except (ValueError, IndexError) as exc:
        raise TimestampError(f"the TSA at {url} sent something that is not a time-stamp "
                             f"response: {exc}") from exc
    if token.status not in (0, 1) or token.tst is None:
        raise TimestampError(f"the TSA at {url} refused the request (status {token.status_text})")
    if token.tst.hashed_message != digest:
        raise TimestampError(f"the TSA at {url} stamped other data than was asked")
    if token.tst.nonce != nonce:
        raise TimestampError(f"the TSA at {url} did not echo our nonce (replayed answer?)")
    return data


@dataclass
class TokenCheck:
    """The outcome of :func:`verify_token`: problems by kind, and what the token says."""

    tampered: list[str] = field(default_factory=list)
    cannot_check: list[str] = field(default_factory=list)
    gen_time: datetime | None = None
    tsa: str | None = None
    serial: int | None = None

    @property
    def ok(self) -> bool:
        return not self.tampered and not self.cannot_check


def load_ca_file(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _matches_sid(cert: x509.Certificate, sid: der.Node) -> bool:
    if sid.tag == der.SEQUENCE:
        name, serial = sid.children()[:2]
        return cert.issuer.public_bytes() == name.raw and cert.serial_number == der.to_int(serial)
    if sid.tag == 0x80:
        try:
            ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        except x509.ExtensionNotFound:
            return False
        return ski.value.digest == sid.content
    return False


def _verify_signature(cert: x509.Certificate, signer: tsp.SignerInfo, data: bytes) -> None:
    """Raises InvalidSignature, or UnsupportedAlgorithm for keys and schemes we cannot check."""
    hash_name = tsp.HASH_NAMES.get(signer.digest_algorithm)
    if hash_name is None:
        raise UnsupportedAlgorithm(f"digest algorithm {signer.digest_algorithm}")
    algorithm = _HASHES[hash_name]()
    key = cert.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signer.signature, data, ec.ECDSA(algorithm))
    elif isinstance(key, rsa.RSAPublicKey):
        if signer.signature_algorithm == OID_RSASSA_PSS:
            raise UnsupportedAlgorithm("RSASSA-PSS token signatures")
        key.verify(signer.signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key.verify(signer.signature, data)
    else:
        raise UnsupportedAlgorithm(f"public key type {type(key).__name__}")


def _check_ess(cert: x509.Certificate, signer: tsp.SignerInfo) -> str | None:
    """The signing-certificate attribute must name the certificate that signed."""
    for oid, default in ((tsp.OID_SIGNING_CERT_V2, "sha256"), (tsp.OID_SIGNING_CERT, "sha1")):
        values = signer.attribute(oid)
        if not values:
            continue
        first = values[0].child(0).child(0)          # SigningCertificate.certs[0]
        kids = first.children()
        alg = default
        if kids[0].tag == der.SEQUENCE:              # ESSCertIDv2 with an explicit algorithm
            alg = tsp.HASH_NAMES.get(der.to_oid(kids[0].child(0)), "?")
            kids = kids[1:]
        if alg not in _HASHES:
            return f"signing-certificate attribute uses unknown hash {alg}"
        actual = hashlib.new(alg, cert.public_bytes(Encoding.DER)).digest()
        if kids[0].content != actual:
            return "the signing-certificate attribute names another certificate"
        return None
    return "no signing-certificate attribute (RFC 3161 requires one)"


def _chain(cert: x509.Certificate, pool: list[x509.Certificate],
           anchors: list[x509.Certificate], at: datetime) -> str | None:
    """None when ``cert`` chains to one of ``anchors``; otherwise why not."""
    current = cert
    for _depth in range(10):
        if not current.not_valid_before_utc <= at <= current.not_valid_after_utc:
            return f"certificate {current.subject.rfc4514_string()} was not valid at {at}"
        if current in anchors:
            return None
        issuer = None
        for candidate in anchors + pool:
            if candidate == current or candidate.subject != current.issuer:
                continue
            try:
                current.verify_directly_issued_by(candidate)
            except (ValueError, TypeError, InvalidSignature):
                continue
            issuer = candidate
            break
        if issuer is None:
            return (f"certificate {current.subject.rfc4514_string()} is not issued by any "
                    "certificate in the CA file")
        current = issuer
    return "certificate chain too long"


def verify_token(data: bytes, digest: bytes, algorithm: str = "sha256",
                 ca_certs: list[x509.Certificate] | None = None) -> TokenCheck:
    """Check a token against the digest it should cover, from its bytes alone.

    Tampered: other data, broken signature, wrong signing certificate, chain fails.
    Cannot check: unreadable token, unsupported algorithm, no CA certificates given.
    """
    check = TokenCheck()
    try:
        _verify_token(check, data, digest, algorithm, ca_certs)
    except (ValueError, IndexError) as exc:
        # Malformed DER (DerError is a ValueError) may show in any part read, not only in
        # the first parse: the signer's attributes and identifiers are read as checked.
        check.cannot_check.append(f"the token cannot be read: {exc}")
    return check


def _verify_token(check: TokenCheck, data: bytes, digest: bytes, algorithm: str,
                  ca_certs: list[x509.Certificate] | None) -> None:
    token = tsp.parse_response(data)
    if token.status not in (0, 1) or token.tst is None:
        check.tampered.append(f"the response holds no granted TSTInfo ({token.status_text})")
        return
    tst = token.tst
    check.gen_time, check.serial = tst.gen_time, tst.serial
    if tsp.HASH_NAMES.get(tst.hash_algorithm) != algorithm or tst.hashed_message != digest:
        check.tampered.append(f"the token is over other data: its message imprint is "
                              f"{tsp.HASH_NAMES.get(tst.hash_algorithm, tst.hash_algorithm)}:"
                              f"{tst.hashed_message.hex()}, expected {algorithm}:{digest.hex()}")
    if not token.signers:
        check.tampered.append("the token has no signer")
        return
    signer = token.signers[0]
    cert = next((c for c in token.certificates if _matches_sid(c, signer.sid)), None)
    if cert is None:
        check.cannot_check.append("the token does not include the TSA certificate")
        return
    check.tsa = cert.subject.rfc4514_string()
    # Problems go to the check as they are found: a part that cannot be read later on
    # must not take the ones before it away.
    check.tampered += _verify_signed_attrs(token, signer)
    signed = token.econtent
    if signer.signed_attrs is not None:
        signed = bytes([der.SET]) + signer.signed_attrs.raw[1:]
    try:
        _verify_signature(cert, signer, signed)
    except InvalidSignature:
        check.tampered.append("the TSA signature does not verify")
    except UnsupportedAlgorithm as exc:
        check.cannot_check.append(f"cannot verify the TSA signature: {exc}")
    ess = _check_ess(cert, signer)
    if ess:
        check.tampered.append(ess)
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.TIME_STAMPING not in eku:
            check.tampered.append("the TSA certificate is not for time stamping (extended "
                                  "key usage)")
    except x509.ExtensionNotFound:
        check.tampered.append("the TSA certificate has no extended key usage for time stamping")
    if ca_certs is None:
        check.cannot_check.append("no TSA CA certificate given: the signer is not checked "
                                  "against a trusted authority")
    else:
        why = _chain(cert, token.certificates, ca_certs, tst.gen_time)
        if why:
            check.tampered.append(f"the TSA certificate does not chain to the CA file: {why}")


def _verify_signed_attrs(token: tsp.Token, signer: tsp.SignerInfo) -> list[str]:
    if signer.signed_attrs is None:
        return []
    problems = []
    types = signer.attribute(tsp.OID_CONTENT_TYPE)
    if not types or der.to_oid(types[0]) != tsp.OID_TST_INFO:
        problems.append("the signed content type is not TSTInfo")
    digests = signer.attribute(tsp.OID_MESSAGE_DIGEST)
    name = tsp.HASH_NAMES.get(signer.digest_algorithm)
    if not digests or name is None or \
            digests[0].content != hashlib.new(name, token.econtent).digest():
        problems.append("the signed message digest does not match the TSTInfo")
    return problems
