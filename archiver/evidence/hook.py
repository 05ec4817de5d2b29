"""What every capture does at its end: SHA256SUMS over its files and the ``capture`` entry
of the custody log. Idempotent, and it never raises: evidence bookkeeping must not turn a
good capture into a failed one."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from archiver.evidence import custody, rundir, sums

logger = logging.getLogger(__name__)


def _operator(run_dir: Path, summary: dict[str, Any]) -> str | None:
    if summary.get("operator"):
        return str(summary["operator"])
    try:
        from archiver.warc.reader import iter_records
        for warc in rundir.warc_files(run_dir)[:1]:
            for record in iter_records(warc, types=frozenset({"warcinfo"})):
                for line in (record.payload or b"").decode("utf-8", "replace").splitlines():
                    name, _, value = line.partition(":")
                    if name.strip() == "operator":
                        return value.strip()
                break
    except (OSError, ValueError) as exc:
        logger.warning("could not read the operator from the warcinfo record: %s", exc)
    return None


def _details(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("started_at", "finished_at", "finish_reason", "fatal_error", "mode", "browser",
            "user_agent")
    details = {k: summary.get(k) for k in keys if k in summary}
    details["pages"] = [p.get("final_url") or p.get("url") for p in summary.get("pages") or []
                        if isinstance(p, dict)]
    return details


def after_capture(run_dir: Path, summary: dict[str, Any]) -> None:
    """Write ``SHA256SUMS`` over the capture's files and append the ``capture`` custody entry.

    Called once a capture has written ``capture.json``. Running it again changes nothing;
    a hash already recorded is never replaced (a file that changed since is logged as an
    error and left for ``archiver verify`` to report).
    """
    try:
        _after_capture(Path(run_dir), summary or {})
    except Exception:
        logger.exception("evidence bookkeeping failed for %s", run_dir)


def _after_capture(run_dir: Path, summary: dict[str, Any]) -> None:
    if not run_dir.is_dir():
        logger.error("no run directory %s: no SHA256SUMS or custody entry written", run_dir)
        return
    for unfinished in rundir.open_warcs(run_dir):
        logger.warning("%s is still open: not in SHA256SUMS (run archiver recover)", unfinished)
    files = rundir.capture_deliverables(run_dir)
    if not files:
        logger.warning("%s holds no capture files: nothing to record", run_dir)
        return
    recorded = sums.add_files(run_dir, files, replace=False)
    log_path = run_dir / custody.NAME
    earlier = [e for e in custody.read_entries(log_path) if e.get("action") == "capture"]
    known: dict[str, str] = {}
    for entry in earlier:
        known.update(entry.get("files") or {})
    new = {name: digest for name, digest in recorded.items() if name not in known}
    changed = [name for name, digest in recorded.items()
               if name in known and known[name] != digest]
    for name in changed:
        logger.error("%s: %s differs from its hash in the custody log", run_dir, name)
    if earlier and not new:
        logger.info("custody log of %s already records this capture", run_dir)
        return
    custody.append(log_path, "capture", new if earlier else recorded,
                   actor=_operator(run_dir, summary), details=_details(summary))
    logger.info("recorded %d file(s) in %s and %s", len(recorded), sums.NAME, log_path.name)
