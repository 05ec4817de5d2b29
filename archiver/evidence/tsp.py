"""RFC 3161 structures read from DER: TimeStampResp, the CMS SignedData token, TSTInfo."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509

from archiver.evidence import der

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_CERT = "1.2.840.113549.1.9.16.2.12"
OID_SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
HASH_OIDS = {
    "sha1": "1.3.14.3.2.26",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
}
HASH_NAMES = {v: k for k, v in HASH_OIDS.items()}
PKI_STATUS = {0: "granted", 1: "grantedWithMods", 2: "rejection", 3: "waiting",
              4: "revocationWarning", 5: "revocationNotification"}


@dataclass
class SignerInfo:
    sid: der.Node                     # IssuerAndSerialNumber (SEQUENCE) or [0] key identifier
    digest_algorithm: str             # dotted OID
    signed_attrs: der.Node | None     # the [0] IMPLICIT SET as found
    signature_algorithm: str
    signature: bytes

    def attribute(self, oid: str) -> list[der.Node]:
        """The values of one signed attribute (empty when absent)."""
        if self.signed_attrs is None:
            return []
        for attr in self.signed_attrs.children():
            kids = attr.children()
            if der.to_oid(kids[0]) == oid:
                return kids[1].children()
        return []


@dataclass
class TstInfo:
    policy: str
    hash_algorithm: str               # dotted OID
    hashed_message: bytes
    serial: int
    gen_time: datetime
    nonce: int | None
    raw: bytes


@dataclass
class Token:
    """A parsed TimeStampResp (or bare token): what is signed, by whom, with which certs."""

    status: int
    status_text: str
    econtent_type: str = ""
    econtent: bytes = b""
    tst: TstInfo | None = None
    signers: list[SignerInfo] = field(default_factory=list)
    certificates: list[x509.Certificate] = field(default_factory=list)


def _alg(node: der.Node) -> str:
    return der.to_oid(node.child(0))


def parse_tst_info(data: bytes) -> TstInfo:
    kids = der.parse(data).expect(der.SEQUENCE, "TSTInfo").children()
    imprint = kids[2].children()
    nonce = None
    for extra in kids[5:]:
        if extra.tag == der.INTEGER:
            nonce = der.to_int(extra)
    return TstInfo(policy=der.to_oid(kids[1]), hash_algorithm=_alg(imprint[0]),
                   hashed_message=imprint[1].expect(der.OCTET_STRING, "hashedMessage").content,
                   serial=der.to_int(kids[3]), gen_time=der.to_time(kids[4]), nonce=nonce,
                   raw=data)


def _signer(node: der.Node) -> SignerInfo:
    kids = node.children()
    rest = kids[3:]
    attrs = None
    if rest and rest[0].tag == 0xA0:
        attrs, rest = rest[0], rest[1:]
    return SignerInfo(sid=kids[1], digest_algorithm=_alg(kids[2]), signed_attrs=attrs,
                      signature_algorithm=_alg(rest[0]),
                      signature=rest[1].expect(der.OCTET_STRING, "signature").content)


def parse_token(content_info: der.Node, status: int = 0) -> Token:
    kids = content_info.expect(der.SEQUENCE, "ContentInfo").children()
    if der.to_oid(kids[0]) != OID_SIGNED_DATA:
        raise der.DerError(f"the token is not CMS SignedData ({der.to_oid(kids[0])})")
    signed = kids[1].expect(0xA0, "[0] content").child(0).children()
    encap = signed[2].children()
    econtent = encap[1].expect(0xA0, "eContent").child(0).expect(der.OCTET_STRING, "eContent")
    token = Token(status, PKI_STATUS.get(status, str(status)), der.to_oid(encap[0]),
                  econtent.content)
    for part in signed[3:]:
        if part.tag == 0xA0:
            for cert in part.children():
                if cert.tag == der.SEQUENCE:
                    token.certificates.append(x509.load_der_x509_certificate(cert.raw))
        elif part.tag == der.SET:
            token.signers = [_signer(s) for s in part.children()]
    if token.econtent_type == OID_TST_INFO:
        token.tst = parse_tst_info(token.econtent)
    return token


def parse_response(data: bytes) -> Token:
    """A TimeStampResp, or a bare TimeStampToken (ContentInfo), as ``openssl ts`` writes them.

    Raises :class:`der.DerError` (a ValueError) when the bytes are not one of those.
    """
    top = der.parse(data).expect(der.SEQUENCE, "TimeStampResp")
    kids = top.children()
    if kids and kids[0].tag == der.OID:   # a bare token
        return parse_token(top)
    status = der.to_int(kids[0].child(0))
    if len(kids) < 2:
        return Token(status, PKI_STATUS.get(status, str(status)))
    return parse_token(kids[1], status)


def token_bytes(data: bytes) -> bytes:
    """The TimeStampToken (ContentInfo) inside a response, or the input if it is one."""
    top = der.parse(data)
    kids = top.children()
    if kids and kids[0].tag == der.OID:
        return data
    if len(kids) < 2:
        raise der.DerError("the response holds no token")
    return kids[1].raw
