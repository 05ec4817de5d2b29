"""``archiver keygen``: make an ECDSA P-256 key pair for signing packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.cli.exitcodes import EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--out", type=Path, default=Path("archiver-signing"),
                        help="key file stem: writes STEM.key (private, mode 0600) and "
                             "STEM.pub (public) (default: ./archiver-signing)")
    parser.add_argument("--force", action="store_true", help="overwrite existing key files")


def run(args: argparse.Namespace) -> int:
    from archiver.evidence.signing import generate_keypair

    stem: Path = args.out
    if stem.suffix in (".key", ".pub", ".pem"):
        stem = stem.with_suffix("")
    private, public = stem.with_name(stem.name + ".key"), stem.with_name(stem.name + ".pub")
    try:
        fingerprint = generate_keypair(private, public, overwrite=args.force)
    except FileExistsError as exc:
        print(f"archiver: {exc} (use --force to replace it)", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"archiver: cannot write the key pair: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    print(f"private key: {private} (mode 0600: keep it secret, never put it in a package)")
    print(f"public key:  {public} (publish it, or hand it to whoever checks your packages)")
    print(f"fingerprint: {fingerprint}")
    return EXIT_OK
