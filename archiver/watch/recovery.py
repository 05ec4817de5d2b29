"""What a killed pass left behind, dealt with at the next start (with the target's lock held):
its ``.open`` WARC files are recovered (complete records kept, the cut tail saved beside
them) or reported, and the pass is recorded as interrupted with its changes discarded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from archiver.history.model import INTERRUPTED, RUNNING, now_text
from archiver.history.store import HistoryStore
from archiver.runinfo import write_json_atomic
from archiver.warc.files import OPEN_SUFFIX
from archiver.warc.recover import recover
from archiver.watch.layout import PASS_FILE, TargetDir
from archiver.watch.watchlog import WatchLog

logger = logging.getLogger(__name__)

KILLED = "the pass was killed before it finished; found at the next start"


@dataclass
class Recovered:
    pass_id: str
    recovered: list[str] = field(default_factory=list)   # report lines, one per WARC file
    unrecoverable: list[str] = field(default_factory=list)


def recover_open_warcs(run_dir: Path, log: WatchLog, pass_id: str) -> Recovered:
    """Recover every ``.warc.gz.open`` of a pass directory whose capture is over."""
    found = Recovered(pass_id)
    for path in sorted((run_dir / "warc").glob("*" + OPEN_SUFFIX)):
        try:
            report = recover(path)
        except (OSError, ValueError) as exc:
            found.unrecoverable.append(f"{path.name}: {exc}")
            log.event("warc-unrecoverable", level="error", pass_id=pass_id, file=str(path),
                      error=str(exc))
            continue
        found.recovered.append(report.describe())
        log.event("warc-recovered", level="warning", pass_id=pass_id, file=str(report.output),
                  records=report.records, kept_bytes=report.kept_bytes,
                  cut_bytes=report.cut_bytes,
                  cut_file=str(report.cut_file) if report.cut_file else None)
    return found


def warc_bytes(run_dir: Path) -> int:
    return sum(p.stat().st_size for p in (run_dir / "warc").glob("*.warc.gz"))


def recover_leftovers(tdir: TargetDir, store: HistoryStore, log: WatchLog) -> list[Recovered]:
    """Passes still marked running (or pass directories the history does not know, or that
    hold ``.open`` files): their capture is gone, since the lock is ours."""
    rows = {p.pass_id: p for p in store.passes()}
    done: list[Recovered] = []
    if not tdir.passes.is_dir():
        return done
    for run_dir in sorted(p for p in tdir.passes.iterdir() if p.is_dir()):
        row = rows.get(run_dir.name)
        has_open = any((run_dir / "warc").glob("*" + OPEN_SUFFIX))
        if row is not None and row.status != RUNNING and not has_open:
            continue
        found = recover_open_warcs(run_dir, log, run_dir.name)
        if row is None:
            store.begin_pass(run_dir.name, "", now_text(), str(run_dir.relative_to(tdir.root)))
        store.finish_pass(run_dir.name, finished_at=now_text(), exit_code=None,
                          warc_bytes=warc_bytes(run_dir), error=KILLED,
                          status_if_running=INTERRUPTED)
        log.event("pass-interrupted", level="warning", pass_id=run_dir.name, error=KILLED,
                  recovered=found.recovered, unrecoverable=found.unrecoverable,
                  history="discarded")
        _note(run_dir, found)
        done.append(found)
    return done


def _note(run_dir: Path, found: Recovered) -> None:
    """pass.json of the killed pass says what happened to it."""
    try:
        write_json_atomic(run_dir / PASS_FILE, {
            "pass_id": found.pass_id, "status": INTERRUPTED, "history": "discarded",
            "error": KILLED, "recovered": found.recovered,
            "unrecoverable": found.unrecoverable, "noted_at": now_text()})
    except OSError as exc:
        logger.error("could not write %s: %s", run_dir / PASS_FILE, exc)
