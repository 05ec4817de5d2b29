"""Expanding a liveblog: click "load more" until no new entries appear, within bounds."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error, Page

from archiver.capture.behaviours.clickables import find_clickable
from archiver.capture.hints import CaptureHints
from archiver.capture.outcome import Outcome, error_line

LOAD_MORE_TEXT = (
    r"^(toon meer|meer laden|laad meer|toon meer berichten|meer berichten|oudere berichten|"
    r"toon oudere berichten|bekijk meer|show more|load more|load more posts|show more posts|"
    r"more posts|older posts|see more|view more|show older|load older|show older posts|"
    r"mehr laden|mehr anzeigen|weitere beiträge|ältere beiträge|ältere einträge|"
    r"afficher plus|voir plus|charger plus|carica altri|mostra altro|mostra altri|"
    r"ver más|cargar más|mostrar más|pokaż więcej|załaduj więcej|wczytaj więcej)"
    r"( (updates|berichten|posts|entries|items|news))?( ?[+↓▼›»]| ?\(\d+\))?$"
)

# Counting entries: the profile's selector, else the size of the document (a proxy that grows
# whenever entries are added, whatever the markup).
_COUNT_JS = """
(selector) => selector ? document.querySelectorAll(selector).length
                       : document.getElementsByTagName('*').length
"""


# Installed just before a click: a listener on the window, which runs after the site's own
# click handlers, stops a click that would still take the page to another document (a "load
# more" that is a plain link to "?page=2"): the page being captured must stay this page. The
# link is kept, and captured as a page of its own (see archiver.capture.pagination).
_HOLD_NAVIGATION_JS = """
() => {
  window.__archiverHeld = null;
  if (window.__archiverGuard) return;
  window.__archiverGuard = (e) => {
    if (e.defaultPrevented) return;
    const a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
    if (!a) return;
    const to = new URL(a.href, location.href), here = new URL(location.href);
    to.hash = ''; here.hash = '';
    if (!/^https?:$/.test(to.protocol) || (to.href === here.href && !a.target)) return;
    e.preventDefault();
    window.__archiverHeld = to.href;
  };
  window.addEventListener('click', window.__archiverGuard);
}
"""
_HELD_JS = "() => window.__archiverHeld || null"


async def _held_navigation(page: Page) -> str | None:
    try:
        held = await page.main_frame.evaluate(_HELD_JS)
    except Error:
        return None
    return str(held) if held else None


async def _count(page: Page, selector: str | None) -> int:
    try:
        return int(await page.main_frame.evaluate(_COUNT_JS, selector))
    except Error:
        return -1


async def expand(page: Page, hints: CaptureHints, max_clicks: int, timeout: float,
                 wait_per_click: float = 8.0) -> Outcome:
    outcome = Outcome("load-more")
    deadline = time.monotonic() + timeout
    first = before = await _count(page, hints.entry_selector)
    clicks = 0
    reason = "no load-more button"
    next_page: str | None = None
    while clicks < max_clicks:
        if time.monotonic() >= deadline:
            reason = "time limit"
            break
        target = await find_clickable(page, hints.load_more_selectors, LOAD_MORE_TEXT,
                                      frames=False)
        if target is None:
            reason = "no load-more button" if clicks == 0 else "button gone"
            break
        try:
            await page.main_frame.evaluate(_HOLD_NAVIGATION_JS)
            await target.element.scroll_into_view_if_needed(timeout=2000)
            await target.element.click(timeout=5000)
        except Error as exc:
            reason = f"click failed: {error_line(exc)}"
            break
        held = await _held_navigation(page)
        if held is not None:
            next_page = held
            reason = "the button is a link to another page"
            break
        clicks += 1
        grew = False
        until = min(deadline, time.monotonic() + wait_per_click)
        while time.monotonic() < until:
            await asyncio.sleep(0.2)
            now = await _count(page, hints.entry_selector)
            if now > before:
                grew = True
                # Let the rest of the batch arrive before counting again.
                await asyncio.sleep(0.3)
                before = await _count(page, hints.entry_selector)
                break
        if not grew:
            reason = "no new entries after a click"
            break
    else:
        reason = "click limit"
    status = "not-needed" if clicks == 0 and reason == "no load-more button" else (
        "done" if reason in ("button gone", "no new entries after a click")
        or next_page is not None else "partial")
    return outcome.finish(status, clicks=clicks, stopped_because=reason,
                          count_before=first, count_after=before,
                          counted_by=hints.entry_selector or "element count",
                          next_page=next_page)
