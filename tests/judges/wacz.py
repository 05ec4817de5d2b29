"""py-wacz (from the judges' wacz venv): `wacz validate`, and `wacz create` for test packages."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from .runner import Arg, JudgeError, describe, run
from .venvs import WACZ, judge_program

VALID_TEXT = "Validation succeeded, the passed WACZ is valid"
VERIFIED_TEXT = "Successfully verified signature via: direct check"


def _text(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(result.args, result.returncode,
                                       result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def wacz_validate(path: Arg, verify_auth: bool = False) -> subprocess.CompletedProcess[str]:
    """`wacz validate -f X [--verify-auth]` (the ``-f`` is required by py-wacz).

    Success is exit 0 *and* :data:`VALID_TEXT` in stdout; the caller decides what it needs.
    """
    program = judge_program(WACZ, "wacz")
    return _text(run([program, "validate", "-f", path, *(["--verify-auth"] if verify_auth
                                                          else [])]))


def wacz_version() -> str:
    """`wacz -V`, e.g. ``wacz 0.6.0 -- WACZ File Format: 1.1.1`` (checklist 40)."""
    result = run([judge_program(WACZ, "wacz"), "-V"])
    if result.returncode != 0:
        raise JudgeError(f"wacz -V failed: {describe(result)}", result)
    return (result.stdout + result.stderr).decode("utf-8", "replace").strip()


def wacz_create(warcs: Sequence[Arg], output: Path, *, pages: Path | None = None,
                detect_pages: bool = False, extra: Sequence[str] = ()) -> Path:
    """`wacz create -o OUTPUT [-p pages.jsonl | -d] W...`: a package made by someone else's
    code, to test the WACZ checks against. Raises :class:`JudgeError` unless it exits 0."""
    args: list[Arg] = [judge_program(WACZ, "wacz"), "create", "-o", output]
    if pages is not None:
        args += ["-p", pages]
    elif detect_pages:
        args.append("-d")
    args += [*extra, *warcs]
    result = run(args, cwd=output.parent)
    if result.returncode != 0 or not output.is_file():
        raise JudgeError(f"wacz create failed: {describe(result)}", result)
    return output
