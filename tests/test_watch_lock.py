"""The per-target lock: one pass at a time, across processes, and held by a capture that
outlives the process that started it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archiver.watch.lock import TargetBusy, TargetLock

TRY_LOCK = """
import sys
from archiver.watch.lock import TargetBusy, TargetLock
try:
    TargetLock(__import__("pathlib").Path(sys.argv[1])).acquire()
except TargetBusy as exc:
    print("busy:", exc)
    sys.exit(8)
print("got it")
"""


def try_from_another_process(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", TRY_LOCK, str(path)], capture_output=True,
                          text=True, timeout=60, check=False)


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    with TargetLock(path).acquire(note="target t"):
        with pytest.raises(TargetBusy, match=f"pid {os.getpid()}; target t"):
            TargetLock(path).acquire()
        other = try_from_another_process(path)
        assert other.returncode == 8 and f"pid {os.getpid()}" in other.stdout
    assert try_from_another_process(path).stdout.strip() == "got it"


def test_a_child_that_inherited_the_lock_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    lock = TargetLock(path).acquire()
    assert lock.fd is not None
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(4)"],
                             pass_fds=(lock.fd,))
    try:
        lock.release()                 # the starter is gone; its capture is not
        assert try_from_another_process(path).returncode == 8
    finally:
        child.wait(timeout=30)
    deadline = time.monotonic() + 10
    while try_from_another_process(path).returncode == 8:
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_a_lock_that_cannot_be_written_is_not_kept(tmp_path: Path) -> None:
    """Writing the holder's note can fail after the lock was taken (a full disk; here the
    lock path is a FIFO, which cannot be truncated): the error reaches the caller, and the
    target is not left locked by a descriptor nobody will close."""
    path = tmp_path / "lock"
    os.mkfifo(path)
    lock = TargetLock(path)
    with pytest.raises(OSError):
        lock.acquire()
    assert lock.fd is None
    with pytest.raises(OSError):          # the same error again, not TargetBusy
        TargetLock(path).acquire()


def test_write_probes_of_processes_at_once_do_not_collide(tmp_path: Path) -> None:
    """Two cron passes of one target probe its directory at the same moment: each probe has
    a name of its own, so neither removes the other's and both pass (a fixed probe name made
    one pass fail with 'No such file or directory')."""
    import threading

    from archiver.runinfo import ensure_writable_dir

    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def probe() -> None:
        barrier.wait()
        for _ in range(200):
            try:
                ensure_writable_dir(tmp_path / "targets" / "alpha")
            except OSError as exc:
                errors.append(exc)

    threads = [threading.Thread(target=probe) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert list((tmp_path / "targets" / "alpha").iterdir()) == []
