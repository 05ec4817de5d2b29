"""``archiver watch``: re-capture liveblogs at their interval until a stop rule holds."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.exitcodes import EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_USAGE
from archiver.cli.targetpass import forwarding_signals, output_root
from archiver.watch.durations import parse_duration
from archiver.watch.layout import name_for_url
from archiver.watch.passrun import OutputError, PassRunner
from archiver.watch.progress import LiveProgress, PlainProgress
from archiver.watch.scheduler import Scheduler
from archiver.watch.stoprules import StopRules
from archiver.watch.targets import (
    NAME,
    Target,
    TargetsError,
    TargetsFile,
    load_targets,
    parse_until,
)

DEFAULT_PARALLEL = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", metavar="URL", help="the liveblog to watch")
    parser.add_argument("--targets", type=Path, metavar="FILE",
                        help="watch the targets of this TOML file (see docs/watch.md)")
    parser.add_argument("--target", action="append", default=[], metavar="NAME",
                        help="with --targets: only this target (repeatable)")
    parser.add_argument("--every", metavar="DURATION", help="interval between passes "
                        "(90s, 5m, 1h); needed with URL")
    parser.add_argument("--until", metavar="DURATION|TIME",
                        help="stop this long after the first pass (6h), or at a time "
                        "(2026-11-27T06:00:00Z)")
    parser.add_argument("--stop-after-idle", type=int, metavar="N",
                        help="stop after N passes in a row without change")
    parser.add_argument("--no-stop-on-close", action="store_true",
                        help="keep watching after the liveblog says it is closed")
    parser.add_argument("--retry", metavar="DURATION",
                        help="after a failed pass, try again this soon (default: --every)")
    parser.add_argument("--name", help="target name for URL (default: from the URL)")
    parser.add_argument("--profile", help="site profile for URL (default: detect)")
    parser.add_argument("--output-root", type=Path,
                        help="where targets/<name>/ go (default: the targets file's "
                        "output_root, else ./output)")
    parser.add_argument("--max-parallel", type=int, metavar="N",
                        help=f"passes running at once (default {DEFAULT_PARALLEL})")
    parser.add_argument("--force", action="store_true",
                        help="capture targets even when a stop rule already holds")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy or ARCHIVER_* setting for every capture (repeatable)")


def _url_target(args: argparse.Namespace) -> Target:
    if not args.url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {args.url}")
    if not args.every:
        raise ValueError("give the interval: --every 5m")
    name = args.name or name_for_url(args.url)
    if not NAME.match(name):
        raise ValueError(f"--name: letters, digits, '.', '_' or '-' (got {name!r})")
    if args.stop_after_idle is not None and args.stop_after_idle < 1:
        raise ValueError("--stop-after-idle must be at least 1")
    until = None
    if args.until:
        try:
            until = parse_until(args.until)
        except TargetsError as exc:
            raise ValueError(f"--{exc.message}") from None
    every = parse_duration(args.every)
    retry = parse_duration(args.retry) if args.retry else None
    stop = StopRules(not args.no_stop_on_close, args.stop_after_idle, until)
    return Target(name, args.url, every, args.profile, retry, stop)


def _targets(args: argparse.Namespace) -> tuple[list[Target], TargetsFile | None]:
    if args.url and args.targets:
        raise ValueError("give a URL or --targets FILE, not both")
    if args.url:
        if args.target:
            raise ValueError("--target goes with --targets")
        return [_url_target(args)], None
    if not args.targets:
        raise ValueError("give a URL (with --every) or --targets FILE")
    rules = ("every", "until", "stop_after_idle", "retry", "name", "profile")
    given = [r for r in rules if getattr(args, r) is not None] + \
        (["no_stop_on_close"] if args.no_stop_on_close else [])
    if given:
        raise ValueError(f"--{given[0].replace('_', '-')} goes with URL; a targets file "
                         "says it per target")
    tfile = load_targets(args.targets)
    targets = [tfile.get(n) for n in args.target] if args.target else list(tfile.targets)
    return targets, tfile


def _settings(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--set needs NAME=VALUE, got {item!r}")
        out.append((name.strip(), value))
    return out


def run(args: argparse.Namespace) -> int:
    try:
        targets, tfile = _targets(args)
        settings = _settings(args.set)
        if args.max_parallel is not None and args.max_parallel < 1:
            raise ValueError("--max-parallel must be at least 1")
    except ValueError as exc:          # TargetsError and DurationError are ValueErrors
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    runner = PassRunner(output_root(tfile, args.output_root), extra_settings=settings,
                        force=args.force)
    try:
        for target in targets:
            runner.prepare(target)
    except OutputError as exc:
        print(f"archiver: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    parallel = args.max_parallel or (tfile.max_parallel if tfile else None) or DEFAULT_PARALLEL
    progress = LiveProgress(sys.stdout) if sys.stdout.isatty() else PlainProgress(sys.stdout)
    scheduler = Scheduler(targets, runner, progress, max_parallel=parallel)
    try:
        with forwarding_signals(scheduler.stop):
            outcome = scheduler.run()
    finally:
        progress.close()
    stopped = ", ".join(f"{name}: {reason}" for name, reason in sorted(outcome.stopped.items()))
    print(f"watch over: {outcome.passes} passes" + (f"; stopped {stopped}" if stopped else ""))
    if outcome.interrupted:
        return EXIT_INTERRUPTED
    if outcome.errors:
        for name, error in sorted(outcome.errors.items()):
            print(f"archiver: {name}: {error}", file=sys.stderr)
        codes = set(outcome.exit_codes.values())
        return EXIT_OUTPUT_ERROR if EXIT_OUTPUT_ERROR in codes or not codes else min(codes)
    return EXIT_OK
