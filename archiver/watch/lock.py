"""The per-target lock: an fcntl lock on ``<target>/lock``, so two passes of one target never
run at once, whether started by ``archiver watch``, cron or a systemd timer.

The lock is an open file description: the capture subprocess inherits it (``pass_fds``), so
the target stays locked until the capture ends, even when the process that started it died."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class TargetBusy(RuntimeError):
    """Another pass holds the lock; the message says which process, when it can tell."""


class TargetLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self, note: str = "") -> TargetLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise TargetBusy(f"another pass holds {self.path}"
                             + (f" ({holder})" if holder else "")) from None
        except OSError:
            os.close(fd)
            raise
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}{'; ' + note if note else ''}\n".encode())
        except OSError:
            # Locked but not ours to keep: closing the descriptor is what frees the lock.
            os.close(fd)
            raise
        self.fd = fd
        return self

    def release(self) -> None:
        # Close, never LOCK_UN: unlocking would also free a capture subprocess that
        # inherited the descriptor and is still running.
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    def __enter__(self) -> TargetLock:
        return self if self.fd is not None else self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
