"""Verify a WACZ from its bytes: manifest hashes, package digest, signature, timestamp,
every WARC record, the index, the page list, the entries and the capture records inside."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from archiver.evidence import indexcheck, signing, timestamp
from archiver.evidence.entrycheck import check_entries, keep_entries
from archiver.evidence.outcome import Outcome
from archiver.evidence.warccheck import RecordInfo, check_warc

REQUIRED = ("pages/pages.jsonl", "indexes/index.cdx.gz", "indexes/index.idx")
ROOT_FILES = ("datapackage.json", "datapackage-digest.json")
MAX_STAMP_DELAY = 600   # seconds between "created" and the TSA's time (as the WACZ auth spec)


@dataclass
class Trust:
    """What the person verifying brings: the signer's public key, the TSA's CA certificates."""

    public_key: ec.EllipticCurvePublicKey | None = None
    tsa_ca: list[x509.Certificate] | None = None


def _sha256_member(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with zf.open(name) as member:
        while block := member.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def check_wacz(path: Path, trust: Trust | None = None) -> Outcome:
    trust = trust or Trust()
    out = Outcome()
    label = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        out.cannot(f"{label}: not a readable ZIP file (damaged, or not a WACZ): {exc}")
        return out
    with zf:
        try:
            _check_members(zf, label, trust, out)
        except UNREADABLE as exc:
            # Any member read can meet it; the checks cannot go on without its bytes.
            out.tampered(f"{label}!{_unreadable_member(zf) or '?'}: cannot be read from the "
                         f"ZIP ({exc}): the package file was changed or damaged")
    return out


# A member whose bytes fail the ZIP's own CRC, or do not inflate.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError)


def _unreadable_member(zf: zipfile.ZipFile) -> str | None:
    for info in zf.infolist():
        try:
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass
        except UNREADABLE:
            return info.filename
    return None


def _check_members(zf: zipfile.ZipFile, label: str, trust: Trust, out: Outcome) -> None:
    names = zf.namelist()
    if len(names) != len(set(names)):
        out.tampered(f"{label}: the ZIP holds two members with the same name")
    if "datapackage.json" not in names:
        out.cannot(f"{label}: no datapackage.json, nothing to check the contents against")
        return
    package_bytes = zf.read("datapackage.json")
    try:
        package = json.loads(package_bytes)
        resources = list(package["resources"])
    except (ValueError, KeyError, TypeError) as exc:
        out.tampered(f"{label}!datapackage.json is not a WACZ manifest: {exc!r}")
        return
    # The WARCs are checked first, so that the manifest check has their hashes from the
    # same read; their lines still come after the manifest's and the digest's.
    warc_out = Outcome()
    warcs, read = _check_warcs(zf, label, warc_out)
    _check_manifest(zf, label, package, resources, read, out)
    digest = "sha256:" + hashlib.sha256(package_bytes).hexdigest()
    _check_digest_doc(zf, label, package, digest, trust, out)
    out.extend(warc_out)
    indexcheck.check_index(zf, label, warcs, out)
    indexcheck.check_pages(zf, label, out)
    kept = [(n, r) for n, w in warcs.items() for r in w if r.block is not None]
    for name in names:
        if name.startswith("entries/") and name.endswith(".jsonl"):
            out.extend(check_entries(f"{label}!{name}", zf.read(name), kept))
    _check_capture_records(zf, label, warcs, read, out)


def _check_manifest(zf: zipfile.ZipFile, label: str, package: dict[str, Any],
                    resources: list[Any], read: dict[str, tuple[str, int]],
                    out: Outcome) -> None:
    """Every listed member against its hash and size (``read``: members already hashed,
    name -> (sha256 hex, size))."""
    names = set(zf.namelist())
    if package.get("profile") != "data-package" or package.get("wacz_version") != "1.1.1":
        out.note(f"{label}!datapackage.json: profile {package.get('profile')!r}, wacz_version "
                 f"{package.get('wacz_version')!r} (expected data-package, 1.1.1)")
    listed: set[str] = set()
    good = 0
    for res in resources:
        member = str(res.get("path", "")) if isinstance(res, dict) else ""
        listed.add(member)
        if member not in names:
            out.tampered(f"{label}!{member}: listed in datapackage.json but missing from the "
                         "package (removed)")
            continue
        actual, size = read.get(member) or _sha256_member(zf, member)
        if res.get("hash") != f"sha256:{actual}":
            out.tampered(f"{label}!{member}: sha256 is {actual}, datapackage.json says "
                         f"{res.get('hash')}")
        elif res.get("bytes") not in (None, size):
            out.tampered(f"{label}!{member}: {size} bytes, datapackage.json says "
                         f"{res.get('bytes')}")
        else:
            good += 1
    for member in sorted(names - listed - set(ROOT_FILES)):
        if not member.endswith("/"):
            out.tampered(f"{label}!{member}: in the package but not listed in "
                         "datapackage.json (added)")
    missing = [m for m in REQUIRED if m not in names]
    if not any(n.startswith("archive/") for n in names):
        missing.append("archive/*.warc.gz")
    for member in missing:
        if member not in listed:
            out.tampered(f"{label}!{member}: required WACZ member missing")
    for info in zf.infolist():
        if (info.filename.startswith("archive/") or info.filename.endswith(".cdx.gz")) \
                and info.compress_type != zipfile.ZIP_STORED:
            out.note(f"{label}!{info.filename}: compressed in the ZIP (should be stored)")
    if good == len(resources):
        out.ok(f"{label}!datapackage.json: all {good} listed files present, hashes and sizes "
               "match")


def _check_digest_doc(zf: zipfile.ZipFile, label: str, package: dict[str, Any], digest: str,
                      trust: Trust, out: Outcome) -> None:
    where = f"{label}!datapackage-digest.json"
    if "datapackage-digest.json" not in zf.namelist():
        out.cannot(f"{where}: missing, so the manifest itself cannot be checked")
        return
    try:
        doc = json.loads(zf.read("datapackage-digest.json"))
        stated = doc["hash"]
    except (ValueError, KeyError, TypeError) as exc:
        out.tampered(f"{where}: unreadable: {exc!r}")
        return
    if doc.get("path") != "datapackage.json" or stated != digest:
        out.tampered(f"{where}: says datapackage.json is {stated}, it is {digest} "
                     "(datapackage.json was edited)")
    else:
        out.ok(f"{where}: datapackage.json digest {digest} matches")
    signed = doc.get("signedData")
    if isinstance(signed, dict):
        result = signing.verify_signed_data(signed, digest, trust.public_key)
        if not result.valid:
            (out.tampered if result.checkable else out.cannot)(
                f"{where}: signature: {result.message}")
        elif signed.get("created") != package.get("created"):
            out.tampered(f"{where}: signedData.created {signed.get('created')!r} differs from "
                         f"datapackage.json created {package.get('created')!r}")
        else:
            out.ok(f"{where}: {result.message}" + ("" if trust.public_key else
                   " (compare this fingerprint with the one the signer published)"))
    elif trust.public_key is not None:
        expected = signing.fingerprint(trust.public_key)
        out.tampered(f"{where}: not signed, but a signature by {expected} was expected")
    else:
        out.note(f"{label}: not signed")
    _check_timestamp(where, doc.get("timestamp"), digest, package, trust, out)


def _check_timestamp(where: str, stamp: Any, digest: str, package: dict[str, Any],
                     trust: Trust, out: Outcome) -> None:
    if not isinstance(stamp, dict):
        (out.cannot if trust.tsa_ca is not None else out.note)(
            f"{where}: no trusted timestamp in the package")
        return
    try:
        token = base64.b64decode(stamp["token"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        out.tampered(f"{where}: timestamp token unreadable: {exc!r}")
        return
    check = timestamp.verify_token(token, bytes.fromhex(digest.removeprefix("sha256:")),
                                   "sha256", trust.tsa_ca)
    for message in check.tampered:
        out.tampered(f"{where}: timestamp: {message}")
    for message in check.cannot_check:
        out.cannot(f"{where}: timestamp: {message}")
    created = _parse_time(str(package.get("created") or ""))
    if check.gen_time is not None and created is not None and \
            abs((check.gen_time - created).total_seconds()) > MAX_STAMP_DELAY:
        out.note(f"{where}: the timestamp ({check.gen_time:%Y-%m-%d %H:%M:%S}Z) is more than "
                 f"{MAX_STAMP_DELAY // 60} minutes from datapackage.json created "
                 f"({package.get('created')})")
    if check.ok and check.gen_time is not None:
        out.ok(f"{where}: RFC 3161 timestamp by {check.tsa} at "
               f"{check.gen_time.isoformat().replace('+00:00', 'Z')} covers the "
               f"datapackage digest (serial {check.serial})")


def _parse_time(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_warcs(zf: zipfile.ZipFile, label: str, out: Outcome
                 ) -> tuple[dict[str, list[RecordInfo]], dict[str, tuple[str, int]]]:
    """The records of every WARC (by file name), and each member's sha256 and size."""
    found: dict[str, list[RecordInfo]] = {}
    read: dict[str, tuple[str, int]] = {}
    for info in zf.infolist():
        if not info.filename.startswith("archive/") or info.filename.endswith("/"):
            continue
        with zf.open(info) as member:
            report = check_warc(member, f"{label}!{info.filename}", keep_entries, info.file_size)
        found[info.filename.removeprefix("archive/")] = report.records
        read[info.filename] = (report.sha256, report.size)
        out.extend(report.outcome)
    return found, read


