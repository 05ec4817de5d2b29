"""``datapackage.json`` (the WACZ manifest) and ``datapackage-digest.json`` (its hash,
signature and trusted timestamp)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from archiver import SOFTWARE_NAME, __version__

WACZ_VERSION = "1.1.1"
SOFTWARE = f"{SOFTWARE_NAME}/{__version__}"
_NAME_CHARS = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class Resource:
    path: str          # inside the ZIP
    sha256: str        # hex
    size: int

    def as_dict(self, name: str) -> dict[str, Any]:
        return {"name": name, "path": self.path, "hash": "sha256:" + self.sha256,
                "bytes": self.size}


def resource_names(paths: list[str]) -> list[str]:
    """Frictionless names (lower-case letters, digits, ``._-``), unique, from the paths."""
    names: list[str] = []
    used: set[str] = set()
    for path in paths:
        base = _NAME_CHARS.sub("-", path.rsplit("/", 1)[-1].lower()).strip("-") or "file"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names.append(name)
    return names


def build_datapackage(resources: list[Resource], *, created: str, title: str,
                      description: str, main_page_url: str | None,
                      main_page_date: str | None, extra: dict[str, Any] | None = None
                      ) -> bytes:
    names = resource_names([r.path for r in resources])
    package: dict[str, Any] = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "description": description,
        "created": created,
        "software": SOFTWARE,
    }
    if main_page_url:
        package["mainPageUrl"] = main_page_url
    if main_page_date:
        package["mainPageDate"] = main_page_date
    package["resources"] = [r.as_dict(n) for r, n in zip(resources, names, strict=True)]
    if extra:
        package.update(extra)
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def package_digest(datapackage: bytes) -> str:
    return "sha256:" + hashlib.sha256(datapackage).hexdigest()


def build_digest_doc(datapackage: bytes, signed_data: dict[str, Any] | None = None,
                     timestamp: dict[str, Any] | None = None) -> bytes:
    doc: dict[str, Any] = {"path": "datapackage.json", "hash": package_digest(datapackage)}
    if signed_data is not None:
        doc["signedData"] = signed_data
    if timestamp is not None:
        # Not part of the WACZ specs: an RFC 3161 token over the same hash.
        doc["timestamp"] = timestamp
    return (json.dumps(doc, indent=2) + "\n").encode("utf-8")
