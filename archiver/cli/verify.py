"""``archiver verify``: check a capture directory, WARC or WACZ from its bytes; one line per
check and a verdict. Exit 0 only when everything holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.cli.exitcodes import EXIT_CANNOT_CHECK, EXIT_OK, EXIT_TAMPERED, EXIT_USAGE

if TYPE_CHECKING:
    from archiver.evidence.verify import Verification
    from archiver.evidence.waczcheck import Trust


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="capture directory, .warc.gz or .wacz")
    parser.add_argument("--public-key", type=Path, metavar="PUB",
                        help="the signer's published public key: the signature must be by it")
    parser.add_argument("--tsa-ca", type=Path, metavar="CA.pem",
                        help="the time-stamping authority's CA certificate(s): the timestamp "
                             "must chain to them")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--actor", help="who verifies (custody log)")
    parser.add_argument("--no-log", action="store_true",
                        help="do not append a verify entry to the capture's custody log")


def _trust(args: argparse.Namespace) -> Trust:
    from archiver.evidence.signing import load_public_key
    from archiver.evidence.timestamp import load_ca_file
    from archiver.evidence.waczcheck import Trust

    trust = Trust()
    if args.public_key:
        trust.public_key = load_public_key(args.public_key)
    if args.tsa_ca:
        try:
            trust.tsa_ca = load_ca_file(args.tsa_ca)
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read the CA file {args.tsa_ca}: {exc}") from exc
    return trust


def _log(result: Verification, actor: str | None) -> None:
    """A ``verify`` entry in the custody log of the capture the path belongs to."""
    from archiver.evidence import custody, rundir, sums

    path = result.path
    run_dir = next((p for p in (path, path.parent, path.parent.parent)
                    if rundir.is_run_dir(p)), None)
    if run_dir is None:
        return
    # A verified capture directory was hashed by the check itself: those are the hashes.
    files = result.hashes if result.hashes is not None and run_dir == path else \
        sums.hash_files(run_dir, rundir.all_deliverables(run_dir))
    try:
        custody.append(run_dir / custody.NAME, "verify", files, actor=actor,
                       details={"target": str(path.resolve()), "verdict": result.verdict})
    except OSError as exc:
        print(f"archiver: warning: could not append to {run_dir / custody.NAME}: {exc}",
              file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from archiver.evidence.outcome import OK, TAMPERED
    from archiver.evidence.signing import SigningKeyError
    from archiver.evidence.verify import verify_path

    try:
        trust = _trust(args)
    except (SigningKeyError, ValueError) as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    results = [verify_path(p, trust) for p in args.paths]
    if args.json:
        print(json.dumps([{"path": str(r.path), "kind": r.kind, "verdict": r.verdict,
                           "seconds": round(r.seconds, 3),
                           "passed": r.outcome.passed,
                           "problems": [{"kind": k, "message": m}
                                        for k, m in r.outcome.problems]}
                          for r in results], indent=2))
    else:
        for result in results:
            sys.stdout.write(result.report())
    if not args.no_log:
        for result in results:
            if result.kind in ("capture", "wacz", "warc"):
                _log(result, args.actor)
    verdicts = {r.verdict for r in results}
    if TAMPERED in verdicts:
        return EXIT_TAMPERED
    if verdicts != {OK}:
        return EXIT_CANNOT_CHECK
    return EXIT_OK
