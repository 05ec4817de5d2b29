"""Benchmark 1: capture without a browser. A = a plain Scrapy crawl that keeps nothing;
B = ``archiver capture --no-render --no-extract`` writing WARC. Same URL list, same start."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

from bench.plan import Plan
from bench.procs import RunFailed, python_module, run_measured
from bench.site import BenchSite
from bench.stats import Measure, alternate, summarize
from bench.table import Goal, Line

logger = logging.getLogger(__name__)

GOAL = 1.15


def _baseline(urls_file: Path, timeout: float) -> Measure:
    result = run_measured(python_module("bench.scrapy_baseline", "--urls-file", str(urls_file)),
                          timeout=timeout)
    pages = json.loads(result.stdout.strip().splitlines()[-1])["pages"]
    return {"wall": result.wall, "rss": result.own_peak_mb, "pages": pages}


def _archiver(urls_file: Path, work: Path, timeout: float) -> Measure:
    run_dir = Path(tempfile.mkdtemp(prefix="raw-", dir=work))
    try:
        result = run_measured(python_module("archiver.cli.main", "capture", "--no-render",
                                            "--no-extract", "--urls-file", str(urls_file),
                                            "--out", str(run_dir), "--json"), timeout=timeout)
        summary = json.loads(result.stdout)
        warc_bytes = sum(f["bytes"] for f in summary["warc_files"])
        return {"wall": result.wall, "rss": result.own_peak_mb,
                "pages": summary["counts"]["pages"], "warc_mb": warc_bytes / 1e6}
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def run(plan: Plan, work: Path) -> list[Line]:
    timeout = 120 + plan.raw_pages * 0.5
    with BenchSite(plan.raw_pages) as site:
        urls = site.urls
        urls_file = work / "raw-urls.txt"
        urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        if plan.raw_warmup_pages:
            # Load both programs' files into the page cache before anything is timed.
            warm = work / "raw-warmup.txt"
            warm.write_text("\n".join(urls[:plan.raw_warmup_pages]) + "\n", encoding="utf-8")
            _baseline(warm, timeout)
            _archiver(warm, work, timeout)
        try:
            runs = alternate(lambda: _baseline(urls_file, timeout),
                             lambda: _archiver(urls_file, work, timeout), plan.raw_reps,
                             "capture-raw")
        except RunFailed as exc:
            return [Line("raw.wall", "1 capture, no browser: wall time", "s",
                         skipped=f"a run failed: {exc}")]
    for side in (runs.a, runs.b):
        wrong = [m["pages"] for m in side if m["pages"] != len(urls)]
        if wrong:
            raise RuntimeError(f"capture-raw: a run fetched {wrong[0]} of {len(urls)} pages")
    n = len(urls)
    rate_a = [n / m["wall"] for m in runs.a]
    rate_b = [n / m["wall"] for m in runs.b]

    return [
        Line("raw.wall", f"1 capture, no browser: {n} pages, wall time", "s",
             runs.figure("a", "wall"), runs.figure("b", "wall"), runs.ratio("wall"),
             Goal("ratio", GOAL),
             note="A: plain Scrapy, nothing kept; B: archiver capture --no-render "
                  "--no-extract (WARC); both subprocesses, same URL list, process start "
                  "included"),
        Line("raw.rate", "1 capture, no browser: pages/s", "pages/s",
             summarize(rate_a), summarize(rate_b)),
        Line("raw.rss", "1 capture, no browser: peak RSS", "MB",
             runs.figure("a", "rss"), runs.figure("b", "rss"), runs.ratio("rss"),
             extra={"warc_mb": [m["warc_mb"] for m in runs.b]}),
    ]
