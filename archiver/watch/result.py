"""The outcome of one pass (what the scheduler, the display, the CLI and ``pass.json`` get),
and how it is read from what the capture left: ``capture.json`` and its printed output."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from archiver.watch.layout import CAPTURE_OUTPUT

# Besides the history's statuses (ok, failed, interrupted, error): the pass did not run.
BUSY, STOPPED = "busy", "stopped"


@dataclass
class PassResult:
    target: str
    status: str                       # ok | failed | interrupted | error | busy | stopped
    pass_id: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float = 0.0
    exit_code: int | None = None
    entries: int = 0
    new: int = 0
    edited: int = 0
    unchanged: int = 0
    deleted: int = 0
    closed: bool = False
    warc_bytes: int = 0
    error: str | None = None
    withheld: str | None = None
    dedup_error: str | None = None    # the digest index was unusable: no revisits this pass
    run_dir: str | None = None
    stop_reason: str | None = None    # a stop rule that holds after this pass
    deadline: str | None = None       # the time limit, when there is one
    history: str | None = None        # committed | discarded (the entry changes)
    recovered: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.edited or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def error_of(summary: dict[str, Any] | None, code: int, run_dir: Path) -> str | None:
    if summary is not None:
        errors = [f"{p.get('url')}: {p['error']}" for p in summary.get("pages", [])
                  if p.get("error")]
        if summary.get("fatal_error"):
            errors.insert(0, str(summary["fatal_error"]))
        if errors:
            return "; ".join(errors)
        return None if code == 0 else f"the capture exited with code {code}"
    if code < 0:
        return f"the capture was killed (signal {-code})"
    tail = _last_line(run_dir / CAPTURE_OUTPUT)
    return f"the capture exited with code {code}" + (f": {tail}" if tail else "")


def _last_line(path: Path) -> str:
    try:
        lines = [line.strip() for line in path.read_text("utf-8", "replace").splitlines()
                 if line.strip().startswith("archiver:")]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""
