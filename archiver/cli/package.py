"""``archiver package``: package captures as a WACZ, optionally signed and timestamped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.cli.exitcodes import EXIT_FAILURE, EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_USAGE

if TYPE_CHECKING:
    from archiver.evidence.wacz import CaptureSource, PackageResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("captures", nargs="+", type=Path, metavar="CAPTURE",
                        help="capture run directories (or WARC files)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="NAME.wacz",
                        help="the package to write")
    parser.add_argument("--sign", type=Path, metavar="KEY",
                        help="sign with this private key (from archiver keygen)")
    parser.add_argument("--tsa", metavar="URL",
                        help="get an RFC 3161 timestamp for the package from this TSA")
    parser.add_argument("--tsa-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--title", help="package title (default: the first page's title)")
    parser.add_argument("--actor", help="who packages (custody log; default: "
                        "$ARCHIVER_OPERATOR or the login name)")
    parser.add_argument("--no-log", action="store_true",
                        help="do not update SHA256SUMS or the custody log")


def _sources(paths: list[Path]) -> tuple[list[CaptureSource], str | None]:
    from archiver.evidence import rundir
    from archiver.evidence.wacz import CaptureSource, source_from_dir

    sources = []
    for path in paths:
        if path.is_dir():
            source = source_from_dir(path)
            if rundir.open_warcs(path):
                return [], (f"{path} has a WARC still open (capture running, or killed: "
                            "archiver recover)")
            if not source.warcs:
                return [], f"{path} holds no WARC files"
            sources.append(source)
        elif path.is_file() and path.name.endswith((".warc.gz", ".warc")):
            sources.append(CaptureSource(path.name.split(".")[0], [path]))
        else:
            return [], f"no such capture directory or WARC file: {path}"
    return sources, None


def _changed_since_capture(source: CaptureSource) -> list[str]:
    """Files to be packaged whose hash differs from the capture's SHA256SUMS."""
    from archiver.evidence import sums
    from archiver.runinfo import sha256_file

    if source.run_dir is None:
        return []
    listed = sums.read_sums(source.run_dir) or {}
    changed = []
    for path in [*source.warcs, *([source.entries] if source.entries else [])]:
        name = sums.relative_name(source.run_dir, path)
        if name in listed and sha256_file(path) != listed[name]:
            changed.append(str(path))
    return changed


def run(args: argparse.Namespace) -> int:
    from archiver.evidence.signing import SigningKeyError, load_private_key
    from archiver.evidence.wacz import PackageError, write_wacz

    sources, problem = _sources(args.captures)
    if problem:
        print(f"archiver: {problem}", file=sys.stderr)
        return EXIT_USAGE
    key = None
    if args.sign:
        try:
            key = load_private_key(args.sign)
        except SigningKeyError as exc:
            print(f"archiver: {exc}", file=sys.stderr)
            return EXIT_USAGE
    for source in sources:
        try:
            changed = _changed_since_capture(source)
        except ValueError as exc:         # SHA256SUMS itself is damaged
            print(f"archiver: refusing to package: {source.run_dir}: {exc} (run archiver "
                  "verify)", file=sys.stderr)
            return EXIT_FAILURE
        if changed:
            print(f"archiver: refusing to package: {', '.join(changed)} changed since the "
                  "capture recorded it in SHA256SUMS (run archiver verify)", file=sys.stderr)
            return EXIT_FAILURE
    output: Path = args.output
    try:
        result = write_wacz(sources, output, signing_key=key, tsa_url=args.tsa,
                            tsa_timeout=args.tsa_timeout, title=args.title)
    except PackageError as exc:
        print(f"archiver: cannot make the package: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"archiver: cannot write {output}: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    print(f"{output}: {output.stat().st_size:,} bytes, {len(result.pages)} page(s), "
          f"{len(result.resources)} files")
    print(f"  package digest (sha256 of datapackage.json): {result.digest}")
    if result.signed_by:
        print(f"  signed by key {result.signed_by}")
    if result.timestamp_time:
        print(f"  timestamped by {result.timestamp_tsa} at "
              f"{result.timestamp_time.isoformat().replace('+00:00', 'Z')}")
    if not args.no_log:
        _record(sources, output, result, args.actor)
    return EXIT_OK


def _record(sources: list[CaptureSource], output: Path, result: PackageResult,
            actor: str | None) -> None:
    """SHA256SUMS beside the package; a ``package`` entry in each capture's custody log."""
    from archiver.evidence import custody, sums

    try:
        recorded = sums.add_files(output.parent, [output])
    except (OSError, ValueError) as exc:     # unwritable, or a damaged SHA256SUMS there
        print(f"archiver: warning: could not update {output.parent / 'SHA256SUMS'}: {exc}",
              file=sys.stderr)
        return
    digest = next(iter(recorded.values()))
    details = {"package": str(output.resolve()), "datapackage_digest": result.digest,
               "signed_by": result.signed_by, "tsa": result.timestamp_tsa,
               "timestamp": result.timestamp_time.isoformat() if result.timestamp_time
               else None, "pages": [p.url for p in result.pages]}
    for source in sources:
        if source.run_dir is None:
            continue
        try:
            name = sums.relative_name(source.run_dir, output)
        except ValueError:
            name = str(output.resolve())
        # The hashes of the bytes that went into the package, taken as they were copied.
        inputs = {sums.relative_name(source.run_dir, path): result.copied[path]
                  for path in [*source.warcs, *([source.entries] if source.entries else [])]}
        try:
            custody.append(source.run_dir / custody.NAME, "package",
                           {name: digest, **inputs}, actor=actor, details=details)
        except OSError as exc:
            print(f"archiver: warning: could not append to the custody log of "
                  f"{source.run_dir}: {exc}", file=sys.stderr)
