"""Benchmark 4's memory line: one big record written from a file object keeps the writer's
peak RSS small (bodies are streamed, never held whole). Measured in a subprocess, against the
same subprocess writing a 1 KB record (the interpreter and imports: the floor)."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.plan import Plan
from bench.procs import python_module, run_measured
from bench.site import page_html
from bench.stats import summarize
from bench.table import Goal, Line

logger = logging.getLogger(__name__)

GOAL_MB = 150.0
CHUNK = 1 << 20


def make_file(path: Path, size: int) -> None:
    """``size`` bytes of news HTML, written a chunk at a time (the bench holds no copy)."""
    block = b"".join(page_html(i, 100) for i in range(60))[:CHUNK]
    with path.open("wb") as fh:
        left = size
        while left > 0:
            piece = block[:min(left, CHUNK)]
            fh.write(piece)
            left -= len(piece)


def _write(source: Path, work: Path) -> tuple[float, float, dict[str, Any]]:
    out = Path(tempfile.mkdtemp(prefix="bigrec-", dir=work))
    try:
        result = run_measured(python_module("bench.big_record", str(source), str(out)),
                              timeout=900)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return result.own_peak_mb, result.wall, json.loads(result.stdout)


def run(plan: Plan, work: Path) -> list[Line]:
    small, big = work / "record-small.bin", work / "record-big.bin"
    try:
        make_file(small, 1000)
        make_file(big, plan.big_record_bytes)
        floor_rss, _, _ = _write(small, work)
        big_rss, seconds, written = _write(big, work)
    finally:
        small.unlink(missing_ok=True)
        big.unlink(missing_ok=True)
    if written["length"] != plan.big_record_bytes:
        raise RuntimeError(f"big record: {written['length']} bytes written, "
                           f"{plan.big_record_bytes} expected")
    size_mb = plan.big_record_bytes / 1e6
    return [Line("memory.big-record",
                 f"4 one {size_mb:g} MB record from a file object: peak RSS", "MB",
                 summarize([floor_rss]), summarize([big_rss]), summarize([big_rss / floor_rss]),
                 Goal("value", GOAL_MB),
                 note=f"A: the same writer process with a 1 KB record (interpreter + imports); "
                      f"B: the big record, streamed; written in {seconds:.1f} s "
                      f"({size_mb / seconds:.0f} MB/s incl. start), "
                      f"{int(written['file_bytes']):,} bytes of WARC",
                 extra={"written": written, "seconds": seconds})]
