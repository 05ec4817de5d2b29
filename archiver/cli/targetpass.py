"""One pass of a target of a targets file (``archiver capture --targets FILE --target NAME``):
for cron and systemd timers. Idempotent: a busy target answers EXIT_BUSY, a target whose stop
rule holds captures nothing, and a repeated pass only adds what changed."""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from archiver.cli.exitcodes import (
    EXIT_BUSY,
    EXIT_CAPTURE_FAILED,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT_ERROR,
    EXIT_USAGE,
)
from archiver.history.model import FAILED, INTERRUPTED, OK
from archiver.watch.passrun import OutputError, PassRunner
from archiver.watch.progress import describe
from archiver.watch.result import BUSY, STOPPED, PassResult
from archiver.watch.scheduler import LASTING_FAILURES
from archiver.watch.stoprules import explain
from archiver.watch.targets import TargetsError, TargetsFile, load_targets

DEFAULT_OUTPUT_ROOT = Path("output")


def output_root(tfile: TargetsFile | None, override: Path | None) -> Path:
    """The command line's ``--output-root``, else the targets file's, else ``./output``."""
    if override is not None:
        return override
    if tfile is not None and tfile.output_root is not None:
        return tfile.output_root
    return DEFAULT_OUTPUT_ROOT


@contextmanager
def forwarding_signals(stop: Callable[[], None]) -> Iterator[None]:
    """SIGINT and SIGTERM call ``stop()`` once (the captures then close their files)."""
    fired = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:
            fired = True
            stop()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def exit_code(result: PassResult) -> int:
    if result.status in (OK, STOPPED):
        return EXIT_OK
    if result.status == FAILED:
        return EXIT_CAPTURE_FAILED
    if result.status == BUSY:
        return EXIT_BUSY
    if result.status == INTERRUPTED:
        return EXIT_INTERRUPTED
    if result.exit_code in LASTING_FAILURES:     # the capture cannot work: say why
        return int(result.exit_code or EXIT_FAILURE)
    return EXIT_FAILURE


def run_target_pass(targets_path: Path, name: str, *, root: Path | None,
                    settings: Sequence[tuple[str, str]] = (), force: bool = False,
                    as_json: bool = False) -> int:
    try:
        tfile = load_targets(targets_path)
        target = tfile.get(name)
    except TargetsError as exc:
        print(f"archiver: {exc}", file=sys.stderr)
        return EXIT_USAGE
    runner = PassRunner(output_root(tfile, root), extra_settings=settings, force=force)
    try:
        with forwarding_signals(runner.terminate):
            result = runner.run(target)
    except OutputError as exc:
        print(f"archiver: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT_ERROR
    if as_json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    if result.status == BUSY:
        print(f"archiver: target {target.name} is busy: {result.error}", file=sys.stderr)
    elif result.status == STOPPED:
        print(f"archiver: target {target.name} is done ("
              f"{explain(result.stop_reason or '', target.stop)}): nothing captured; "
              "--force captures anyway", file=sys.stderr)
    elif not as_json:
        root_dir = runner.target_dir(target).root
        print(f"{target.name}: pass {result.pass_id} {describe(result)}")
        print(f"  {root_dir / (result.run_dir or '')}")
        for line in result.recovered:
            print(f"  recovered a killed pass's WARC: {line}")
        if result.stop_reason:
            print(f"  target done: {explain(result.stop_reason, target.stop)}")
    return exit_code(result)
