"""The custody log: append-only JSON lines, one per step (capture, package, report, verify).

Each line records the action, UTC time, actor, host, tool version, the host's clock-sync
status and the sha256 of the files the step touched, plus ``prev``: the sha256 of the
previous line, so that an edited or removed line breaks the chain for anyone who checks.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archiver import SOFTWARE_NAME, __version__

logger = logging.getLogger(__name__)

NAME = "custody.jsonl"
FORMAT = "archiver-custody/1"
GENESIS = "sha256:" + "0" * 64


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def default_actor() -> str:
    return os.environ.get("ARCHIVER_OPERATOR") or os_user()


def clock_sync() -> str:
    # Imported here: the warcinfo module pulls in the WARC layer, which a reader of
    # custody logs alone does not need.
    from archiver.warc.warcinfo import clock_sync_status
    return clock_sync_status()


def _line_hash(line: bytes) -> str:
    return "sha256:" + hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def _lines(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if line.strip()]


def read_lines(path: Path) -> list[bytes]:
    return _lines(_read(path))


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The entries that parse (use :func:`check_chain` to learn about the rest)."""
    out = []
    for line in read_lines(path):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def append(path: Path, action: str, files: Mapping[str, str], *, actor: str | None = None,
           details: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Append one entry (``files``: relative path -> sha256 hex) and return it."""
    before = _read(path)
    lines = _lines(before)
    entry: dict[str, Any] = {
        "format": FORMAT,
        "seq": len(lines) + 1,
        "action": action,
        "time": utc_now(),
        "actor": actor or default_actor(),
        "os_user": os_user(),
        "host": socket.gethostname(),
        "tool": f"{SOFTWARE_NAME}/{__version__}",
        "clock_sync": clock_sync(),
        "files": dict(sorted(files.items())),
        "details": dict(details or {}),
        "prev": _line_hash(lines[-1]) if lines else GENESIS,
    }
    data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: the line lands at the end even if another process appends at the same time.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        if lines and not before.endswith(b"\n"):
            data = b"\n" + data
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


@dataclass
class ChainCheck:
    entries: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_chain(path: Path) -> ChainCheck:
    """Every line parses and names the hash of the line before it."""
    return check_chain_bytes(_read(path), path.name)


def check_chain_bytes(data: bytes, name: str) -> ChainCheck:
    check = ChainCheck()
    previous = GENESIS
    for number, line in enumerate(_lines(data), 1):
        try:
            entry = json.loads(line)
        except ValueError:
            check.problems.append(f"{name} line {number} is not JSON")
            previous = _line_hash(line)
            continue
        if not isinstance(entry, dict):
            check.problems.append(f"{name} line {number} is not an object")
        elif not _well_formed(entry):
            # The last line has no successor holding its hash: its shape is checked here so
            # that no reader of the entries trips on it.
            check.problems.append(f"{name} line {number} is not a custody entry (seq must be "
                                  "a number, files must map names to sha256 hashes)")
        elif entry.get("prev") != previous:
            check.problems.append(f"{name} line {number} ({entry.get('action')}): the "
                                  "chain is broken (a line before it was changed or removed)")
            check.entries.append(entry)
        else:
            check.entries.append(entry)
        previous = _line_hash(line)
    return check


def _well_formed(entry: dict[str, Any]) -> bool:
    seq, files = entry.get("seq"), entry.get("files")
    return (seq is None or (isinstance(seq, int) and not isinstance(seq, bool))) and \
        (files is None or (isinstance(files, dict) and
                           all(isinstance(v, str) for v in files.values())))


def latest_hashes(entries: list[dict[str, Any]]) -> dict[str, tuple[str, int]]:
    """File -> (sha256, line number) as last recorded."""
    found: dict[str, tuple[str, int]] = {}
    for number, entry in enumerate(entries, 1):
        for name, digest in (entry.get("files") or {}).items():
            found[str(name)] = (str(digest), int(entry.get("seq") or number))
    return found
