"""A signed, timestamped package of the shared sample capture, for the evidence tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tsa import LocalTSA

from archiver.cli.main import main


@dataclass
class Packaged:
    run_dir: Path
    wacz: Path
    key: Path
    pub: Path
    tsa_ca: Path
    tsa: LocalTSA


@contextlib.contextmanager
def packaged(run_dir: Path, work: Path) -> Iterator[Packaged]:
    """keygen, then ``archiver package --sign --tsa`` into ``work`` (the TSA stays up)."""
    with LocalTSA(work / "tsa") as tsa:
        assert main(["keygen", "-o", str(work / "signer")]) == 0
        wacz = work / "sample.wacz"
        code = main(["package", str(run_dir), "-o", str(wacz), "--sign",
                     str(work / "signer.key"), "--tsa", tsa.url, "--no-log"])
        assert code == 0 and wacz.is_file()
        yield Packaged(run_dir, wacz, work / "signer.key", work / "signer.pub", tsa.ca_file, tsa)
