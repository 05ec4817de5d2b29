"""SHA256SUMS: the hash manifest in the format ``sha256sum -c`` reads, written and checked."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from archiver.runinfo import sha256_file

logger = logging.getLogger(__name__)

NAME = "SHA256SUMS"
HEX_DIGITS = frozenset("0123456789abcdef")


def _escape(name: str) -> tuple[str, str]:
    """GNU coreutils escaping: a leading backslash marks a name with \\ or newline in it."""
    if "\\" in name or "\n" in name or "\r" in name:
        return "\\", name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return "", name


def _unescape(name: str) -> str:
    out, i = [], 0
    while i < len(name):
        if name[i] == "\\" and i + 1 < len(name):
            out.append({"n": "\n", "r": "\r", "\\": "\\"}.get(name[i + 1], name[i + 1]))
            i += 2
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def format_sums(entries: Mapping[str, str]) -> str:
    """Lines ``<hex>  <relative path>``, sorted by path (text mode, as sha256sum prints)."""
    lines = []
    for name in sorted(entries):
        prefix, shown = _escape(name)
        lines.append(f"{prefix}{entries[name]}  {shown}\n")
    return "".join(lines)


def parse_sums(text: str) -> dict[str, str]:
    """Path -> hex digest. Raises ValueError naming the first line that is not a sum line."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        body = line[1:] if escaped else line
        digest, sep, name = body.partition(" ")
        if not sep or len(digest) != 64 or not set(digest.lower()) <= HEX_DIGITS \
                or not name or name[0] not in " *":
            raise ValueError(f"{NAME} line {number} is not '<sha256>  <file>': {line[:100]!r}")
        name = name[1:]
        found[_unescape(name) if escaped else name] = digest.lower()
    return found


def read_sums(directory: Path) -> dict[str, str] | None:
    """The manifest of ``directory``, or None when there is none."""
    path = directory / NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_sums(text)


def write_sums(directory: Path, entries: Mapping[str, str]) -> Path:
    path = directory / NAME
    tmp = path.with_name(NAME + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(format_sums(entries))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def relative_name(directory: Path, path: Path) -> str:
    return path.resolve().relative_to(directory.resolve()).as_posix()


def hash_files(directory: Path, paths: Iterable[Path]) -> dict[str, str]:
    return {relative_name(directory, p): sha256_file(p) for p in paths}


def add_files(directory: Path, paths: Iterable[Path], replace: bool = True) -> dict[str, str]:
    """Add (or with ``replace``, update) lines for ``paths``; other lines are kept as they are.

    Returns the hashes of ``paths`` as now recorded. With ``replace=False`` a recorded hash
    that differs from the file is left alone and logged: the manifest never forgets.
    """
    current = read_sums(directory) or {}
    added = hash_files(directory, paths)
    for name, digest in added.items():
        old = current.get(name)
        if old and old != digest and not replace:
            logger.error("%s: %s already recorded with sha256 %s, the file now has %s; "
                         "keeping the recorded hash", directory / NAME, name, old, digest)
            added[name] = old
            continue
        current[name] = digest
    write_sums(directory, current)
    return added


@dataclass(frozen=True)
class SumResult:
    name: str
    expected: str
    actual: str | None      # None: the file is missing

    @property
    def ok(self) -> bool:
        return self.actual == self.expected


def check_sums(directory: Path, hashed: Mapping[str, str] | None = None
               ) -> list[SumResult] | None:
    """Every manifest line checked against the file (None when there is no manifest).
    ``hashed``: files (relative name -> sha256 hex) the caller has hashed already."""
    entries = read_sums(directory)
    if entries is None:
        return None
    known = hashed or {}
    results = []
    for name, expected in entries.items():
        path = directory / name
        actual = (known.get(name) or sha256_file(path)) if path.is_file() else None
        results.append(SumResult(name, expected, actual))
    return results
