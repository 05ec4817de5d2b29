"""Edited copies of a WACZ for checklist item 34: members replaced, dropped or re-compressed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

Edit = Callable[[bytes], bytes]


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _rehash(members: dict[str, bytes], edited: set[str]) -> None:
    """Make datapackage.json's hashes and sizes, and datapackage-digest.json, agree with the
    edited members, so only the edit itself is wrong and not the hash chain."""
    package = json.loads(members["datapackage.json"])
    for res in package.get("resources", []):
        if res.get("path") in edited and res["path"] in members:
            res["hash"] = _sha256(members[res["path"]])
            res["bytes"] = len(members[res["path"]])
    if edited - {"datapackage.json"}:
        members["datapackage.json"] = json.dumps(package, indent=2).encode()
    if "datapackage-digest.json" in members:
        digest_doc = json.loads(members["datapackage-digest.json"])
        digest_doc["hash"] = _sha256(members["datapackage.json"])
        members["datapackage-digest.json"] = json.dumps(digest_doc, indent=2).encode()


def rewrite_wacz(src: Path, dst: Path, *, edit: Mapping[str, Edit] | None = None,
                 drop: tuple[str, ...] = (), compress: Mapping[str, int] | None = None,
                 rehash: bool = False) -> Path:
    """Copy ``src`` to ``dst`` member by member, in order, each with its own compression
    method unless ``compress`` says otherwise (STORED stays STORED, so only the edit differs).

    With ``rehash`` the datapackage hashes are brought in line with the edits.
    """
    edit = edit or {}
    compress = compress or {}
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        members = {info.filename: zin.read(info) for info in infos}
    missing = (set(edit) | set(drop) | set(compress)) - set(members)
    if missing:
        raise KeyError(f"{src} has no member(s) {sorted(missing)}")
    for name, change in edit.items():
        members[name] = change(members[name])
    if rehash:
        _rehash(members, set(edit))
    with zipfile.ZipFile(dst, "w") as zout:
        for info in infos:
            if info.filename in drop:
                continue
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = compress.get(info.filename, info.compress_type)
            copy.external_attr = info.external_attr
            zout.writestr(copy, members[info.filename])
    return dst


def flip_byte(index: int | None = None, mask: int = 0x01) -> Edit:
    """An edit that XORs one byte (the middle one by default)."""
    def apply(data: bytes) -> bytes:
        where = len(data) // 2 if index is None else index
        return data[:where] + bytes([data[where] ^ mask]) + data[where + 1:]
    return apply


def edit_json(change: Callable[[dict[str, object]], None]) -> Edit:
    """An edit that loads a JSON member, lets ``change`` modify it, and writes it back."""
    def apply(data: bytes) -> bytes:
        value = json.loads(data)
        change(value)
        return json.dumps(value, indent=2).encode()
    return apply


def replace_bytes(old: bytes, new: bytes) -> Edit:
    def apply(data: bytes) -> bytes:
        if old not in data:
            raise ValueError(f"{old!r} not in member")
        return data.replace(old, new)
    return apply
