"""Running ``archiver capture`` as a program (Twisted's reactor runs once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@dataclass
class CaptureRun:
    returncode: int
    stdout: str
    stderr: str
    run_dir: Path
    seconds: float

    @property
    def summary(self) -> dict[str, Any]:
        return json.loads((self.run_dir / "capture.json").read_text(encoding="utf-8"))

    @property
    def warcs(self) -> list[Path]:
        return sorted((self.run_dir / "warc").glob("*.warc.gz"))


def archiver_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "archiver.cli.main", *args]


def capture(urls: list[str], run_dir: Path, *args: str, settings: dict[str, Any] | None = None,
            timeout: float = 240) -> CaptureRun:
    cmd = archiver_cmd("capture", *urls, "-o", str(run_dir), "--json", *args)
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                         cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return CaptureRun(out.returncode, out.stdout, out.stderr, run_dir, time.monotonic() - t0)
