"""warcio's own command line (index, check, extract, recompress) run as an outside judge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .runner import DEFAULT_TIMEOUT, Arg, JudgeError, describe, run, tail

# warcio is a dependency of the project, so the judge is the copy in the venv running the tests.
# `python -m warcio.cli` is the module behind the `warcio` script (warcio has no __main__).
WARCIO = (sys.executable, "-m", "warcio.cli")

Record = dict[str, str]


def _as_list(paths: Arg | Sequence[Arg]) -> list[Arg]:
    if isinstance(paths, (str, Path)):
        return [paths]
    return list(paths)  # type: ignore[arg-type]


def _text(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(result.args, result.returncode,
                                       result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def warcio_check(paths: Arg | Sequence[Arg], verbose: bool = True
                 ) -> subprocess.CompletedProcess[str]:
    """`warcio check [-v] W...`: exit 1 and `block digest failed` lines when a digest is wrong."""
    args = [*WARCIO, "check", *(["-v"] if verbose else []), *_as_list(paths)]
    return _text(run(args))


def warcio_index(paths: Arg | Sequence[Arg], fields: str | Sequence[str]) -> list[Record]:
    """`warcio index -f FIELDS W...`: one dict per record, keys as warcio names them.

    Raises :class:`JudgeError` if warcio cannot read a file (its message is in the error).
    """
    field_list = fields if isinstance(fields, str) else ",".join(fields)
    result = run([*WARCIO, "index", "-f", field_list, *_as_list(paths)])
    if result.returncode != 0:
        raise JudgeError(f"warcio index could not read the file(s): {describe(result)}", result)
    records: list[Record] = []
    for number, line in enumerate(result.stdout.decode("utf-8").splitlines(), 1):
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise JudgeError(f"warcio index line {number} is not JSON: {line!r}") from exc
        records.append({str(k): str(v) for k, v in value.items()})
    return records


def warcio_recompress(src: Arg, dst: Arg) -> subprocess.CompletedProcess[str]:
    """`warcio recompress SRC DST`; stdout says `No Errors Found!` for a well-formed file."""
    return _text(run([*WARCIO, "recompress", src, dst]))


def warcio_extract(path: Arg, offset: int | str, payload: bool = False,
                   headers: bool = False) -> bytes:
    """`warcio extract [--payload|--headers] W OFFSET`: the record's bytes as warcio gives them.

    With ``payload`` the body comes after warcio's content and transfer decoding.
    """
    if payload and headers:
        raise ValueError("payload and headers are exclusive")
    flag = ["--payload"] if payload else ["--headers"] if headers else []
    result = run([*WARCIO, "extract", *flag, path, str(offset)])
    if result.returncode != 0:
        raise JudgeError(f"warcio extract at offset {offset} failed: {describe(result)}", result)
    return result.stdout


def warcio_payload_size(path: Arg, offset: int | str) -> int:
    """`warcio extract --payload W OFFSET | wc -c`, without holding the payload in memory."""
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.run([*WARCIO, "extract", "--payload", os.fspath(path), str(offset)],
                                  stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  timeout=DEFAULT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise JudgeError(f"warcio extract at offset {offset} timed out") from exc
        if proc.returncode != 0:
            raise JudgeError(f"warcio extract --payload at offset {offset} exited "
                             f"{proc.returncode}: {tail(proc.stderr)}")
        return out.seek(0, os.SEEK_END)
