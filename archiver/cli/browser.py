"""``archiver browser``: show which Chromium the capture will use, installing one on request."""

from __future__ import annotations

import argparse
import sys

from archiver.browser import BrowserNotFound, browser_version, ensure_chromium, find_chromium
from archiver.cli.exitcodes import EXIT_NO_BROWSER, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--install", action="store_true",
                        help="install Chromium when none is found (apt as root, else "
                             "playwright install)")


def run(args: argparse.Namespace) -> int:
    try:
        choice = ensure_chromium() if args.install else find_chromium()
    except BrowserNotFound as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_NO_BROWSER
    if choice is None:
        print("archiver: no Chromium found; run `archiver browser --install`", file=sys.stderr)
        return EXIT_NO_BROWSER
    print(f"{choice.path} ({choice.source}): {browser_version(choice.path) or 'unknown version'}")
    return EXIT_OK
