"""One pass of a target: take the lock, deal with what a killed pass left, check the stop
rules, run the capture as a subprocess (``python -m archiver.cli.main capture``), and record
the outcome in the history, the watch log and the pass's ``pass.json``."""

from __future__ import annotations

import logging
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from archiver.cli.exitcodes import EXIT_INTERRUPTED
from archiver.history.model import ERROR, FAILED, INTERRUPTED, OK, now_text
from archiver.history.schema import SchemaError
from archiver.history.store import SqliteHistoryStore
from archiver.runinfo import ensure_writable_dir, write_json_atomic
from archiver.watch.layout import CAPTURE_OUTPUT, PASS_FILE, TargetDir
from archiver.watch.lock import TargetBusy, TargetLock
from archiver.watch.recovery import recover_leftovers, recover_open_warcs, warc_bytes
from archiver.watch.result import BUSY, STOPPED, PassResult, error_of, read_json
from archiver.watch.stoprules import explain, facts_from_passes, stop_reason
from archiver.watch.targets import Target
from archiver.watch.watchlog import WatchLog

logger = logging.getLogger(__name__)

PASS_TIME_CAP = 1800.0     # a capture still running after this is stopped (SIGTERM, SIGKILL)


class OutputError(OSError):
    """The target's directory, database or pass directory cannot be written."""


