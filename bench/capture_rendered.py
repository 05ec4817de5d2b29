"""Benchmark 2: rendered capture of the bundled sample. A = a plain Playwright script
(bench.playwright_baseline) that records nothing; B = ``archiver capture`` recording
everything. Seconds per page, pages per minute at several concurrencies, and (benchmark 4's
memory line) a page that loads one big file."""

from __future__ import annotations

import functools
import json
import logging
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.rederive import parse_pageinfo
from archiver.sample.server import SampleServer
from archiver.warc.reader import iter_records
from bench.bigsite import BigSite
from bench.plan import Plan
from bench.procs import RunFailed, RunResult, python_module, run_measured
from bench.sample_hosts import sample_hosts
from bench.stats import Measure, alternate, summarize
from bench.table import Goal, Line

logger = logging.getLogger(__name__)

GOAL = 1.5
PAGE_TIMEOUT = 240.0


def baseline(urls: list[str], concurrency: int = 1, keep: dict[str, Any] | None = None
             ) -> Measure:
    result = run_measured(python_module("bench.playwright_baseline", *urls,
                                        "--concurrency", str(concurrency)),
                          timeout=PAGE_TIMEOUT * len(urls), sample_tree=True)
    pages = json.loads(result.stdout.strip().splitlines()[-1])["pages"]
    short = [p for p in pages if p["entries"] < 24]
    if short:
        raise RunFailed(f"baseline saw {short[0]['entries']} entries on {short[0]['url']}")
    if keep is not None:
        keep.update(phases=pages[-1]["phases"], page_seconds=round(pages[-1]["seconds"], 3))
    return _measure(result, len(pages))


def archiver(urls: list[str], work: Path, concurrency: int = 1,
             keep: dict[str, Any] | None = None) -> Measure:
    run_dir = Path(tempfile.mkdtemp(prefix="rendered-", dir=work))
    try:
        command = python_module("archiver.cli.main", "capture", *urls, "--concurrency",
                                str(concurrency), "--out", str(run_dir), "--json")
        result = run_measured(command, timeout=PAGE_TIMEOUT * len(urls), sample_tree=True)
        summary = json.loads(result.stdout)
        bad = [p for p in summary["pages"] if p["error"] or not p["entries"]]
        if bad:
            raise RunFailed(f"archiver capture: {bad[0]['url']}: {bad[0]['error']}")
        if keep is not None:
            keep.update(breakdown(run_dir, summary))
        return _measure(result, summary["counts"]["pages"])
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _measure(result: RunResult, pages: int) -> Measure:
    return {"wall": result.wall, "rss": result.own_peak_mb, "tree": result.tree_peak_mb or 0.0,
            "pages": pages}


