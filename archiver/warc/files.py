"""Owning WARC files: naming, warcinfo first, `.open` while written, rotation, fsync, rollback."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from archiver.warc.builders import build_warcinfo
from archiver.warc.records import Clock, IdFactory, WarcRecord, new_record_id, utc_now
from archiver.warc.serializer import write_record

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
DEFAULT_MAX_SIZE = 1_000_000_000


class WarcWriteError(OSError):
    """Writing failed (full disk, permissions): the file was rolled back to its last complete
    record and closed, so everything written before stays valid."""


def safe_token(text: str, allowed: str = r"A-Za-z0-9-", fallback: str = "x") -> str:
    cleaned = re.sub(f"[^{allowed}]+", "-", text).strip("-")
    return cleaned or fallback


@dataclass(frozen=True)
class WrittenRecord:
    record_id: str
    rec_type: str
    target_uri: str | None
    date: str
    payload_digest: str | None
    filename: str
    offset: int
    length: int


class FullWriter:
    """A raw file whose ``write`` writes everything (raw writes may be partial)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            done = self.raw.write(view)
            if done is None or done <= 0:
                raise OSError("write made no progress")
            view = view[done:]
        return len(data)

    def tell(self) -> int:
        return self.raw.tell()

    def seek(self, offset: int) -> int:
        return self.raw.seek(offset)

    def truncate(self, size: int) -> int:
        return self.raw.truncate(size)

    def flush(self) -> None:
        self.raw.flush()

    def fileno(self) -> int:
        return self.raw.fileno()

    def close(self) -> None:
        self.raw.close()


@dataclass
class _OpenFile:
    final_path: Path
    handle: FullWriter
    records: int = 0


@dataclass
class WarcFiles:
    """Writes groups of records into rotating files in ``directory``.

    ``warcinfo`` is called for each new file and returns its fields (software, operator, ...).
    Groups (a request with its response, a page's snapshot records) never straddle two files.
    """

    directory: Path
    warcinfo: Callable[[], list[tuple[str, str]]]
    prefix: str = "archiver"
    max_size: int = DEFAULT_MAX_SIZE
    hostname: str = field(default_factory=socket.gethostname)
    clock: Clock = utc_now
    new_id: IdFactory = new_record_id
    on_written: Callable[[WrittenRecord], None] | None = None
    _current: _OpenFile | None = field(default=None, init=False)
    _serial: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _closed: bool = field(default=False, init=False)
    closed_files: list[Path] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.prefix = safe_token(self.prefix, fallback="archiver")
        self.hostname = safe_token(self.hostname, r"A-Za-z0-9.-", "localhost")

    # -- naming -------------------------------------------------------------------------------
    def _next_name(self, moment: datetime) -> Path:
        stamp = moment.strftime("%Y%m%d%H%M%S")
        while True:
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}.warc.gz"
            self._serial += 1
            path = self.directory / name
            if not path.exists() and not path.with_name(name + OPEN_SUFFIX).exists():
                return path

    @property
    def current_path(self) -> Path | None:
        return self._current.final_path if self._current else None

    # -- writing ------------------------------------------------------------------------------
    def _open(self) -> _OpenFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = self.clock()
        path = self._next_name(now)
        # Unbuffered: after a failed write nothing is left in a buffer to fail again at close,
        # and the file on disk is exactly what the rollback offsets say.
        handle = FullWriter(open(path.with_name(path.name + OPEN_SUFFIX), "xb",  # noqa: SIM115
                                 buffering=0))
        opened = _OpenFile(path, handle)
        self._current = opened
        info = build_warcinfo(path.name, self.warcinfo(), now, self.new_id)
        self._write_group(opened, [info])
        logger.info("opened %s", path.name + OPEN_SUFFIX)
        return opened

    def _write_group(self, target: _OpenFile, records: Sequence[WarcRecord]
                     ) -> list[WrittenRecord]:
        handle = target.handle
        start = handle.tell()
        written: list[WrittenRecord] = []
        try:
            offset = start
            for record in records:
                length = write_record(handle, record)
                written.append(WrittenRecord(
                    record.record_id, record.rec_type, record.target_uri, record.date,
                    record.payload_digest, target.final_path.name, offset, length))
                offset += length
            handle.flush()
        except OSError as exc:
            self._rollback(target, start)
            raise WarcWriteError(exc.errno, f"could not write {target.final_path.name}: "
                                 f"{exc.strerror or exc}; the file was closed at its last "
                                 "complete record") from exc
        target.records += len(records)
        return written

    def _rollback(self, target: _OpenFile, offset: int) -> None:
        try:
            target.handle.seek(offset)
            target.handle.truncate(offset)
        except OSError:
            logger.exception("could not truncate %s back to %d", target.final_path, offset)
        finally:
            self._current = None
            self._finish(target)

    def write(self, records: Sequence[WarcRecord]) -> list[WrittenRecord]:
        """Write a group of records to the current file (opening or rotating as needed)."""
        if not records:
            return []
        with self._lock:
            if self._closed:
                # A late writer (a page still finishing at shutdown) must not open a new file
                # that nobody will close.
                raise WarcWriteError(0, "the WARC files are closed; record not written")
            current = self._current
            if current is not None and current.records > 1 and \
                    current.handle.tell() >= self.max_size:
                self._close_current()
                current = None
            if current is None:
                current = self._open()
            written = self._write_group(current, records)
        if self.on_written:
            for item in written:
                self.on_written(item)
        return written

    # -- closing ------------------------------------------------------------------------------
    def _finish(self, target: _OpenFile) -> None:
        handle = target.handle
        open_path = target.final_path.with_name(target.final_path.name + OPEN_SUFFIX)
        try:
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            logger.exception("could not sync %s", open_path)
        finally:
            handle.close()
        os.replace(open_path, target.final_path)
        try:
            dir_fd = os.open(target.final_path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
        self.closed_files.append(target.final_path)
        logger.info("closed %s", target.final_path.name)

    def _close_current(self) -> None:
        if self._current is not None:
            target, self._current = self._current, None
            self._finish(target)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._close_current()