class PassRunner:
    """Runs passes; ``terminate()`` (from a signal handler) stops the running captures."""

    def __init__(self, output_root: Path, *, python: str = sys.executable,
                 extra_settings: Sequence[tuple[str, str]] = (), force: bool = False) -> None:
        self.output_root = output_root
        self.python = python
        self.extra_settings = tuple(extra_settings)
        self.force = force
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self.terminating = False

    def target_dir(self, target: Target) -> TargetDir:
        return TargetDir.under(self.output_root, target.name)

    def prepare(self, target: Target) -> TargetDir:
        """Create the target's directory and check that it can be written."""
        tdir = self.target_dir(target)
        try:
            tdir.passes.mkdir(parents=True, exist_ok=True)
            ensure_writable_dir(tdir.root)
        except OSError as exc:
            raise OutputError(exc.errno, f"cannot write to {tdir.root}: "
                              f"{exc.strerror or exc}") from None
        return tdir

    def terminate(self) -> None:
        """Ask every running capture to stop (it closes its files: an interrupted pass)."""
        self.terminating = True
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    # -- one pass -------------------------------------------------------------------------
    def run(self, target: Target, on_started: Callable[[str], None] | None = None
            ) -> PassResult:
        tdir = self.prepare(target)
        log = WatchLog(tdir.watch_log)
        lock = TargetLock(tdir.lock)
        try:
            lock.acquire(note=f"target {target.name}")
        except TargetBusy as exc:
            log.event("pass-busy", level="warning", target=target.name, error=str(exc))
            return PassResult(target.name, BUSY, error=str(exc))
        except OSError as exc:
            raise OutputError(exc.errno, f"cannot lock {tdir.lock}: "
                              f"{exc.strerror or exc}") from None
        try:
            return self._locked(target, tdir, log, lock, on_started)
        except (sqlite3.Error, SchemaError) as exc:
            # Unwritable, full, damaged or newer: the history cannot take this pass.
            log.event("pass-failed", level="error", target=target.name,
                      error=f"history database {tdir.history}: {exc}")
            raise OutputError(0, f"history database {tdir.history}: {exc}") from None
        finally:
            lock.release()

    def _locked(self, target: Target, tdir: TargetDir, log: WatchLog, lock: TargetLock,
                on_started: Callable[[str], None] | None) -> PassResult:
        store = SqliteHistoryStore(tdir.history)
        try:
            recovered = recover_leftovers(tdir, store, log)
            before = self._stop_check(target, store, PassResult(target.name, STOPPED))
            if before.stop_reason and not self.force:
                log.event("pass-skipped", target=target.name, stop_reason=before.stop_reason)
                return before
            result = self._capture(target, tdir, store, log, lock, on_started)
            result.recovered = [line for r in recovered for line in r.recovered] + \
                result.recovered
            self._stop_check(target, store, result)
            self._report(target, tdir, log, result)
            return result
        finally:
            store.close()

    def _stop_check(self, target: Target, store: SqliteHistoryStore,
                    result: PassResult) -> PassResult:
        facts = facts_from_passes(store.passes())
        now = datetime.now(UTC)
        result.stop_reason = stop_reason(target.stop, facts, now)
        if target.stop.until is not None:
            result.deadline = target.stop.until.moment(facts.first_pass_at, now) \
                .isoformat().replace("+00:00", "Z")
        return result

    def _capture(self, target: Target, tdir: TargetDir, store: SqliteHistoryStore,
                 log: WatchLog, lock: TargetLock,
                 on_started: Callable[[str], None] | None) -> PassResult:
        pass_id = tdir.new_pass_id()
        run_dir = tdir.pass_dir(pass_id)
        started = now_text()
        result = PassResult(target.name, ERROR, pass_id, started,
                            run_dir=str(run_dir.relative_to(tdir.root)))
        store.begin_pass(pass_id, target.url, started, result.run_dir)
        try:
            run_dir.mkdir(parents=True)
        except OSError as exc:
            error = f"cannot write to {run_dir}: {exc.strerror or exc}"
            store.finish_pass(pass_id, finished_at=now_text(), exit_code=None, warc_bytes=0,
                              error=error, status_if_running=ERROR)
            log.event("pass-failed", level="error", target=target.name, pass_id=pass_id,
                      error=error)
            raise OutputError(exc.errno, error) from None
        log.event("pass-started", target=target.name, pass_id=pass_id, url=target.url)
        if on_started:
            on_started(pass_id)
        t0 = time.monotonic()
        code = self._spawn(target, tdir, run_dir, pass_id, lock)
        result.seconds = round(time.monotonic() - t0, 3)
        result.exit_code = code
        # The capture is over: a file it left open (killed) is recovered now.
        recovered = recover_open_warcs(run_dir, log, pass_id)
        summary = read_json(run_dir / "capture.json")
        result.error = error_of(summary, code, run_dir)
        result.dedup_error = summary.get("dedup_error") if summary else None
        result.finished_at = now_text()
        result.warc_bytes = warc_bytes(run_dir)
        killed = code == EXIT_INTERRUPTED or code < 0 or self.terminating
        store.finish_pass(pass_id, finished_at=result.finished_at, exit_code=code,
                          warc_bytes=result.warc_bytes, error=result.error,
                          status_if_running=INTERRUPTED if killed else ERROR)
        row = next(p for p in store.passes() if p.pass_id == pass_id)
        result.status = row.status
        result.closed = row.closed
        result.withheld = row.withheld
        result.entries, result.new, result.edited = row.entries, row.new, row.edited
        result.unchanged, result.deleted = row.unchanged, row.deleted
        if result.status == OK:
            result.error = None
        result.recovered = recovered.recovered
        result.history = row.history
        return result

    def _report(self, target: Target, tdir: TargetDir, log: WatchLog,
                result: PassResult) -> None:
        event = "pass-finished" if result.status in (OK, FAILED) else "pass-failed"
        log.event(event, level="info" if result.status == OK else "warning",
                  **{k: v for k, v in result.as_dict().items() if k != "target"},
                  target=target.name)
        if result.stop_reason:
            log.event("target-done", target=target.name, stop_reason=result.stop_reason,
                      detail=explain(result.stop_reason, target.stop))
        run_dir = tdir.root / (result.run_dir or "")
        try:
            write_json_atomic(run_dir / PASS_FILE, result.as_dict())
        except OSError as exc:
            logger.error("could not write %s: %s", run_dir / PASS_FILE, exc)

    def command(self, target: Target, tdir: TargetDir, run_dir: Path) -> list[str]:
        cmd = [self.python, "-m", "archiver.cli.main", "capture", target.url,
               "-o", str(run_dir), "--json"]
        if target.profile:
            cmd += ["--profile", target.profile]
        settings = [("ARCHIVER_DEDUP_INDEX", str(tdir.digests.resolve())),
                    ("ARCHIVER_HISTORY_DB", str(tdir.history.resolve())),
                    ("ARCHIVER_TARGET", target.name),
                    ("ARCHIVER_WARC_PREFIX", target.name),
                    *target.settings, *self.extra_settings]
        for name, value in settings:
            cmd += ["-s", f"{name}={value}"]
        return cmd

    def _spawn(self, target: Target, tdir: TargetDir, run_dir: Path, pass_id: str,
               lock: TargetLock) -> int:
        assert lock.fd is not None
        with (run_dir / CAPTURE_OUTPUT).open("wb") as out:
            # The lock's descriptor goes to the capture: the target stays locked while it
            # runs, even if this process dies. Its own session: a Ctrl-C on the terminal
            # reaches only this process, which forwards one SIGTERM (Scrapy takes a second
            # signal as "stop now, unclean").
            proc = subprocess.Popen(self.command(target, tdir, run_dir), stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    pass_fds=(lock.fd,), start_new_session=True)
        with self._lock:
            self._procs[pass_id] = proc
        try:
            if self.terminating:
                proc.send_signal(signal.SIGTERM)
            try:
                return proc.wait(timeout=PASS_TIME_CAP)
            except subprocess.TimeoutExpired:
                logger.error("%s: pass %s still running after %ds: stopping it", target.name,
                             pass_id, PASS_TIME_CAP)
                proc.send_signal(signal.SIGTERM)
                try:
                    return proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    return proc.wait()
        finally:
            with self._lock:
                self._procs.pop(pass_id, None)
