"""A checklist finding, and the evidence policy the WARC items are judged against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .warcio_cli import Record


@dataclass(frozen=True)
class Finding:
    """One failed checklist item: which item, where (file, record offset and id), what."""

    item: int
    file: str
    offset: int | None
    record_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.offset is not None:
            where += f" @{self.offset}"
        if self.record_id:
            where += f" {self.record_id}"
        return f"[{self.item}] {where}: {self.message}"


def finding(item: int, file: str, rec: Record | None, message: str) -> Finding:
    offset = int(rec["offset"]) if rec and "offset" in rec else None
    return Finding(item, file, offset, rec.get("warc-record-id") if rec else None, message)


def _frozen(mapping: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(mapping)


@dataclass(frozen=True)
class Policy:
    """Choices the checklist leaves to the project. Defaults: the evidence profile."""

    # Item 15: sha256 in lowercase hex, the evidence choice (sha1/base32 is warcio's default).
    digest_pattern: str = r"^sha256:[0-9a-f]{64}$"
    digest_name: str = "sha256 lowercase hex"
    # Item 2: Prefix-Timestamp-Serial-Host.warc.gz
    filename_pattern: str = r"^[A-Za-z0-9-]+-\d{14}-\d{5}-[A-Za-z0-9.-]+\.warc\.gz$"
    # Item 5: keys the first warcinfo must carry (with a non-empty value) ...
    warcinfo_keys: tuple[str, ...] = (
        "software", "operator", "hostname", "ip", "http-header-user-agent", "format",
        "conformsTo", "digest-algorithm", "body-decoding",
    )
    # ... values some of them must have exactly ...
    warcinfo_values: Mapping[str, str] = field(
        default_factory=lambda: _frozen({"format": "WARC File Format 1.1"}))
    # ... and what `software:` must name (case-insensitive): toolkit, warcio, Playwright, browser.
    software_mentions: tuple[str, ...] = ("warcio", "playwright", "chrom")
    # Item 10: WARC Content-Type by record type (compared without spaces, case-insensitive).
    content_types: Mapping[str, str] = field(default_factory=lambda: _frozen({
        "response": "application/http; msgtype=response",
        "request": "application/http; msgtype=request",
        "warcinfo": "application/warc-fields",
        "metadata": "application/warc-fields",
        "revisit": "application/http; msgtype=response",
    }))
    # Item 10: resource records by target-URI prefix (screenshots, PDFs).
    resource_types: Mapping[str, str] = field(default_factory=lambda: _frozen({
        "urn:view:": "image/png",
        "urn:screenshot:": "image/png",
        "urn:pdf:": "application/pdf",
    }))
    # Item 18: browser capture stores decoded bodies, so no encoding headers may remain.
    decoded_bodies: bool = True
    # Item 19: whether a 200 response without Content-Length is itself a finding.
    require_content_length: bool = False
    # Item 21.
    revisit_profile: str = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


def normalize_media_type(value: str) -> str:
    return "".join(value.split()).lower()
