"""Headless Chromium (the project's own, via Playwright) as a replay judge: what a reader sees."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Request, Response, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from archiver.browser import find_chromium, launch_options

from .runner import JudgeError

logger = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
JS_TEXT = "() => document.body ? document.body.innerText : ''"


@dataclass(frozen=True)
class FrameText:
    url: str
    text: str


@dataclass
class ReplayResult:
    """The loaded page: visible text per frame, and what went wrong on the wire."""

    url: str  # where the main frame ended up (pywb redirects mp_ pages into its frame)
    status: int | None  # status of the main document
    main_text: str
    frames: list[FrameText] = field(default_factory=list)  # every child frame, in order
    bad_responses: list[tuple[int, str]] = field(default_factory=list)  # status >= 400
    # (url, error) for requests that failed and were never loaded after all: pywb's mp_ page
    # redirects itself into its frame, which aborts the first document's subresources.
    failed_requests: list[tuple[str, str]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests that tried to leave localhost

    @property
    def all_text(self) -> str:
        return "\n".join([self.main_text, *(f.text for f in self.frames)])


def _frame_text(frame: Frame) -> str:
    try:
        return str(frame.evaluate(JS_TEXT))
    except PlaywrightError as exc:  # detached or navigating frames
        logger.info("no text from frame %s: %s", frame.url, exc)
        return ""


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname in LOCAL_HOSTS


def _settle(page: Page, cap: float) -> None:
    """Wait for network idle, again if the page navigated meanwhile (pywb's top-frame
    redirect), never longer than ``cap`` seconds in all."""
    deadline = time.monotonic() + cap
    while (left := deadline - time.monotonic()) > 0:
        before = page.url
        try:
            page.wait_for_load_state("networkidle", timeout=left * 1000)
            page.wait_for_timeout(300)
        except PlaywrightTimeout:
            break
        if page.url == before:
            return
    logger.info("network not idle after %.0fs on %s; reading the page anyway", cap, page.url)


def replay_in_chromium(url: str, *, timeout: float = 60.0, idle_cap: float = 15.0,
                       interact: Callable[[Page], None] | None = None) -> ReplayResult:
    """Load ``url`` in headless Chromium, wait for network idle (at most ``idle_cap`` seconds
    after `load`), and report the text of the main frame and of every child frame.

    ``interact`` does what a reader would do on the replayed page (click "load more", scroll),
    after which the page settles again before it is read.

    Any request to a host other than localhost is aborted and listed in ``blocked``: replay
    must not reach the live web, and tests must never leave 127.0.0.1.
    """
    choice = find_chromium()
    if choice is None:
        raise JudgeError("no Chromium found for the replay judge: run `./dev test` or set "
                         "ARCHIVER_CHROMIUM")
    bad: list[tuple[int, str]] = []
    failed: list[tuple[str, str]] = []
    blocked: list[str] = []

    def route(handler: Route) -> None:
        if _is_local(handler.request.url):
            handler.continue_()
        else:
            blocked.append(handler.request.url)
            handler.abort("blockedbyclient")

    loaded: set[str] = set()

    def on_response(response: Response) -> None:
        if response.status >= 400:
            bad.append((response.status, response.url))
        else:
            loaded.add(response.url)

    def on_failed(request: Request) -> None:
        if request.url not in blocked:
            failed.append((request.url, request.failure or "failed"))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options(choice.path))
        try:
            # Service workers would answer requests where routing cannot see them.
            context = browser.new_context(service_workers="block")
            context.route("**/*", route)
            page = context.new_page()
            page.on("response", on_response)
            page.on("requestfailed", on_failed)
            try:
                response = page.goto(url, wait_until="load", timeout=timeout * 1000)
            except PlaywrightError as exc:
                raise JudgeError(f"Chromium could not load {url}: {exc}") from exc
            _settle(page, idle_cap)
            if interact is not None:
                interact(page)
                _settle(page, idle_cap)
            main = page.main_frame
            frames = [FrameText(f.url, _frame_text(f)) for f in page.frames if f is not main]
            failed = [(u, why) for u, why in failed if u not in loaded]
            return ReplayResult(page.url, response.status if response else None,
                                _frame_text(main), frames, bad, failed, blocked)
        finally:
            browser.close()
