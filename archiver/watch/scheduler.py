"""The watch loop: passes of every target at its interval, several targets at once, until each
target meets a stop rule (or the watch is told to stop)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from archiver.cli.exitcodes import EXIT_NO_BROWSER, EXIT_OUTPUT_ERROR, EXIT_USAGE
from archiver.history.model import ERROR, FAILED, INTERRUPTED, OK
from archiver.watch.passrun import OutputError, PassRunner
from archiver.watch.queue import MemoryPassQueue, PassQueue
from archiver.watch.result import BUSY, PassResult
from archiver.watch.stoprules import STOP_TIME, explain
from archiver.watch.targets import Target

logger = logging.getLogger(__name__)

OUTPUT_ERROR = "output-error"
CAPTURE_ERROR = "capture-error"
# Capture exit codes that the next pass would meet again (bad settings, no browser, output
# not writable): the target stops instead of retrying for ever.
LASTING_FAILURES = (EXIT_USAGE, EXIT_NO_BROWSER, EXIT_OUTPUT_ERROR)
BUSY_RETRY = 30.0        # seconds before trying a target another process is capturing


class WatchObserver(Protocol):
    """What the progress display (or a test) hears. Called from worker threads."""

    def scheduled(self, target: Target, due: float) -> None: ...
    def pass_started(self, target: Target, pass_id: str) -> None: ...
    def pass_finished(self, target: Target, result: PassResult, next_due: float | None
                      ) -> None: ...
    def target_stopped(self, target: Target, reason: str, detail: str) -> None: ...


@dataclass
class WatchOutcome:
    stopped: dict[str, str] = field(default_factory=dict)   # target -> stop reason
    errors: dict[str, str] = field(default_factory=dict)    # target -> why it cannot go on
    exit_codes: dict[str, int] = field(default_factory=dict)   # target -> capture exit code
    interrupted: bool = False
    passes: int = 0


class Scheduler:
    def __init__(self, targets: Sequence[Target], runner: PassRunner,
                 observer: WatchObserver, *, queue: PassQueue | None = None,
                 max_parallel: int = 2, clock: Callable[[], float] = time.time) -> None:
        self.targets = {t.name: t for t in targets}
        self.runner = runner
        self.observer = observer
        self.queue: PassQueue = queue or MemoryPassQueue()
        self.max_parallel = max(1, max_parallel)
        self.clock = clock
        self.outcome = WatchOutcome()
        self._running: dict[str, threading.Thread] = {}
        self._wake = threading.Condition()
        self._stopping = False

    def stop(self) -> None:
        """Stop scheduling; running passes are asked to stop (they close their files)."""
        with self._wake:
            self._stopping = True
            self.outcome.interrupted = True
            self._wake.notify_all()
        self.runner.terminate()

    def run(self) -> WatchOutcome:
        now = self.clock()
        for target in self.targets.values():
            self.queue.put(target.name, now)
            self.observer.scheduled(target, now)
        with self._wake:
            while not self._stopping and (self._running or self.queue.next_due() is not None):
                free = self.max_parallel - len(self._running)
                for name in self.queue.take_due(self.clock(), free) if free > 0 else []:
                    self._start(self.targets[name])
                due = self.queue.next_due()
                wait = 1.0 if due is None else min(1.0, max(0.05, due - self.clock()))
                self._wake.wait(timeout=wait)
            running = list(self._running.values())
        for thread in running:
            thread.join()
        return self.outcome

    def _start(self, target: Target) -> None:
        thread = threading.Thread(target=self._pass, args=(target,),
                                  name=f"pass-{target.name}", daemon=True)
        self._running[target.name] = thread
        thread.start()

    def _pass(self, target: Target) -> None:
        started = self.clock()
        stop: tuple[str, str] | None = None
        try:
            result = self.runner.run(target, lambda pid: self.observer.pass_started(target,
                                                                                      pid))
        except OutputError as exc:
            result = PassResult(target.name, ERROR, error=str(exc))
            self.outcome.errors[target.name] = str(exc)
            self.outcome.exit_codes[target.name] = EXIT_OUTPUT_ERROR
            stop = (OUTPUT_ERROR, str(exc))
        except Exception as exc:   # a bug must not end the watch of every target
            logger.exception("pass of %s failed", target.name)
            result = PassResult(target.name, ERROR, error=f"{type(exc).__name__}: {exc}")
        if result.status in (OK, FAILED, INTERRUPTED, ERROR):
            self.outcome.passes += 1
        next_due = None
        if stop is None and not self._stopping:
            next_due, stop = self._next(target, result, started)
        self.observer.pass_finished(target, result, next_due)
        if stop is not None:
            self.outcome.stopped[target.name] = stop[0]
            self.observer.target_stopped(target, *stop)
        with self._wake:
            # Queued only now, with the pass off the running list: the target cannot be
            # taken again while this pass is still being reported.
            self._running.pop(target.name, None)
            if next_due is not None and not self._stopping:
                self.queue.put(target.name, next_due)
            self._wake.notify_all()

    def _next(self, target: Target, result: PassResult, started: float
              ) -> tuple[float | None, tuple[str, str] | None]:
        """When the next pass is due, or why there is none."""
        if result.stop_reason:
            return None, (result.stop_reason, explain(result.stop_reason, target.stop))
        if result.status == ERROR and result.exit_code in LASTING_FAILURES:
            self.outcome.errors[target.name] = result.error or "the capture failed"
            self.outcome.exit_codes[target.name] = int(result.exit_code or 1)
            return None, (CAPTURE_ERROR, result.error or "the capture failed")
        if result.status == BUSY:
            due = self.clock() + min(BUSY_RETRY, target.every)
        elif result.status == OK:
            due = max(started + target.every, self.clock())
        else:
            due = max(started + target.retry_every, self.clock())
        if result.deadline and due > _epoch(result.deadline):
            return None, (STOP_TIME, f"the time limit ({result.deadline}) comes before the "
                          "next pass")
        return due, None


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
