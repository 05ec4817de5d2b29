"""``archiver report``: the human-readable capture report (HTML, and PDF with --pdf)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.exitcodes import (
    EXIT_FAILURE,
    EXIT_NO_BROWSER,
    EXIT_OK,
    EXIT_OUTPUT_ERROR,
    EXIT_USAGE,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path, metavar="CAPTURE", help="capture run directory")
    parser.add_argument("-o", "--output", type=Path,
                        help="HTML file to write (default: CAPTURE/report.html)")
    parser.add_argument("--pdf", nargs="?", const=True, default=None, metavar="FILE.pdf",
                        help="also print it to PDF with Chromium (default: CAPTURE/report.pdf)")
    parser.add_argument("--timezone", metavar="ZONE",
                        help="local times in this zone, e.g. Europe/Amsterdam (default: this "
                             "computer's)")
    parser.add_argument("--actor", help="who makes the report (custody log)")
    parser.add_argument("--no-log", action="store_true",
                        help="do not update SHA256SUMS or the custody log")


def run(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfoNotFoundError

    from archiver.browser import BrowserNotFound
    from archiver.evidence import custody, reportdata, sums
    from archiver.evidence.pdf import html_to_pdf
    from archiver.evidence.report import write_report

    run_dir: Path = args.run_dir
    try:
        facts = reportdata.gather(run_dir)
    except (FileNotFoundError, ValueError) as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    html_path: Path = args.output or run_dir / "report.html"
    try:
        write_report(facts, html_path, args.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        print(f"archiver: unknown time zone {args.timezone!r}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"archiver: cannot write {html_path}: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    written = [html_path]
    print(f"report: {html_path}")
    if args.pdf:
        pdf_path = run_dir / "report.pdf" if args.pdf is True else Path(args.pdf)
        try:
            html_to_pdf(html_path, pdf_path)
        except BrowserNotFound as exc:
            print(f"archiver: {exc}", file=sys.stderr)
            return EXIT_NO_BROWSER
        except Exception as exc:  # Playwright raises its own error types
            print(f"archiver: printing the report to PDF failed: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        written.append(pdf_path)
        print(f"pdf:    {pdf_path}")
    if not args.no_log:
        inside = [p for p in written if p.resolve().parent == run_dir.resolve()]
        try:
            recorded = sums.add_files(run_dir, inside) if inside else {}
            custody.append(run_dir / custody.NAME, "report", recorded, actor=args.actor,
                           details={"files": [str(p.resolve()) for p in written]})
        except OSError as exc:
            print(f"archiver: warning: could not record the report: {exc}", file=sys.stderr)
    return EXIT_OK
