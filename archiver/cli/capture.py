"""``archiver capture``: capture liveblog pages into a run directory (WARC + entries)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from archiver.cli.exitcodes import (
    EXIT_CAPTURE_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NO_BROWSER,
    EXIT_OK,
    EXIT_OUTPUT_ERROR,
    EXIT_USAGE,
)
from archiver.cli.summary import show_summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="page(s) to capture")
    parser.add_argument("-i", "--urls-file", type=Path,
                        help="a file of URLs, one per line (# comments allowed)")
    parser.add_argument("-o", "--out", type=Path,
                        help="run directory (default: OUTPUT_ROOT/<UTC time>-capture)")
    parser.add_argument("--output-root", type=Path, help="where run directories go "
                        "(default: ./output)")
    parser.add_argument("--profile", help="site profile to use (default: detect)")
    parser.add_argument("--json", action="store_true",
                        help="print a machine-readable summary at the end")
    parser.add_argument("--no-render", action="store_true",
                        help="record through Scrapy's downloader, no browser (bytes as sent)")
    parser.add_argument("--no-extract", action="store_true",
                        help="archive only; do not extract entries")
    parser.add_argument("--follow", action="store_true",
                        help="with --no-render: also capture same-host links")
    parser.add_argument("--obey-robots", action="store_true",
                        help="obey robots.txt (default off: one page captured as evidence)")
    parser.add_argument("--operator", help="who runs the capture (warcinfo operator)")
    parser.add_argument("--concurrency", type=int, help="pages captured at the same time")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="any Scrapy or ARCHIVER_* setting (repeatable)")
    parser.add_argument("--targets", type=Path, metavar="FILE",
                        help="a watch targets file (TOML): with --target, run one pass of "
                        "that target (for cron and systemd timers; see docs/watch.md)")
    parser.add_argument("--target", metavar="NAME", help="the target of --targets to capture")
    parser.add_argument("--force", action="store_true",
                        help="with --targets: capture even when a stop rule says the target "
                        "is done")


def settings_from_args(args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"--set needs NAME=VALUE, got {item!r}")
        values[name] = value
    if args.out:
        values["ARCHIVER_RUN_DIR"] = str(args.out)
    if args.output_root:
        values["ARCHIVER_OUTPUT_ROOT"] = str(args.output_root)
    if args.no_render:
        values["ARCHIVER_RENDER"] = False
    if args.no_extract:
        values["ARCHIVER_EXTRACT"] = False
    if args.follow:
        values["ARCHIVER_FOLLOW_LINKS"] = True
    if args.obey_robots:
        values["ARCHIVER_ROBOTS_OBEY"] = True
    if args.operator:
        values["ARCHIVER_OPERATOR"] = args.operator
    if args.profile:
        values["ARCHIVER_PROFILE"] = args.profile
    if args.concurrency:
        values["CONCURRENT_REQUESTS"] = args.concurrency
    return values


def _overrides(args: argparse.Namespace) -> dict[str, Any] | None:
    try:
        return settings_from_args(args)
    except ValueError as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    if args.targets or args.target:
        return run_targets(args)
    urls = list(args.urls)
    if args.urls_file:
        from spiders.liveblog import read_url_list

        try:
            urls += read_url_list(args.urls_file.read_text(encoding="utf-8"))
        except OSError as exc:
            print(f"archiver: cannot read {args.urls_file}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    if not urls:
        print("archiver: give at least one URL (or --urls-file)", file=sys.stderr)
        return EXIT_USAGE
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        print(f"archiver: not an http(s) URL: {bad[0]}", file=sys.stderr)
        return EXIT_USAGE
    overrides = _overrides(args)
    if overrides is None:
        return EXIT_USAGE
    summary, code = run_capture(urls, overrides, profile=args.profile,
                                verbose=args.verbose)
    if summary is not None:
        for page in summary.get("pages", []):
            if page.get("error"):
                print(f"archiver: FAILED {page['url']}: {page['error']}", file=sys.stderr)
        if summary.get("fatal_error"):
            print(f"archiver: {summary['fatal_error']}", file=sys.stderr)
        show_summary(summary, args.json, sys.stdout)
    return code


def run_targets(args: argparse.Namespace) -> int:
    """``--targets FILE --target NAME``: one pass of a watch target (archiver.cli.targetpass)."""
    from archiver.cli.targetpass import run_target_pass

    if not (args.targets and args.target):
        print("archiver: --targets FILE and --target NAME go together", file=sys.stderr)
        return EXIT_USAGE
    if args.urls or args.urls_file or args.out:
        print("archiver: with --targets the URL and the output directory come from the "
              "targets file (use --output-root to move the targets)", file=sys.stderr)
        return EXIT_USAGE
    overrides = _overrides(args)
    if overrides is None:
        return EXIT_USAGE
    overrides.pop("ARCHIVER_OUTPUT_ROOT", None)
    settings = [(name, str(value)) for name, value in overrides.items()]
    return run_target_pass(args.targets, args.target, root=args.output_root,
                           settings=settings, force=args.force, as_json=args.json)


def run_capture(urls: list[str], overrides: dict[str, Any], profile: str | None = None,
                verbose: int = 0) -> tuple[dict[str, Any] | None, int]:
    """Run one crawl in this process (once per process: Twisted's reactor cannot restart)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from archiver.browser import BrowserNotFound, find_chromium
    from archiver.config import ArchiverConfig, ConfigError
    from archiver.runinfo import ensure_writable_dir
    from archiver.scrapy.archive_extension import ArchiveExtension, default_run_dir

    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    settings.set("LOG_LEVEL", ["WARNING", "INFO", "DEBUG"][min(verbose, 2)], priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    try:
        config = ArchiverConfig.from_settings(settings)
        if config.render and find_chromium(config.chromium) is None:
            raise BrowserNotFound("no Chromium found")
    except ConfigError as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return None, EXIT_USAGE
    except BrowserNotFound as exc:
        print(f"archiver: {exc}. Install one: `archiver browser --install` (as root: "
              "apt-get install -y chromium; otherwise python -m playwright install chromium), "
              "or set ARCHIVER_CHROMIUM.", file=sys.stderr)
        return None, EXIT_NO_BROWSER
    if config.run_dir is None:
        settings.set("ARCHIVER_RUN_DIR", str(default_run_dir(config.output_root)),
                     priority="cmdline")
    run_dir = Path(settings.get("ARCHIVER_RUN_DIR"))
    try:
        ensure_writable_dir(run_dir)
    except OSError as exc:
        print(f"archiver: cannot write to {run_dir}: {exc.strerror or exc}", file=sys.stderr)
        return None, EXIT_OUTPUT_ERROR

    # Scrapy owns logging during a crawl (LOG_LEVEL above); drop the CLI's own handler.
    logging.getLogger().handlers.clear()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("liveblog")
    kwargs: dict[str, Any] = {"url": ",".join(urls)}
    if profile:
        kwargs["profile"] = profile
    process.crawl(crawler, **kwargs)
    process.start()
    ext = crawler.get_extension(ArchiveExtension) if crawler.extensions else None
    summary = ext.summary if ext is not None else None
    if summary is None:
        print(f"archiver: the capture did not run (see the log above); run directory "
              f"{run_dir}", file=sys.stderr)
        return None, EXIT_CAPTURE_FAILED
    return summary, exit_code(summary)


def exit_code(summary: dict[str, Any]) -> int:
    if summary.get("fatal_error"):
        return EXIT_OUTPUT_ERROR
    if summary.get("finish_reason") == "shutdown":
        return EXIT_INTERRUPTED
    counts = summary.get("counts", {})
    if counts.get("pages_failed") or counts.get("pages", 0) == 0:
        return EXIT_CAPTURE_FAILED
    return EXIT_OK
