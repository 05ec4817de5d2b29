"""Expanding a liveblog: click "load more" until no new entries appear, within bounds."""

from __future__ import annotations

import asyncio
import contextlib
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


# Installed before the first click and removed after the last: a click listener on the
# window, which runs after the site's own click handlers, stops a click on a link that would
# still take the page to another document (a "load more" that is a plain link to "?page=2",
# or one opening a new window); a "navigate" listener (Navigation API) stops whatever else
# would (a script setting ``location``), however late; a "submit" listener stops a form
# submit (a GET form's destination is the page it would load). The page being
# captured must stay this page. The destination is kept, and captured as a page of its own
# (see archiver.capture.pagination).
_HOLD_NAVIGATION_JS = """
() => {
  window.__archiverHeld = null;
  if (window.__archiverGuard) return;
  const other = (href) => {
    const to = new URL(href, location.href), here = new URL(location.href);
    to.hash = ''; here.hash = '';
    return /^https?:$/.test(to.protocol) && to.href !== here.href ? to.href : null;
  };
  window.__archiverGuard = (e) => {
    if (e.defaultPrevented) return;
    const a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
    if (!a) return;
    const to = new URL(a.href, location.href);
    if (!/^https?:$/.test(to.protocol)) return;
    const target = (a.getAttribute('target') || '').toLowerCase();
    const leaves = other(a.href) || (target && target !== '_self' ? to.href : null);
    if (!leaves) return;
    e.preventDefault();
    window.__archiverHeld = leaves;
  };
  window.__archiverNavigate = (e) => {
    if (!e.cancelable || e.hashChange || e.downloadRequest !== null
        || e.navigationType === 'traverse' || e.navigationType === 'reload'
        || (e.destination && e.destination.sameDocument)) return;
    const to = other(e.destination.url);
    if (!to) return;
    e.preventDefault();
    if (!window.__archiverHeld) window.__archiverHeld = to;
  };
  window.__archiverSubmit = (e) => {
    if (e.defaultPrevented || !e.target || e.target.tagName !== 'FORM') return;
    const form = e.target, sub = e.submitter;
    const method = ((sub && sub.getAttribute('formmethod')) || form.method || 'get').toLowerCase();
    if (method === 'dialog') return;
    const to = new URL((sub && sub.getAttribute('formaction')) || form.action || location.href,
                       location.href);
    if (method === 'get') {
      to.search = new URLSearchParams(new FormData(form, sub || undefined)).toString();
    }
    e.preventDefault();
    window.__archiverHeld = to.href;
  };
  window.addEventListener('click', window.__archiverGuard);
  window.addEventListener('submit', window.__archiverSubmit);
  if (window.navigation) window.navigation.addEventListener('navigate', window.__archiverNavigate);
}
"""
_RELEASE_JS = """
() => {
  if (!window.__archiverGuard) return;
  window.removeEventListener('click', window.__archiverGuard);
  window.removeEventListener('submit', window.__archiverSubmit);
  if (window.navigation) {
    window.navigation.removeEventListener('navigate', window.__archiverNavigate);
  }
  window.__archiverGuard = window.__archiverNavigate = window.__archiverSubmit = undefined;
}
"""
_HELD_JS = "() => window.__archiverHeld || null"


async def _held_navigation(page: Page) -> str | None:
    try:
        held = await page.main_frame.evaluate(_HELD_JS)
    except Error:
        return None
    return str(held) if held else None


async def _release(page: Page) -> None:
    with contextlib.suppress(Error):
        await page.main_frame.evaluate(_RELEASE_JS)


async def _count(page: Page, selector: str | None) -> int:
    try:
        return int(await page.main_frame.evaluate(_COUNT_JS, selector))
    except Error:
        return -1


async def expand(page: Page, hints: CaptureHints, max_clicks: int, timeout: float,
                 wait_per_click: float = 8.0) -> Outcome:
    try:
        return await _expand(page, hints, max_clicks, timeout, wait_per_click)
    finally:
        # Later behaviours and the site's own scripts may navigate as they please.
        await _release(page)


async def _expand(page: Page, hints: CaptureHints, max_clicks: int, timeout: float,
                  wait_per_click: float) -> Outcome:
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
            held = await _held_navigation(page)
            if held is not None:
                break
            now = await _count(page, hints.entry_selector)
            if now > before:
                grew = True
                # Let the rest of the batch arrive before counting again.
                await asyncio.sleep(0.3)
                before = await _count(page, hints.entry_selector)
                break
        if held is not None:
            # The click led (late: a timer, a script) to another document.
            clicks -= 1
            next_page = held
            reason = "the button is a link to another page"
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
