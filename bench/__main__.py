"""``python -m bench`` (``./dev bench``): run the benchmarks, print one table, write the figures
with the machine's details to ``bench/results/<date>.json``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import capture_raw, capture_rendered, extraction, machine, memory, warc_writing
from bench.plan import PLANS, Plan
from bench.procs import REPO
from bench.profiling import render as render_profile
from bench.table import Line, render

logger = logging.getLogger("bench")

Runner = Callable[[Plan, Path, bool], list[Line]]

# In table order. Each name can be picked with --only.
BENCHMARKS: dict[str, Runner] = {
    "capture-raw": lambda plan, work, prof: capture_raw.run(plan, work),
    "capture-rendered": lambda plan, work, prof: capture_rendered.single_page(plan, work),
    "concurrency": lambda plan, work, prof: capture_rendered.concurrency(plan, work),
    "extraction": extraction.run,
    "warc-writing": warc_writing.run,
    "memory": lambda plan, work, prof: (memory.run(plan, work)
                                        + capture_rendered.big_page(plan, work)),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmarks: capture, extraction and WARC writing "
        "against bare Scrapy, bare Playwright, lxml and warcio (see bench/README.md).")
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes and fewer runs (a few minutes)")
    parser.add_argument("--scale", choices=sorted(PLANS),
                        help="sizes to run at (default full; --quick is --scale quick; smoke "
                             "is the test suite's tiny run)")
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS), metavar="NAME",
                        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}")
    parser.add_argument("--profile", action="store_true",
                        help="also profile B of the in-process benchmarks (extraction, WARC "
                             "writing) with cProfile and print where the time goes")
    parser.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results",
                        help="where the JSON goes (default bench/results)")
    parser.add_argument("--no-save", action="store_true", help="print the table only")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work",
                        help="scratch space: WARCs, pages, the trafilatura venv (default "
                             "bench/work, git-ignored)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every run")
    return parser


def results_name(plan: Plan, only: list[str] | None, moment: datetime) -> str:
    name = moment.strftime("%Y-%m-%d")
    if plan.scale != "full":
        name += f"-{plan.scale}"
    if only:
        name += "-only-" + "-".join(only)
    return name + ".json"


def run_all(plan: Plan, names: list[str], work: Path, with_profile: bool
            ) -> tuple[list[Line], dict[str, float]]:
    lines: list[Line] = []
    seconds: dict[str, float] = {}
    for name in names:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        try:
            lines += BENCHMARKS[name](plan, work, with_profile)
        except Exception as exc:  # one broken benchmark must not lose the others' figures
            logger.exception("benchmark %s failed", name)
            lines.append(Line(f"{name}.error", f"{name}: failed", "",
                              skipped=f"{type(exc).__name__}: {str(exc)[:400]}"))
        seconds[name] = round(time.monotonic() - started, 1)
        print(f"bench: {name} done in {seconds[name]:.0f} s", file=sys.stderr, flush=True)
    return lines, seconds


def report(plan: Plan, names: list[str], lines: list[Line], seconds: dict[str, float],
           started: datetime, machine_info: dict[str, Any]) -> dict[str, Any]:
    finished = datetime.now(UTC)
    return {
        "format": "archiver-bench/1",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "duration_seconds": round((finished - started).total_seconds(), 1),
        "seconds_per_benchmark": seconds,
        "scale": plan.scale,
        "benchmarks": names,
        "plan": asdict(plan),
        "machine": machine_info,
        "machine_load_average_at_end": machine.load_average(),
        "lines": [line.as_dict() for line in lines],
        "table": render(lines),
    }


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s: %(message)s")
    plan = PLANS[args.scale or ("quick" if args.quick else "full")]
    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    machine_info = machine.describe(REPO)
    lines, seconds = run_all(plan, names, args.work, args.profile)
    result = report(plan, names, lines, seconds, started, machine_info)
    print()
    print(result["table"])
    for line in lines:
        if line.extra.get("profile"):
            print()
            print(render_profile(line.key, line.extra["profile"]))
    cpu = machine_info["cpu_model"]
    print(f"\n{plan.scale} run, {result['duration_seconds']:.0f} s on {cpu}, "
          f"{machine_info['cores']} cores; load average {machine_info['load_average_at_start']}"
          f" at start, {result['machine_load_average_at_end']} at end")
    if not args.no_save:
        args.results_dir.mkdir(parents=True, exist_ok=True)
        path = args.results_dir / results_name(plan, args.only, started)
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"figures written to {path}")
    return 1 if any(line.key.endswith(".error") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
