"""The WACZ writer: WARCs stored as they are, CDXJ index, pages, entries and capture
records, ``datapackage.json``, and ``datapackage-digest.json`` (signed, timestamped)."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from archiver.evidence import cdx, datapackage, pages, rundir, signing, timestamp
from archiver.evidence.datapackage import Resource

logger = logging.getLogger(__name__)

# Capture files that travel in the package beside the WARCs (member name suffix).
CAPTURE_EXTRAS = (("capture.json", "capture.json"), ("capture-log.jsonl", "capture-log.jsonl"),
                  ("custody.jsonl", "custody.jsonl"), ("SHA256SUMS", "SHA256SUMS.txt"),
                  ("report.html", "report.html"), ("report.pdf", "report.pdf"))
_LABEL = re.compile(r"[^A-Za-z0-9._-]+")


class PackageError(RuntimeError):
    """The package cannot be made; nothing was left at the output path."""


@dataclass
class CaptureSource:
    """What one capture contributes: its WARCs, entries and capture records."""

    label: str
    warcs: list[Path]
    entries: Path | None = None
    extras: list[tuple[Path, str]] = field(default_factory=list)   # (file, member path)
    run_dir: Path | None = None


def source_from_dir(run_dir: Path) -> CaptureSource:
    label = _LABEL.sub("-", run_dir.resolve().name) or "capture"
    warcs = rundir.warc_files(run_dir)
    entries = run_dir / "entries.jsonl"
    extras = [(run_dir / name, f"capture/{label}-{member}") for name, member in CAPTURE_EXTRAS
              if (run_dir / name).is_file()]
    return CaptureSource(label, warcs, entries if entries.is_file() else None, extras, run_dir)


def utc_created(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stored(name: str) -> bool:
    return name.startswith("archive/") or name.endswith(".gz") or name.endswith(".pdf")


def _zinfo(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if _stored(name) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@dataclass
class PackageResult:
    path: Path
    digest: str                        # sha256:<hex> of datapackage.json
    resources: list[Resource]
    pages: list[pages.Page]
    copied: dict[Path, str]            # file on disk -> sha256 hex of the bytes packaged
    signed_by: str | None = None       # key fingerprint
    timestamp_time: datetime | None = None
    timestamp_tsa: str | None = None


class _Writer:
    def __init__(self, zf: zipfile.ZipFile, when: datetime) -> None:
        self.zf = zf
        self.when = when
        self.resources: list[Resource] = []
        self.copied: dict[Path, str] = {}

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zf.writestr(_zinfo(name, self.when), data)
        self.resources.append(Resource(name, hashlib.sha256(data).hexdigest(), len(data)))

    def add_file(self, name: str, path: Path) -> None:
        """Copied in blocks, hashed as written: the hash is of the bytes in the package."""
        info = _zinfo(name, self.when)
        info.file_size = path.stat().st_size
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as src, self.zf.open(info, "w", force_zip64=True) as dst:
            while block := src.read(1 << 20):
                digest.update(block)
                dst.write(block)
                size += len(block)
        self.resources.append(Resource(name, digest.hexdigest(), size))
        self.copied[path] = digest.hexdigest()


def write_wacz(sources: list[CaptureSource], output: Path, *,
               signing_key: ec.EllipticCurvePrivateKey | None = None,
               tsa_url: str | None = None, tsa_timeout: float = 60.0,
               title: str | None = None, description: str | None = None,
               now: datetime | None = None) -> PackageResult:
    """Write the package to ``output`` (atomically: a temporary file renamed at the end)."""
    warcs = [w for s in sources for w in s.warcs]
    if not warcs:
        raise PackageError("no WARC files to package")
    names = [w.name for w in warcs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PackageError(f"two WARC files share a name: {', '.join(duplicates)}")
    records = [rec for w in warcs for rec in cdx.scan_warc(w, pages.wants_payload)]
    lines = cdx.sorted_lines(records)
    page_list = pages.pages_from_records(records)
    index_gz, index_idx = cdx.compress_index(lines)
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    created = utc_created(when)
    main = page_list[0] if page_list else None
    title = title or (main.title if main else "Web archive")
    description = description or _description(page_list, sources)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            writer = _Writer(zf, when)
            for warc in warcs:
                writer.add_file(f"archive/{warc.name}", warc)
            writer.add_bytes("indexes/index.cdx.gz", index_gz)
            writer.add_bytes("indexes/index.idx", index_idx)
            writer.add_bytes("pages/pages.jsonl", pages.pages_jsonl(page_list))
            for source in sources:
                if source.entries is not None:
                    writer.add_file(f"entries/{source.label}-entries.jsonl", source.entries)
                for path, member in source.extras:
                    writer.add_file(member, path)
            extra = {"archiver": {"captures": [s.label for s in sources],
                                  "pages": len(page_list), "index_lines": len(lines)}}
            package = datapackage.build_datapackage(
                writer.resources, created=created, title=title, description=description,
                main_page_url=main.url if main else None,
                main_page_date=main.ts if main else None, extra=extra)
            digest = datapackage.package_digest(package)
            result = PackageResult(output, digest, writer.resources, page_list, writer.copied)
            signed = stamp = None
            if tsa_url:
                stamp = _timestamp(tsa_url, package, tsa_timeout, result)
            if signing_key is not None:
                signed = signing.sign_hash(signing_key, digest, created, datapackage.SOFTWARE)
                result.signed_by = signing.fingerprint(signing_key.public_key())
            zf.writestr(_zinfo("datapackage.json", when), package)
            zf.writestr(_zinfo("datapackage-digest.json", when),
                        datapackage.build_digest_doc(package, signed, stamp))
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


def _timestamp(url: str, package: bytes, timeout: float, result: PackageResult
               ) -> dict[str, Any]:
    digest = hashlib.sha256(package).digest()
    try:
        reply = timestamp.request_timestamp(url, digest, "sha256", timeout=timeout)
    except timestamp.TimestampError as exc:
        raise PackageError(str(exc)) from exc
    check = timestamp.verify_token(reply, digest)
    result.timestamp_time, result.timestamp_tsa = check.gen_time, check.tsa
    return {"hash": "sha256:" + digest.hex(), "tsa": url,
            "genTime": check.gen_time.isoformat().replace("+00:00", "Z")
            if check.gen_time else None,
            "token": base64.b64encode(reply).decode("ascii")}


def _description(page_list: list[pages.Page], sources: list[CaptureSource]) -> str:
    urls = ", ".join(p.url for p in page_list[:5]) or "no page list"
    return (f"Web archive made by {datapackage.SOFTWARE} from {len(sources)} capture(s): "
            f"{urls}.")
