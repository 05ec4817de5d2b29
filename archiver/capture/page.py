"""Capturing one loaded page: run the behaviours in order, then snapshot DOM, frames, screenshot."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Error, Page

from archiver.capture.behaviours.consent import pass_consent
from archiver.capture.behaviours.embeds import render_embeds
from archiver.capture.behaviours.expand import expand
from archiver.capture.behaviours.quiet import wait_quiet
from archiver.capture.behaviours.scroll import scroll_through
from archiver.capture.hints import CaptureHints
from archiver.capture.outcome import Outcome, error_line
from archiver.capture.recorder import TrafficRecorder
from archiver.config import ArchiverConfig

logger = logging.getLogger(__name__)

# Chromium cannot paint taller than this in one screenshot; taller pages are clipped.
MAX_SCREENSHOT_HEIGHT = 32_000


@dataclass
class FrameSnapshot:
    url: str
    name: str
    html: bytes


@dataclass
class PageResult:
    """Everything a page capture produced besides the traffic (which is already written)."""

    requested_url: str
    final_url: str
    title: str
    started_at: datetime
    finished_at: datetime
    profile: str | None
    dom: bytes | None = None
    frames: list[FrameSnapshot] = field(default_factory=list)
    screenshot: bytes | None = None
    behaviours: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def outcome(self, name: str) -> Outcome | None:
        return next((b for b in self.behaviours if b.name == name), None)

    @property
    def embeds(self) -> tuple[int, int]:
        """(rendered, failed)"""
        found = self.outcome("embeds")
        if not found:
            return 0, 0
        return int(found.detail.get("rendered", 0)), int(found.detail.get("failed", 0))


async def detect_hints(page: Page, candidates: Sequence[CaptureHints]) -> CaptureHints | None:
    """The first profile whose detect selectors match the loaded page."""
    for hints in candidates:
        for selector in hints.detect_selectors:
            try:
                if await page.main_frame.query_selector(selector):
                    return hints
            except Error:
                continue
    return None


async def consent(page: Page, hints: CaptureHints, config: ArchiverConfig) -> Outcome:
    return await pass_consent(page, hints, config.consent_timeout)


async def run_behaviours(page: Page, recorder: TrafficRecorder, hints: CaptureHints,
                         config: ArchiverConfig) -> list[Outcome]:
    """Everything after the consent wall, in order: expand, scroll, embeds, network quiet."""
    outcomes = [await expand(page, hints, config.load_more_max_clicks,
                             config.load_more_timeout)]
    outcomes.append(await scroll_through(page, config.scroll_timeout, config.scroll_step_delay))
    outcomes.append(await render_embeds(page, hints, config.embed_timeout))
    outcomes.append(await wait_quiet(recorder, config.network_quiet, config.network_idle_cap))
    return outcomes


async def snapshot(page: Page, result: PageResult, screenshot: bool) -> None:
    """DOM of the main frame and of every child frame with a document, and a screenshot."""
    try:
        result.title = await page.title()
        result.final_url = page.url
        result.dom = (await page.content()).encode("utf-8")
    except Error as exc:
        result.errors.append(f"DOM snapshot failed: {error_line(exc)}")
    for index, frame in enumerate(page.frames):
        if frame == page.main_frame or frame.is_detached():
            continue
        if not frame.url.startswith(("http://", "https://")):
            continue
        try:
            html = await frame.content()
        except Error as exc:
            result.errors.append(f"frame {frame.url}: {error_line(exc)}")
            continue
        result.frames.append(FrameSnapshot(frame.url, frame.name or f"frame-{index}",
                                           html.encode("utf-8")))
    if screenshot:
        await _screenshot(page, result)
    result.finished_at = datetime.now(UTC)


async def _screenshot(page: Page, result: PageResult) -> None:
    try:
        height = int(await page.evaluate(
            "() => (document.scrollingElement || document.documentElement).scrollHeight"))
        if height > MAX_SCREENSHOT_HEIGHT:
            width = page.viewport_size["width"] if page.viewport_size else 1280
            result.screenshot = await page.screenshot(
                type="png", full_page=True, timeout=60_000,
                clip={"x": 0, "y": 0, "width": width, "height": MAX_SCREENSHOT_HEIGHT})
            result.extra["screenshot_clipped_at"] = MAX_SCREENSHOT_HEIGHT
        else:
            result.screenshot = await page.screenshot(type="png", full_page=True,
                                                      timeout=60_000)
    except Error as exc:
        result.errors.append(f"screenshot failed: {error_line(exc)}")
