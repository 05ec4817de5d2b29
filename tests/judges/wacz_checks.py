"""Checklist G (items 30-33) over a WACZ: py-wacz's verdict, members, ZIP storage, hashes."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from .findings import Finding
from .wacz import VALID_TEXT, wacz_validate

REQUIRED = ("indexes/index.cdx.gz", "indexes/index.idx", "pages/pages.jsonl", "datapackage.json",
            "datapackage-digest.json")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
WACZ_VERSION = "1.1.1"


def _f(item: int, wacz: Path, message: str, member: str | None = None) -> Finding:
    return Finding(item, wacz.name + (f"!{member}" if member else ""), None, None, message)


def item30_validate(path: Path) -> list[Finding]:
    result = wacz_validate(path)
    if result.returncode != 0 or VALID_TEXT not in result.stdout:
        said = (result.stdout + result.stderr).strip().splitlines()[-3:]
        return [_f(30, path, f"wacz validate -f exited {result.returncode}: {' | '.join(said)}")]
    return []


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    return json.loads(zf.read(name).decode("utf-8"))


def item31_members(path: Path, zf: zipfile.ZipFile) -> list[Finding]:
    out: list[Finding] = []
    names = set(zf.namelist())
    if not any(n.startswith("archive/") and n.endswith(".warc.gz") for n in names):
        out.append(_f(31, path, "no archive/*.warc.gz member"))
    out += [_f(31, path, "member missing", name) for name in REQUIRED if name not in names]
    if "pages/pages.jsonl" in names:
        lines = zf.read("pages/pages.jsonl").decode("utf-8", "replace").splitlines()
        try:
            head = json.loads(lines[0]) if lines else {}
        except ValueError:
            head = {}
        if not isinstance(head, dict) or head.get("format") != "json-pages-1.0":
            out.append(_f(31, path, "first line lacks \"format\": \"json-pages-1.0\"",
                          "pages/pages.jsonl"))
        for number, line in enumerate(lines[1:], 2):
            try:
                page = json.loads(line)
            except ValueError:
                page = None
            if not isinstance(page, dict) or not page.get("url") \
                    or not RFC3339.match(str(page.get("ts", ""))):
                out.append(_f(31, path, f"line {number} lacks url or an RFC 3339 ts: "
                              f"{line[:120]!r}", "pages/pages.jsonl"))
    if "datapackage.json" in names:
        try:
            package = _json(zf, "datapackage.json")
        except ValueError as exc:
            return [*out, _f(31, path, f"not JSON: {exc}", "datapackage.json")]
        if not isinstance(package, dict) or package.get("profile") != "data-package" \
                or package.get("wacz_version") != WACZ_VERSION:
            got = (package.get("profile"), package.get("wacz_version")) \
                if isinstance(package, dict) else package
            out.append(_f(31, path, f"profile/wacz_version are {got!r}, expected "
                          f"('data-package', {WACZ_VERSION!r})", "datapackage.json"))
    return out


def item32_stored(path: Path, zf: zipfile.ZipFile) -> list[Finding]:
    """WARCs and the CDX must be STORED so replay can seek into them inside the ZIP."""
    return [_f(32, path, f"compression method {info.compress_type}, not stored (0)",
               info.filename)
            for info in zf.infolist()
            if (info.filename.startswith("archive/") or (info.filename.startswith("indexes/")
                                                         and info.filename.endswith(".cdx.gz")))
            and info.compress_type != zipfile.ZIP_STORED]


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as member:
        for block in iter(lambda: member.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def item33_hashes(path: Path, zf: zipfile.ZipFile) -> list[Finding]:
    """Every datapackage resource hash, and the datapackage's own, recomputed with hashlib."""
    names = set(zf.namelist())
    if "datapackage.json" not in names:
        return [_f(33, path, "no datapackage.json to take hashes from")]
    try:
        package = _json(zf, "datapackage.json")
        resources = package["resources"]
    except (ValueError, KeyError, TypeError) as exc:
        return [_f(33, path, f"no resources list: {exc!r}", "datapackage.json")]
    out: list[Finding] = []
    for res in resources:
        member, stated = str(res.get("path", "")), str(res.get("hash", ""))
        if member not in names:
            out.append(_f(33, path, "listed in datapackage.json but not in the ZIP", member))
        elif stated != f"sha256:{_sha256(zf, member)}":
            out.append(_f(33, path, f"sha256 differs from datapackage.json's {stated}", member))
    if "datapackage-digest.json" in names:
        try:
            stated = str(_json(zf, "datapackage-digest.json").get("hash", ""))
        except (ValueError, AttributeError) as exc:
            return [*out, _f(33, path, f"unreadable: {exc!r}", "datapackage-digest.json")]
        actual = f"sha256:{_sha256(zf, 'datapackage.json')}"
        if stated != actual:
            out.append(_f(33, path, f"says datapackage.json is {stated}, it is {actual}",
                          "datapackage-digest.json"))
    return out


def check_wacz(path: Path) -> list[Finding]:
    """Checklist items 30-33 for one WACZ; an empty list means all passed."""
    path = Path(path)
    out = item30_validate(path)
    try:
        with zipfile.ZipFile(path) as zf:
            out += item31_members(path, zf) + item32_stored(path, zf) + item33_hashes(path, zf)
    except zipfile.BadZipFile as exc:
        out.append(_f(31, path, f"not a readable ZIP: {exc}"))
    return sorted(out, key=lambda f: (f.item, f.file, f.message))
