"""Entry point of the ``archiver`` command: builds the parser and dispatches to verb modules."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from archiver import __version__
from archiver.cli.exitcodes import EXIT_USAGE

# verb -> (module, one-line help). Modules are imported lazily so that `archiver --help`
# stays fast and a verb's heavy imports (Scrapy, Playwright) cost only when it runs.
# Each module provides `add_arguments(parser)` and `run(args) -> int`.
VERBS: dict[str, tuple[str, str]] = {
    "capture": ("archiver.cli.capture", "capture liveblog pages into WARC + JSON entries"),
    "extract": ("archiver.cli.extract", "derive JSON entries from WARC files alone"),
    "recover": ("archiver.cli.recover", "keep the complete records of a .warc.gz.open file"),
    "demo": ("archiver.cli.demo", "serve the bundled sample liveblog and capture it"),
    "sample": ("archiver.cli.sample", "serve the bundled sample liveblog"),
    "browser": ("archiver.cli.browser", "show (or install) the Chromium the capture uses"),
    "watch": ("archiver.cli.watch", "re-capture liveblogs on a schedule"),
    "history": ("archiver.cli.history", "print the versions of a target's entries"),
    "diff": ("archiver.cli.diff", "what changed between two passes of a target"),
    "package": ("archiver.cli.package", "package captures as a (signed) WACZ"),
    "keygen": ("archiver.cli.keygen", "make an ECDSA P-256 signing key pair"),
    "verify": ("archiver.cli.verify", "verify a capture directory, WARC or WACZ"),
    "report": ("archiver.cli.report", "write the human-readable capture report"),
}


def _load(verb: str) -> ModuleType | None:
    try:
        return importlib.import_module(VERBS[verb][0])
    except ModuleNotFoundError as exc:
        if exc.name == VERBS[verb][0]:
            return None
        raise


def build_parser(verbs: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archiver",
        description="Archive news liveblogs: rendered capture into WARC/1.1, JSON entries, "
        "evidence packages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output (repeat for debug)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in verbs or VERBS:
        module = _load(verb)
        if module is None:
            continue
        p = sub.add_parser(verb, help=VERBS[verb][1], description=VERBS[verb][1])
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Only import the verb that runs (plus --help, which lists them all).
    verb = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser([verb] if verb in VERBS else None)
    args = parser.parse_args(args_list)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("archiver: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `archiver history … | head`: the reader has what it wanted.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
