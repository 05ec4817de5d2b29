"""``verify`` for any path: a capture directory, a WARC or a WACZ; lines and a verdict."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from archiver.evidence import rundir
from archiver.evidence.dircheck import check_run_dir, check_sums_for, check_warc_file
from archiver.evidence.outcome import CANNOT_CHECK, OK, TAMPERED, Outcome
from archiver.evidence.waczcheck import Trust, check_wacz

VERDICT_TEXT = {
    OK: "VERIFIED: every check holds; nothing changed since it was recorded",
    TAMPERED: "TAMPERED: something differs from what was recorded (see FAIL lines)",
    CANNOT_CHECK: "CANNOT CHECK: something needed for a check is missing or unreadable "
                  "(see ???? lines); no difference was found in what could be checked",
}


@dataclass
class Verification:
    path: Path
    kind: str            # "capture", "wacz", "warc", "missing", "unknown"
    outcome: Outcome
    seconds: float
    hashes: dict[str, str] | None = None   # a capture's deliverables as hashed by the check

    @property
    def verdict(self) -> str:
        return self.outcome.verdict

    def report(self) -> str:
        lines = [f"Verifying {self.kind} {self.path}", *self.outcome.lines(),
                 VERDICT_TEXT[self.verdict]]
        return "\n".join(lines) + "\n"


def kind_of(path: Path) -> str:
    if rundir.is_run_dir(path):
        return "capture"
    if path.is_file():
        name = path.name.lower()
        if name.endswith(".wacz"):
            return "wacz"
        if name.endswith((".warc", ".warc.gz")):
            return "warc"
        with path.open("rb") as fh:
            head = fh.read(4)
        if head == b"PK\x03\x04":
            return "wacz"
        if head[:2] == b"\x1f\x8b" or head == b"WARC":
            return "warc"
        return "unknown"
    return "missing" if not path.exists() else "unknown"


def verify_path(path: Path, trust: Trust | None = None) -> Verification:
    started = time.monotonic()
    kind = kind_of(path)
    out = Outcome()
    hashes = None
    if kind == "capture":
        out, hashes = check_run_dir(path, trust)
    elif kind == "wacz":
        out = check_wacz(path, trust)
    elif kind == "warc":
        report = check_warc_file(path)
        out = report.outcome
        out.extend(check_sums_for(path, report.sha256))
    elif kind == "missing":
        out.cannot(f"{path}: no such file or directory")
    else:
        out.cannot(f"{path}: not a capture directory, WARC or WACZ")
    return Verification(path, kind, out, time.monotonic() - started, hashes)
