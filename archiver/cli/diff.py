"""``archiver diff``: what was added, edited and removed between two passes of a target."""

from __future__ import annotations

import argparse
import json
import sys

from archiver.cli.exitcodes import EXIT_OK, EXIT_USAGE
from archiver.cli.history import add_target_arguments, open_history
from archiver.history.diff import diff_passes
from archiver.history.model import PassRow


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument("passes", nargs="*", metavar="PASS",
                        help="two passes (pass ids, or numbers as `archiver history` counts "
                        "them); default: the last two that captured the page")


def _pick(passes: list[PassRow], wanted: str) -> PassRow:
    for row in passes:
        if wanted in (row.pass_id, str(row.seq)):
            return row
    raise LookupError(f"no pass {wanted!r} (passes: "
                      f"{', '.join(f'{p.seq}={p.pass_id}' for p in passes) or 'none'})")


def _usable(row: PassRow) -> PassRow:
    if not row.captured:
        raise LookupError(f"pass {row.pass_id} did not capture the page ({row.status}"
                          + (f": {row.error}" if row.error else "") + "): nothing to compare")
    return row


def run(args: argparse.Namespace) -> int:
    if len(args.passes) not in (0, 2):
        print("archiver: give two passes, or none for the last two", file=sys.stderr)
        return EXIT_USAGE
    try:
        with open_history(args) as (name, store):
            passes = store.passes()
            if args.passes:
                a, b = (_usable(_pick(passes, p)) for p in args.passes)
            else:
                good = [p for p in passes if p.captured]
                if len(good) < 2:
                    raise LookupError(f"target {name} has {len(good)} pass(es) that captured "
                                      "the page: nothing to compare yet")
                a, b = good[-2], good[-1]
            result = diff_passes(store.observations(a.pass_id), store.observations(b.pass_id))
    except LookupError as exc:      # NoHistory too
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"target": name, "from": a.as_dict(), "to": b.as_dict(),
                          **result.as_dict()}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{name}: pass {a.seq} ({a.pass_id}, {a.entries} entries) -> pass {b.seq} "
          f"({b.pass_id}, {b.entries} entries)")
    for label, mark, items in (("added", "+", result.added), ("edited", "~", result.edited),
                               ("removed", "-", result.removed)):
        print(f"{label}: {len(items)}")
        for item in items:
            print(f"  {mark} {item['entry_id']}  {item.get('title') or ''}")
    print(f"unchanged: {result.unchanged}")
    return EXIT_OK