def _check_capture_records(zf: zipfile.ZipFile, label: str,
                           warcs: dict[str, list[RecordInfo]],
                           read: dict[str, tuple[str, int]], out: Outcome) -> None:
    """The capture's own hash records (SHA256SUMS, custody, capture.json) packed inside
    must agree with the WARCs packed beside them (hashed as they were checked)."""
    packed = {name: read[f"archive/{name}"][0] for name in warcs}
    for member in zf.namelist():
        if not member.startswith("capture/"):
            continue
        data = zf.read(member)
        recorded: dict[str, str] = {}
        if member.endswith("-SHA256SUMS.txt"):
            from archiver.evidence.sums import parse_sums
            try:
                recorded = {Path(k).name: v for k, v in parse_sums(data.decode()).items()}
            except ValueError as exc:
                out.tampered(f"{label}!{member}: {exc}")
        elif member.endswith("-capture.json"):
            try:
                summary = json.loads(data)
                recorded = {f["name"]: f["sha256"] for f in summary.get("warc_files") or []}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                out.tampered(f"{label}!{member}: unreadable: {exc!r}")
        elif member.endswith("-custody.jsonl"):
            recorded = _custody_hashes(label, member, data, out)
        for name, digest in recorded.items():
            if name in packed and packed[name] != digest:
                out.tampered(f"{label}!archive/{name}: sha256 {packed[name]} differs from "
                             f"{digest} recorded in {member}")


def _custody_hashes(label: str, member: str, data: bytes, out: Outcome) -> dict[str, str]:
    from archiver.evidence.custody import check_chain_bytes
    check = check_chain_bytes(data, member)
    for problem in check.problems:
        out.tampered(f"{label}!{problem}")
    recorded: dict[str, str] = {}
    for entry in check.entries:
        for name, digest in (entry.get("files") or {}).items():
            recorded.setdefault(Path(str(name)).name, str(digest))
    return recorded
