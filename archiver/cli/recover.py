"""``archiver recover``: keep the complete records of a ``.warc.gz.open`` file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.exitcodes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from archiver.warc.recover import recover


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.warc.gz.open")
    parser.add_argument("-o", "--output", type=Path,
                        help="where to write (only with one file; default: name without .open)")


def run(args: argparse.Namespace) -> int:
    if args.output and len(args.files) > 1:
        print("archiver: --output works with one file only", file=sys.stderr)
        return EXIT_USAGE
    code = EXIT_OK
    for path in args.files:
        try:
            report = recover(path, args.output)
        except OSError as exc:  # FileExistsError too: an output is never overwritten
            print(f"archiver: {path}: {exc}", file=sys.stderr)
            code = EXIT_FAILURE
            continue
        print(report.describe())
    return code
