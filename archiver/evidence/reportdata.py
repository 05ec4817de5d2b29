"""The facts a capture report shows, gathered from the run directory's own files."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.evidence import custody, rundir, sums
from archiver.evidence.cdx import ScannedRecord, scan_warc
from archiver.rederive import parse_pageinfo
from archiver.runinfo import sha256_file

logger = logging.getLogger(__name__)


@dataclass
class PageFacts:
    url: str
    title: str
    status: int | None
    captured_at: str                    # WARC-Date of the main response
    server_ip: str | None
    started_at: str | None
    finished_at: str | None
    entries: int
    embeds: list[dict[str, Any]] = field(default_factory=list)
    behaviours: list[dict[str, Any]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    screenshot: bytes | None = None
    screenshot_record: str | None = None
    main_record: str | None = None


@dataclass
class FileFacts:
    name: str
    size: int
    sha256: str
    in_manifest: bool


@dataclass
class ReportFacts:
    run_dir: Path
    summary: dict[str, Any]
    warcinfo: dict[str, str]
    pages: list[PageFacts]
    entries: list[dict[str, Any]]
    files: list[FileFacts]
    custody: list[dict[str, Any]]


def _warcinfo(payload: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields.setdefault(name.strip(), value.strip())
    return fields


def _wanted(rec_type: str, uri: str) -> bool:
    # Only small records and the screenshots: bodies of every response would not fit in
    # memory for a large capture.
    return rec_type == "warcinfo" or uri.startswith(("urn:pageinfo:", "urn:screenshot:"))


def _read_warcs(run_dir: Path) -> tuple[dict[str, str], list[PageFacts]]:
    info: dict[str, str] = {}
    infos: list[tuple[ScannedRecord, dict[str, Any]]] = []
    by_id: dict[str, ScannedRecord] = {}
    for warc in rundir.warc_files(run_dir):
        for record in scan_warc(warc, _wanted):
            uri = record.header("warc-target-uri") or ""
            if record.rec_type == "warcinfo":
                if not info:
                    info = _warcinfo(record.payload or b"")
            elif record.rec_type == "metadata" and uri.startswith("urn:pageinfo:"):
                infos.append((record, parse_pageinfo(record.payload or b"")))
            elif record.rec_type == "response" or uri.startswith("urn:screenshot:"):
                by_id[record.header("warc-record-id") or ""] = record
    pages = []
    for record, parsed in infos:
        page = parsed.get("page") or {}
        snap = parsed.get("snapshot") or {}
        main = by_id.get(str(page.get("main_record_id") or record.header("warc-refers-to")))
        shot = by_id.get(str(snap.get("screenshot") or ""))
        embeds: list[dict[str, Any]] = []
        for behaviour in parsed.get("behaviour") or []:
            if isinstance(behaviour, dict) and behaviour.get("name") == "embeds":
                embeds = list(behaviour.get("embeds") or [])
        pages.append(PageFacts(
            url=str(page.get("final_url") or page.get("url") or ""),
            title=str(page.get("title") or ""), status=page.get("status"),
            captured_at=(main.header("warc-date") if main else "") or "",
            server_ip=main.header("warc-ip-address") if main else None,
            started_at=page.get("started_at"), finished_at=page.get("finished_at"),
            entries=0, embeds=embeds,
            behaviours=[b for b in parsed.get("behaviour") or [] if isinstance(b, dict)],
            issues=[str(i) for i in parsed.get("issue") or []],
            screenshot=shot.payload if shot else None,
            screenshot_record=shot.header("warc-record-id") if shot else None,
            main_record=main.header("warc-record-id") if main else None))
    return info, pages


def _entries(run_dir: Path) -> list[dict[str, Any]]:
    return custody.read_entries(run_dir / "entries.jsonl")


def gather(run_dir: Path) -> ReportFacts:
    """Everything the report needs. Raises FileNotFoundError when this is no capture."""
    summary_path = run_dir / "capture.json"
    if not summary_path.is_file():
        raise FileNotFoundError(f"{run_dir} has no capture.json: not a finished capture")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    info, pages = _read_warcs(run_dir)
    entries = _entries(run_dir)
    for page in pages:
        page.entries = sum(1 for e in entries
                           if (e.get("source") or {}).get("page_url", page.url) == page.url)
    listed = sums.read_sums(run_dir) or {}
    files = []
    for path in rundir.all_deliverables(run_dir):
        name = sums.relative_name(run_dir, path)
        if name in rundir.LATER_FILES:
            continue      # the report cannot list its own hash
        files.append(FileFacts(name, path.stat().st_size, sha256_file(path), name in listed))
    return ReportFacts(run_dir, summary, info, pages, entries, files,
                       custody.read_entries(run_dir / custody.NAME))
