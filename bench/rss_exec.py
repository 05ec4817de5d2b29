"""``python -m bench.rss_exec MODULE ARGS...``: run MODULE as ``__main__`` and, at exit, write
this process's own peak RSS to ``$BENCH_RSS_FILE``.

Why not ``ru_maxrss``: Linux carries the high-water mark across fork and exec, so a child of a
large parent (the bench holds pages and WARC bodies) reports at least the parent's size, from
``wait4`` and from ``RUSAGE_SELF`` alike. ``VmHWM`` belongs to the address space made by exec.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys

ENV = "BENCH_RSS_FILE"


def own_peak_kb() -> int:
    with open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1])
    return 0


def _report() -> None:
    path = os.environ.get(ENV)
    if path:
        with open(path, "w", encoding="ascii") as fh:
            fh.write(str(own_peak_kb()))


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m bench.rss_exec MODULE [ARGS...]")
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    atexit.register(_report)
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
