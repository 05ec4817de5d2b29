"""One rendered page from load to entries: behaviours, snapshot, page records, extraction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Error, Page

from archiver import __version__
from archiver.archive import Archive, FrameInput, PageRecords, pageinfo_fields
from archiver.capture.hints import CaptureHints, hints_from_profile
from archiver.capture.outcome import error_line
from archiver.capture.page import (
    PageResult,
    consent,
    detect_hints,
    run_behaviours,
    snapshot,
)
from archiver.capture.pagination import is_further_page, next_pages
from archiver.capture.recorder import TrafficRecorder
from archiver.config import ArchiverConfig
from archiver.extract import PageSnapshot, SourceRef, entry_to_json_line, extract_entries
from archiver.profiles import SiteProfile, all_profiles, get_profile, profile_for_url
from archiver.warc.records import iso_utc

logger = logging.getLogger(__name__)

INTERRUPTED = ("interrupted (shutdown signal or ARCHIVER_PAGE_TIMEOUT) before the page was "
               "finished; what it showed then is kept")


@dataclass
class PageSummary:
    """What the run summary, the progress display and the exit code need about one page."""

    url: str
    final_url: str | None = None
    status: int | None = None
    title: str | None = None
    entries: int = 0
    embeds_rendered: int = 0
    embeds_failed: int = 0
    closed: bool = False
    error: str | None = None
    records: PageRecords | None = None
    behaviours: list[dict[str, Any]] = field(default_factory=list)
    # Pagination: the further pages this page links to, and, for a further page, the URL
    # of the liveblog's first page and how many pages it is from there.
    next_pages: list[str] = field(default_factory=list)
    first_page: str | None = None
    page_number: int = 1
    # Set by the spider: the further page it captures next (None: this page ends the
    # liveblog), and whether further pages were left (the page limit): not captured whole.
    followed_by: str | None = None
    pages_left: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "final_url": self.final_url, "status": self.status,
                "title": self.title, "entries": self.entries,
                "embeds_rendered": self.embeds_rendered, "embeds_failed": self.embeds_failed,
                "closed": self.closed, "error": self.error,
                "first_page": self.first_page, "page_number": self.page_number,
                "warc_file": self.records.warc_file if self.records else None,
                "dom_record_id": self.records.dom_record_id if self.records else None}


def resolve_profile(url: str, explicit: str | None) -> SiteProfile | None:
    if explicit:
        return get_profile(explicit)
    return profile_for_url(url)


async def _detect(page: Page, current: CaptureHints) -> CaptureHints:
    found = await detect_hints(page, [hints_from_profile(p) for p in all_profiles()])
    return found or current


def main_response(recorder: TrafficRecorder, final_url: str) -> tuple[str | None, int | None]:
    """The record id and status of the main document the page ended on."""
    for url, record_id, status in reversed(recorder.main_documents):
        if url == final_url:
            return record_id, status
    if recorder.main_documents:
        _url, record_id, status = recorder.main_documents[-1]
        return record_id, status
    return None, None


async def capture_page(page: Page, recorder: TrafficRecorder, archive: Archive,
                       config: ArchiverConfig, requested_url: str,
                       explicit_profile: str | None = None) -> tuple[PageSummary,
                                                                     list[dict[str, Any]]]:
    """Run a loaded page through behaviours and snapshot; write its records; return the
    summary and the entries (JSON-ready dicts)."""
    started = datetime.now(UTC)
    profile = resolve_profile(requested_url, explicit_profile)
    hints = hints_from_profile(profile)
    result = PageResult(requested_url, page.url, "", started, started, hints.profile)
    try:
        if profile is None:
            hints = await _detect(page, hints)
        result.behaviours.append(await consent(page, hints, config))
        if hints.profile is None:
            # A consent wall hides the page's markers: look again behind it.
            hints = await _detect(page, hints)
        result.profile = hints.profile
        result.behaviours += await run_behaviours(page, recorder, hints, config)
        await snapshot(page, result, config.screenshot)
    except Error as exc:
        result.errors.append(f"page behaviour failed: {error_line(exc)}")
        result.finished_at = datetime.now(UTC)
    except asyncio.CancelledError:
        # Stopped (SIGINT/SIGTERM or the page timeout): keep what the page shows now.
        result.errors.append(INTERRUPTED)
        with contextlib.suppress(Error, TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(snapshot(page, result, screenshot=False), 5)
        result.finished_at = datetime.now(UTC)
    interrupted = INTERRUPTED in result.errors
    await recorder.close(timeout=3 if interrupted else 10, grace=0 if interrupted else 2)
    return _write(result, recorder, archive, config, explicit_profile)


def _write(result: PageResult, recorder: TrafficRecorder, archive: Archive,
           config: ArchiverConfig, explicit_profile: str | None
           ) -> tuple[PageSummary, list[dict[str, Any]]]:
    refers_to, status = main_response(recorder, result.final_url)
    rendered, failed = result.embeds
    summary = PageSummary(result.requested_url, result.final_url, status, result.title,
                          embeds_rendered=rendered, embeds_failed=failed)
    page_meta = {
        "url": result.requested_url, "final_url": result.final_url, "title": result.title,
        "status": status, "main_record_id": refers_to, "profile": result.profile,
        "explicit_profile": explicit_profile,
        "started_at": iso_utc(result.started_at, "milliseconds"),
        "finished_at": iso_utc(result.finished_at, "milliseconds"),
        "viewport": {"width": config.viewport_width, "height": config.viewport_height},
        "errors": result.errors, **result.extra,
    }
    fields = pageinfo_fields(page_meta, [b.as_dict() for b in result.behaviours],
                             [r.as_dict() for r in recorder.resources], recorder.issues)
    records = archive.write_page(
        page_url=result.final_url, refers_to=refers_to, date=result.finished_at,
        dom=result.dom, frames=[FrameInput(f.url, f.name, f.html) for f in result.frames],
        screenshot=result.screenshot, pageinfo=fields)
    summary.records = records
    summary.behaviours = [b.as_dict() for b in result.behaviours]
    for issue in recorder.issues:
        archive.log.event("capture-issue", page=result.final_url, issue=issue)
    for error in result.errors:
        archive.log.event("page-error", level="error", page=result.final_url, error=error)
    if INTERRUPTED in result.errors:
        summary.error = INTERRUPTED
    elif status is None:
        summary.error = "the page's main document was not recorded"
    elif status >= 400:
        summary.error = f"the page answered HTTP {status}"
    entries: list[dict[str, Any]] = []
    if config.extract and result.dom is not None and status is not None and status < 400:
        snap = PageSnapshot(
            url=result.final_url, html=result.dom, captured_at=result.finished_at,
            frames={f.url: f.html for f in result.frames},
            source=SourceRef(records.warc_file, records.dom_record_id,
                             result.final_url),
            profile=explicit_profile or result.profile)
        extraction = extract_entries(snap)
        entries = extraction.entries
        summary.closed = extraction.closed
        for warning in extraction.warnings:
            archive.log.event("extract-warning", level="warning", page=result.final_url,
                              warning=warning)
        archive.write_entries(page_url=result.final_url, refers_to=refers_to,
                              date=result.finished_at,
                              lines=[entry_to_json_line(e) for e in entries],
                              extractor_version=__version__)
    summary.entries = len(entries)
    summary.next_pages = _further_pages(result)
    return summary, entries


def _further_pages(result: PageResult) -> list[str]:
    """Where this page's older entries are, when they are on other pages."""
    found: list[str] = []
    expanded = result.outcome("load-more")
    held = expanded.detail.get("next_page") if expanded else None
    if isinstance(held, str) and is_further_page(result.final_url, held):
        found.append(held)
    if result.dom is not None:
        found += [u for u in next_pages(result.dom, result.final_url) if u not in found]
    return found
