"""A target's directory: where its passes, digest index, history, lock and watch log live."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

TARGETS_DIR = "targets"
PASSES_DIR = "passes"
PASS_FILE = "pass.json"
CAPTURE_OUTPUT = "capture-output.txt"


@dataclass(frozen=True)
class TargetDir:
    """``<output root>/targets/<name>/``::

        passes/<pass id>/     one capture run directory per pass (see docs/architecture.md)
        digests.sqlite        the digest index (payloads archived for this target)
        history.sqlite        entries, versions and passes
        lock                  held (fcntl) while a pass runs
        watch-log.jsonl       what the scheduler did, one JSON object per line
    """

    root: Path
    name: str

    @classmethod
    def under(cls, output_root: Path, name: str) -> TargetDir:
        return cls(output_root / TARGETS_DIR / name, name)

    @property
    def passes(self) -> Path:
        return self.root / PASSES_DIR

    @property
    def digests(self) -> Path:
        return self.root / "digests.sqlite"

    @property
    def history(self) -> Path:
        return self.root / "history.sqlite"

    @property
    def lock(self) -> Path:
        return self.root / "lock"

    @property
    def watch_log(self) -> Path:
        return self.root / "watch-log.jsonl"

    def pass_dir(self, pass_id: str) -> Path:
        return self.passes / pass_id

    def warcs(self) -> list[Path]:
        """Every closed WARC file of every pass, oldest pass first (the evidence set)."""
        return sorted(self.passes.glob("*/warc/*.warc.gz"))

    def new_pass_id(self, now: datetime | None = None) -> str:
        """``YYYYmmddTHHMMSSZ``, with ``-2``, ``-3`` … if a pass of that second exists."""
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        candidate, serial = stamp, 1
        while self.pass_dir(candidate).exists():
            serial += 1
            candidate = f"{stamp}-{serial}"
        return candidate


def name_for_url(url: str) -> str:
    """A target name for a bare URL: host and last path segment, plus a short hash so two
    URLs never share a directory."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    label = f"{parts.hostname or 'site'}-{segments[-1] if segments else 'index'}"
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.")[:48] or "target"
    return f"{label}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"
