"""Benchmark 3: extraction of a generated N-entry liveblog page in the sample's markup.
A = ``lxml.html.fromstring`` of the bytes (the parse floor); B = ``extract_entries``; and, for
reference, trafilatura's ``bare_extraction`` from a venv of its own under bench/work/."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import lxml.html

from archiver.extract import PageSnapshot, extract_entries
from bench.liveblog_page import generate, page_url
from bench.plan import Plan
from bench.profiling import profile
from bench.stats import Measure, alternate, summarize
from bench.table import Goal, Line

logger = logging.getLogger(__name__)

GOAL = 4.0
TRAFILATURA_PACKAGES = ("trafilatura", "lxml_html_clean")


def _floor(html: bytes, reps: int) -> Measure:
    started = time.perf_counter()
    for _ in range(reps):
        lxml.html.fromstring(html)
    return {"seconds": (time.perf_counter() - started) / reps}


def _ours(html: bytes, url: str, expected: int) -> Measure:
    snap = PageSnapshot(url=url, html=html, captured_at=datetime.now(UTC),
                        content_type="text/html; charset=utf-8")
    started = time.perf_counter()
    result = extract_entries(snap)
    seconds = time.perf_counter() - started
    if len(result.entries) != expected:
        raise RuntimeError(f"extraction found {len(result.entries)} of {expected} entries")
    return {"seconds": seconds}


def trafilatura_python(work: Path, install: bool) -> tuple[Path | None, str]:
    """The venv's interpreter, made on first use when ``install``; else why there is none."""
    venv = work / "trafilatura-venv"
    python = venv / "bin" / "python"
    ready = venv / ".ready"
    if ready.exists() and python.exists():
        return python, ""
    if not install:
        return None, f"no venv at {venv} (a full or --quick run installs it)"
    logger.info("installing trafilatura into %s (once)", venv)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                       capture_output=True, timeout=300)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        *TRAFILATURA_PACKAGES], check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        return None, f"could not install trafilatura: {exc} {detail[-300:]!r}"
    ready.write_text("ok\n", encoding="ascii")
    return python, ""


def _trafilatura(work: Path, plan: Plan, page: Path, url: str, floor: float) -> Line:
    label = "3 extraction: trafilatura bare_extraction"
    python, why = trafilatura_python(work, plan.install_trafilatura)
    if python is None:
        return Line("extract.trafilatura", label, "s", skipped=why)
    done = subprocess.run([str(python), str(Path(__file__).with_name("trafilatura_ref.py")),
                           str(page), url, str(plan.extract_reps)], capture_output=True,
                          text=True, timeout=900, check=False)
    if done.returncode != 0:
        return Line("extract.trafilatura", label, "s",
                    skipped=f"it failed: {done.stderr.strip()[-300:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = summarize(found["seconds"])
    return Line("extract.trafilatura", label, "s", summarize([floor]), seconds,
                summarize([s / floor for s in found["seconds"]]),
                note=f"reference only: trafilatura {found['version']} keeps one text per page "
                     f"({found['text_chars']:,} characters here); own venv, not a project "
                     "dependency; B/A is over the median lxml parse",
                extra={"version": found["version"]})


def run(plan: Plan, work: Path, with_profile: bool = False) -> list[Line]:
    html = generate(plan.entries)
    url = page_url()
    page = work / "extract-page.html"
    page.write_bytes(html)
    n = plan.entries
    runs = alternate(lambda: _floor(html, plan.floor_reps), lambda: _ours(html, url, n),
                     plan.extract_reps, "extraction")
    a, b = runs.figure("a", "seconds"), runs.figure("b", "seconds")
    wall = Line("extract.time", f"3 extraction: {n} entries, {len(html) / 1e6:.1f} MB page",
                "s", a, b, runs.ratio("seconds"), Goal("ratio", GOAL),
                note=f"A: lxml.html.fromstring (mean of {plan.floor_reps} per run); "
                     "B: archiver.extract.extract_entries; in this process")
    if with_profile:
        wall.extra["profile"] = profile(lambda: _ours(html, url, n))
    rate = Line("extract.rate", "3 extraction: entries/s", "entries/s",
                summarize([n / m["seconds"] for m in runs.a]),
                summarize([n / m["seconds"] for m in runs.b]))
    return [wall, rate, _trafilatura(work, plan, page, url, a.median)]
