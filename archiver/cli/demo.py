"""``archiver demo``: serve the bundled sample liveblog on 127.0.0.1 and capture it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.summary import show_summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-root", type=Path, default=Path("output"),
                        help="where the run directory goes (default: ./output)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--no-render", action="store_true",
                        help="capture without a browser (shows what is then missed)")


def run(args: argparse.Namespace) -> int:
    from archiver.cli.capture import run_capture
    from archiver.sample.server import SampleServer
    from archiver.scrapy.archive_extension import default_run_dir

    run_dir = default_run_dir(args.output_root, "demo")
    overrides: dict[str, object] = {"ARCHIVER_RUN_DIR": str(run_dir),
                                    "ARCHIVER_OPERATOR": "archiver demo"}
    if args.no_render:
        overrides["ARCHIVER_RENDER"] = False
    with SampleServer(port=0) as server:
        print(f"Serving the sample liveblog at {server.liveblog_url}", file=sys.stderr)
        summary, code = run_capture([server.liveblog_url], overrides, verbose=args.verbose)
    if summary is None:
        return code
    show_summary(summary, args.json, sys.stdout)
    return code
