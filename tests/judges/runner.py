"""Running outside judge programs: the one subprocess wrapper, its error, free ports."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

# Generous: the machine is shared and has two cores.
DEFAULT_TIMEOUT = 300.0

Arg = str | os.PathLike[str]


class JudgeError(AssertionError):
    """An outside judge could not run or rejected its input; the message says which and why.

    An AssertionError so that pytest shows it as a test failure with the full message.
    """

    def __init__(self, message: str, result: subprocess.CompletedProcess[bytes] | None = None):
        super().__init__(message)
        self.result = result


def tail(text: str | bytes, lines: int = 40) -> str:
    """The last lines of a program's output, for error messages."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    kept = text.rstrip().splitlines()[-lines:]
    return "\n".join(kept)


def run(cmd: Sequence[Arg], *, cwd: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a judge program to completion, output captured as bytes, never raising on exit code.

    Raises :class:`JudgeError` only when the program cannot be started or does not finish.
    """
    argv = [os.fspath(a) for a in cmd]
    logger.debug("judge: %s", " ".join(argv))
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, env=env,
                              check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise JudgeError(f"cannot run {argv[0]!r}: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise JudgeError(f"{' '.join(argv)} did not finish within {timeout:.0f}s; output so far:"
                         f"\n{tail(exc.stdout or b'')}\n{tail(exc.stderr or b'')}") from exc


def describe(result: subprocess.CompletedProcess[bytes]) -> str:
    """Command, exit code and the tail of both streams: what a failure message needs."""
    args = result.args if isinstance(result.args, list) else [result.args]
    return (f"`{' '.join(str(a) for a in args)}` exited {result.returncode}\n"
            f"--- stdout (tail) ---\n{tail(result.stdout)}\n"
            f"--- stderr (tail) ---\n{tail(result.stderr)}")


def run_ok(cmd: Sequence[Arg], *, what: str, cwd: Path | None = None,
           timeout: float = DEFAULT_TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """Run and raise :class:`JudgeError` (saying ``what`` failed) unless it exits 0."""
    result = run(cmd, cwd=cwd, timeout=timeout)
    if result.returncode != 0:
        raise JudgeError(f"{what} failed: {describe(result)}", result)
    return result


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free right now on ``host`` (for programs that cannot be told to use port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port
