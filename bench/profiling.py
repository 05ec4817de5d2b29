"""``--profile``: one more run of an in-process B under cProfile; the functions that took the
time go into the results (and under the table), so a goal not met comes with its evidence."""

from __future__ import annotations

import cProfile
import io
import pstats
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOP = 15


def profile(run: Callable[[], Any], top: int = TOP) -> list[dict[str, Any]]:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        run()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in entries.items():
        rows.append({"function": f"{_short(filename)}:{line}({name})", "calls": calls,
                     "tottime": round(tottime, 4), "cumtime": round(cumtime, 4)})
    rows.sort(key=lambda r: r["tottime"], reverse=True)
    return rows[:top]


def _short(filename: str) -> str:
    """Paths relative to the repository, site-packages or the standard library."""
    repo = str(Path(__file__).resolve().parent.parent) + "/"
    if filename.startswith(repo):
        return filename[len(repo):]
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1]
    match = re.search(r"/lib/python3\.\d+/(.*)$", filename)
    return match.group(1) if match else filename


def render(key: str, rows: list[dict[str, Any]]) -> str:
    lines = [f"profile of B, {key} (cProfile, by own time):",
             f"  {'own s':>8} {'cum s':>8} {'calls':>9}  function"]
    for r in rows:
        lines.append(f"  {r['tottime']:8.3f} {r['cumtime']:8.3f} {r['calls']:9d}  {r['function']}")
    return "\n".join(lines)
