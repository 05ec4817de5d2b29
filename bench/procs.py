"""Running a benchmark subject as a subprocess: wall time, its own peak RSS, and the peak RSS
of its whole process tree (sampled from /proc, for browsers)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.rss_exec import ENV as RSS_ENV

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_EVERY = 0.25


class RunFailed(RuntimeError):
    """A subject exited non-zero or timed out; the message quotes the end of its stderr."""


@dataclass(frozen=True)
class RunResult:
    wall: float                 # seconds from spawn to reaped
    returncode: int
    stdout: str
    stderr: str
    own_peak_mb: float          # the process's own high-water mark (VmHWM; see rss_exec)
    tree_peak_mb: float | None  # peak of the summed RSS of the process and its descendants


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_rss_kb(root: int) -> int:
    """Summed resident set of ``root`` and every descendant, now (shared pages counted once
    per process, as ``ps`` does: an upper bound)."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE_KB
        except (OSError, IndexError, ValueError):
            continue
    return total


def hwm_kb(pid: int) -> int:
    """The process's own peak RSS so far (VmHWM); 0 once it has exited."""
    with open(f"/proc/{pid}/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    """Polls the subject's VmHWM (monotonic, so only the last interval can be missed) and,
    when asked, the summed RSS of its tree (a sample: brief peaks can be missed)."""

    def __init__(self, pid: int, tree: bool) -> None:
        super().__init__(daemon=True, name=f"rss-sampler-{pid}")
        self.pid = pid
        self.tree = tree
        self.hwm_kb = 0
        self.tree_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            with contextlib.suppress(OSError, ValueError):
                self.hwm_kb = max(self.hwm_kb, hwm_kb(self.pid))
                if self.tree:
                    self.tree_kb = max(self.tree_kb, tree_rss_kb(self.pid))
            self._stop_event.wait(SAMPLE_EVERY)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


def python_module(module: str, *args: str) -> list[str]:
    """The command that runs ``python -m module args`` and reports its own peak RSS."""
    return [sys.executable, "-m", "bench.rss_exec", module, *args]


def _read_kb(path: Path) -> int:
    try:
        return int(path.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return 0


def run_measured(cmd: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None,
                 sample_tree: bool = False, check: bool = True) -> RunResult:
    """Spawn ``cmd`` (from the repository, with it on the path) and time it to its reaping.
    Its own peak RSS comes from ``bench.rss_exec`` when the command runs through it (see
    :func:`python_module`), else from sampling ``VmHWM``."""
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), full_env.get("PYTHONPATH", "")) if p)
    fd, name = tempfile.mkstemp(prefix="rss-", suffix=".txt")
    os.close(fd)
    rss_file = Path(name)
    full_env[RSS_ENV] = name
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=REPO, env=full_env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = Sampler(proc.pid, sample_tree)
        sampler.start()
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, _usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        # Whatever the subject left behind (a browser that outlived its driver) goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        own_kb = _read_kb(rss_file) or sampler.hwm_kb
        rss_file.unlink(missing_ok=True)
        result = RunResult(wall, proc.returncode, out.read().decode("utf-8", "replace"),
                           err.read().decode("utf-8", "replace"), own_kb / 1024,
                           sampler.tree_kb / 1024 if sample_tree else None)
    if check and (timed_out.is_set() or result.returncode != 0):
        why = f"timed out after {timeout:g} s" if timed_out.is_set() \
            else f"exited {result.returncode}"
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise RunFailed(f"{' '.join(cmd[:4])} ... {why}:\n{tail}")
    return result