def breakdown(run_dir: Path, summary: dict[str, Any]) -> dict[str, Any]:
    """Where B's page time went (the page-info records it wrote), and how many of its pages
    were being captured at the same moment."""
    out: dict[str, Any] = {"capture_json_duration": summary.get("duration_seconds")}
    spans: list[tuple[datetime, datetime]] = []
    for path in sorted((run_dir / "warc").glob("*.warc.gz")):
        for record in iter_records(path, types=frozenset({"metadata"})):
            if not record.target_uri.startswith("urn:pageinfo:") or not record.payload:
                continue
            info = parse_pageinfo(record.payload)
            page = info.get("page", {})
            spans.append((_when(page["started_at"]), _when(page["finished_at"])))
            out["behaviours"] = {b["name"]: b.get("seconds") for b in info["behaviour"]}
            out["page_seconds"] = round((spans[-1][1] - spans[-1][0]).total_seconds(), 3)
    out["max_pages_at_once"] = max_overlap(spans)
    return out


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def max_overlap(spans: list[tuple[datetime, datetime]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    best = now = 0
    for _, step in events:
        now += step
        best = max(best, now)
    return best


def single_page(plan: Plan, work: Path) -> list[Line]:
    seen: dict[str, Any] = {}
    seen_a: dict[str, Any] = {}
    with SampleServer(port=0) as server:
        url = server.liveblog_url
        runs = alternate(lambda: baseline([url], keep=seen_a),
                         lambda: archiver([url], work, keep=seen),
                         plan.rendered_reps, "capture-rendered")
    note = ("A: plain Playwright (consent, 'Toon meer', scroll, network quiet, screenshot); "
            "B: archiver capture; one page per process, browser start included; "
            f"last A page {seen_a.get('page_seconds')} s: {seen_a.get('phases')}; last B page "
            f"{seen.get('page_seconds')} s: {seen.get('behaviours')} (then DOM, frames, "
            "screenshot)")
    return [
        Line("rendered.wall", "2 rendered capture, sample: seconds per page", "s",
             runs.figure("a", "wall"), runs.figure("b", "wall"), runs.ratio("wall"),
             Goal("ratio", GOAL), note=note, extra={"a_breakdown": seen_a, "b_breakdown": seen}),
        Line("rendered.rss", "2 rendered capture: peak RSS, Python process", "MB",
             runs.figure("a", "rss"), runs.figure("b", "rss"), runs.ratio("rss")),
        Line("rendered.tree", "2 rendered capture: peak RSS, with browser", "MB",
             runs.figure("a", "tree"), runs.figure("b", "tree"), runs.ratio("tree"),
             note="sum of RSS over the process tree, sampled every 0.25 s (shared pages "
                  "counted in each process: an upper bound)"),
    ]


def concurrency(plan: Plan, work: Path) -> list[Line]:
    lines = []
    with sample_hosts(plan.concurrency_pages) as urls:
        for level in plan.concurrency:
            seen: dict[str, Any] = {}
            runs = alternate(functools.partial(baseline, urls, level),
                             functools.partial(archiver, urls, work, level, seen),
                             plan.concurrency_reps, f"rendered-c{level}")
            per_minute_a = [60 * m["pages"] / m["wall"] for m in runs.a]
            per_minute_b = [60 * m["pages"] / m["wall"] for m in runs.b]
            note = (f"B captured up to {seen.get('max_pages_at_once')} pages at once "
                    "(page-info start/finish times)")
            if level == plan.concurrency[0]:
                note = (f"{len(urls)} pages on {len(urls)} sample sites (127.0.0.1-{len(urls)}), "
                        "one process per run, browser start included; B/A is of wall "
                        "time. " + note)
            lines.append(Line(
                f"rendered.c{level}", f"2 rendered, concurrency {level}: pages/minute",
                "pages/min", summarize(per_minute_a), summarize(per_minute_b),
                runs.ratio("wall"), note=note, extra={"b_breakdown": seen}))
    return lines


def big_page(plan: Plan, work: Path) -> list[Line]:
    with BigSite() as site:
        url = site.page_url(plan.big_page_bytes)
        run_dir = Path(tempfile.mkdtemp(prefix="bigpage-", dir=work))
        try:
            result = run_measured(python_module("archiver.cli.main", "capture", url,
                                                "--out", str(run_dir), "--json"),
                                  timeout=600, sample_tree=True)
            summary = json.loads(result.stdout)
            warc_bytes = sum(f["bytes"] for f in summary["warc_files"])
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
    page = summary["pages"][0]
    if page.get("error"):
        raise RunFailed(f"big page: {page['error']}")
    size_mb = plan.big_page_bytes / 1e6
    return [Line("memory.big-page",
                 f"4 rendered page loading a {size_mb:g} MB file: peak RSS", "MB",
                 b=summarize([result.own_peak_mb]),
                 note=f"finished in {result.wall:.1f} s, WARC {warc_bytes / 1e6:.1f} MB, "
                      f"truncated records {summary['counts'].get('truncated')}, peak RSS with "
                      f"browser {result.tree_peak_mb or 0:.0f} MB",
                 extra={"wall": result.wall, "tree_peak_mb": result.tree_peak_mb,
                        "warc_mb": warc_bytes / 1e6, "counts": summary["counts"]})]


def run(plan: Plan, work: Path) -> list[Line]:
    return single_page(plan, work) + concurrency(plan, work)
