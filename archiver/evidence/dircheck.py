"""Verify a capture run directory: SHA256SUMS, capture.json, custody log, every WARC
record, the entries file, and any package made from it."""

from __future__ import annotations

import json
from pathlib import Path

from archiver.evidence import custody, rundir, sums
from archiver.evidence.entrycheck import check_entries, keep_entries
from archiver.evidence.outcome import Outcome
from archiver.evidence.waczcheck import Trust, check_wacz
from archiver.evidence.warccheck import RecordInfo, WarcCheck, check_warc
from archiver.runinfo import sha256_file


def check_warc_file(path: Path, label: str | None = None) -> WarcCheck:
    label = label or path.name
    with path.open("rb") as fh:
        return check_warc(fh, label, keep_entries, path.stat().st_size)


def check_sums_for(path: Path, sha256: str | None = None) -> Outcome:
    """A lone file against a SHA256SUMS beside it or one directory up, if one lists it
    (``sha256``: the file's hash, when the caller has it)."""
    out = Outcome()
    for directory in (path.parent, path.parent.parent):
        entries = sums.read_sums(directory)
        if not entries:
            continue
        name = sums.relative_name(directory, path)
        if name in entries:
            actual = sha256 or sha256_file(path)
            if actual != entries[name]:
                out.tampered(f"{name}: sha256 {actual} differs from {directory / sums.NAME}")
            else:
                out.ok(f"{name}: sha256 matches {directory / sums.NAME}")
            return out
    return out


def check_run_dir(run_dir: Path, trust: Trust | None = None
                  ) -> tuple[Outcome, dict[str, str]]:
    """The checks, and the sha256 of every deliverable as hashed for them (relative name ->
    hex): what a ``verify`` custody entry records."""
    out = Outcome()
    # The WARCs are checked first: their hashes come from the same read as their records.
    # Their lines still follow those of the bookkeeping checks.
    warc_out = Outcome()
    kept: list[tuple[str, RecordInfo]] = []
    hashed: dict[str, str] = {}
    warcs = rundir.warc_files(run_dir)
    for warc in warcs:
        label = sums.relative_name(run_dir, warc)
        report = check_warc_file(warc, label)
        warc_out.extend(report.outcome)
        kept += [(label, r) for r in report.records if r.block is not None]
        hashed[label] = report.sha256
    current: dict[str, str] = {}
    for path in rundir.all_deliverables(run_dir):
        name = sums.relative_name(run_dir, path)
        current[name] = hashed.get(name) or sha256_file(path)
    _check_manifest(run_dir, current, out)
    _check_summary(run_dir, current, out)
    _check_custody(run_dir, current, out)
    for unfinished in rundir.open_warcs(run_dir):
        out.cannot(f"{unfinished.name}: WARC still open (capture running or killed: "
                   "archiver recover)")
    if not warcs:
        out.cannot(f"{run_dir.name}: no WARC files")
    out.extend(warc_out)
    entries = run_dir / "entries.jsonl"
    if entries.is_file():
        out.extend(check_entries("entries.jsonl", entries.read_bytes(), kept))
    for package in sorted(run_dir.glob("*.wacz")):
        out.extend(check_wacz(package, trust))
    return out, current


def _check_manifest(run_dir: Path, current: dict[str, str], out: Outcome) -> None:
    try:
        results = sums.check_sums(run_dir, current)
    except ValueError as exc:
        out.tampered(str(exc))
        return
    if results is None:
        out.cannot(f"{sums.NAME}: missing (the capture ended before writing it?)")
        return
    for result in results:
        if result.actual is None:
            out.tampered(f"{result.name}: listed in {sums.NAME} but missing (removed or "
                         "renamed)")
        elif not result.ok:
            out.tampered(f"{result.name}: sha256 {result.actual} differs from {sums.NAME} "
                         f"({result.expected})")
    for name in sorted(set(current) - {r.name for r in results}):
        out.cannot(f"{name}: not covered by {sums.NAME}")
    if all(r.ok for r in results):
        out.ok(f"{sums.NAME}: all {len(results)} files match (sha256sum -c SHA256SUMS)")


def _check_summary(run_dir: Path, current: dict[str, str], out: Outcome) -> None:
    path = run_dir / "capture.json"
    if not path.is_file():
        out.cannot("capture.json: missing")
        return
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        files = list(summary.get("warc_files") or [])
        if summary.get("entries_file"):
            files.append(summary["entries_file"])
        recorded = {f["name"]: f["sha256"] for f in files}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        out.tampered(f"capture.json: unreadable: {exc!r}")
        return
    by_name = {Path(k).name: v for k, v in current.items()}
    bad = 0
    for name, digest in recorded.items():
        if name not in by_name:
            out.tampered(f"{name}: named in capture.json but missing")
            bad += 1
        elif by_name[name] != digest:
            out.tampered(f"{name}: sha256 {by_name[name]} differs from capture.json ({digest})")
            bad += 1
    if not bad:
        out.ok(f"capture.json: the {len(recorded)} files it lists match")


def _check_custody(run_dir: Path, current: dict[str, str], out: Outcome) -> None:
    path = run_dir / custody.NAME
    if not path.is_file():
        out.cannot(f"{custody.NAME}: missing")
        return
    check = custody.check_chain(path)
    for problem in check.problems:
        out.tampered(problem)
    first: dict[str, tuple[str, int]] = {}
    for entry in check.entries:
        if entry.get("action") == "capture":
            for name, digest in (entry.get("files") or {}).items():
                first.setdefault(str(name), (str(digest), int(entry.get("seq") or 0)))
    last = custody.latest_hashes(check.entries)
    bad = 0
    for name, (digest, seq) in sorted(first.items()):
        # What the capture recorded is the reference: no later step may change it.
        if name not in current:
            out.tampered(f"{name}: recorded by the capture (custody entry {seq}) but missing")
            bad += 1
        elif current[name] != digest or last[name][0] != digest:
            out.tampered(f"{name}: sha256 {current[name]} differs from {custody.NAME} "
                         f"(capture entry {seq} recorded {digest})")
            bad += 1
    for name, (digest, seq) in sorted(last.items()):
        if name not in first and name in current and current[name] != digest:
            out.tampered(f"{name}: sha256 {current[name]} differs from {custody.NAME} "
                         f"(entry {seq} recorded {digest})")
            bad += 1
    actions = [str(e.get("action")) for e in check.entries]
    if not bad and not check.problems:
        out.ok(f"{custody.NAME}: {len(actions)} entries ({', '.join(actions)}), chain intact, "
               "recorded hashes match the files")
