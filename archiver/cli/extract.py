"""``archiver extract``: derive the JSON entries from WARC files alone (no network)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.exitcodes import EXIT_CANNOT_CHECK, EXIT_OK, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("warcs", nargs="+", type=Path, metavar="FILE.warc.gz",
                        help="WARC files, or capture directories (their warc/ files)")
    parser.add_argument("-o", "--output", type=Path, help="write here (default: stdout)")


def expand_inputs(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted((path / "warc").glob("*.warc.gz")) or sorted(path.glob("*.warc.gz"))
            out.extend(found)
        else:
            out.append(path)
    return out


def run(args: argparse.Namespace) -> int:
    from archiver.extract import entry_to_json_line, extract_entries
    from archiver.rederive import snapshots

    files = expand_inputs(args.warcs)
    missing = [p for p in files if not p.is_file()]
    if missing or not files:
        print(f"archiver: no such WARC file: {missing[0] if missing else args.warcs[0]}",
              file=sys.stderr)
        return EXIT_USAGE
    lines: list[str] = []
    pages = 0
    try:
        for snap in snapshots(files):
            pages += 1
            result = extract_entries(snap)
            for warning in result.warnings:
                print(f"archiver: {snap.url}: {warning}", file=sys.stderr)
            lines += [entry_to_json_line(e) for e in result.entries]
    except (OSError, ValueError) as exc:
        print(f"archiver: cannot read the WARC files: {exc}", file=sys.stderr)
        return EXIT_CANNOT_CHECK
    text = "".join(line + "\n" for line in lines)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{len(lines)} entries from {pages} page(s) -> {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
