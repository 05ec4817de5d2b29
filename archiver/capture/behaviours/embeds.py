"""Rendering embeds: scroll each into view and wait until its frame shows content, or time out."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import ElementHandle, Error, Page

from archiver.capture.hints import PLACEHOLDER_TEXT, RENDERED_IN_FRAME, CaptureHints
from archiver.capture.outcome import Outcome, error_line

FIRST_LOOK = 1.5

# Outermost elements matching any selector, in document order.
_LIST_JS = """
(selectors) => {
  const all = new Set();
  for (const sel of selectors) {
    try { document.querySelectorAll(sel).forEach((el) => all.add(el)); } catch (e) {}
  }
  const out = [];
  for (const el of all) {
    let p = el.parentElement, nested = false;
    while (p) { if (all.has(p)) { nested = true; break; } p = p.parentElement; }
    if (!nested) out.push(el);
  }
  out.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1);
  return out;
}
"""

_DESCRIBE_JS = """
(el, placeholder) => {
  const frame = el.tagName === 'IFRAME' ? el : el.querySelector('iframe');
  const url = el.getAttribute('data-embed-url') || el.getAttribute('data-href')
    || el.getAttribute('data-tweet-url') || el.getAttribute('cite')
    || (el.querySelector('a[href*="/status/"]') || {}).href || (frame ? frame.src : null);
  const text = (el.innerText || '').slice(0, 2000);
  return {tag: el.tagName.toLowerCase(), cls: el.className && String(el.className).slice(0, 120),
          url, has_frame: !!frame, placeholder: new RegExp(placeholder, 'i').test(text)};
}
"""

# Inside the embed's frame.
_FRAME_JS = """
(known) => {
  const ready = document.readyState === 'complete';
  for (const sel of known) { if (document.querySelector(sel)) return {ready, known: sel}; }
  const body = document.body;
  const text = body ? body.innerText.trim().length : 0;
  const media = document.querySelector('img, video, canvas, svg') !== null;
  const busy = document.querySelector(
    '[aria-busy=true], [class*=loading], [class*=skeleton], [class*=placeholder]') !== null;
  return {ready, known: null, text, media, busy};
}
"""


@dataclass
class _Embed:
    index: int
    element: ElementHandle
    info: dict[str, Any]
    first_seen: float = 0.0
    status: str = "pending"
    frame_url: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "url": self.info.get("url"), "tag": self.info.get("tag"),
                "status": self.status, "frame_url": self.frame_url, **self.detail}


async def _rendered(embed: _Embed) -> bool:
    info = await embed.element.evaluate(_DESCRIBE_JS, PLACEHOLDER_TEXT)
    if not info["has_frame"]:
        return False
    handle = await embed.element.evaluate_handle(
        "(el) => el.tagName === 'IFRAME' ? el : el.querySelector('iframe')")
    iframe = handle.as_element()
    frame = await iframe.content_frame() if iframe else None
    if frame is None:
        return False
    embed.frame_url = frame.url
    state = await frame.evaluate(_FRAME_JS, list(RENDERED_IN_FRAME))
    if state.get("known"):
        embed.detail["rendered_by"] = state["known"]
        return True
    if state["ready"] and (state["text"] > 0 or state["media"]) and not state["busy"] \
            and not info["placeholder"]:
        embed.detail["rendered_by"] = "content"
        return True
    return False


async def _check(embed: _Embed) -> bool:
    try:
        return await _rendered(embed)
    except Error as exc:
        embed.detail["last_error"] = error_line(exc)
        return False


async def _wait(embed: _Embed, until: float) -> None:
    while time.monotonic() < until:
        if await _check(embed):
            embed.status = "rendered"
            embed.detail["seconds"] = round(time.monotonic() - embed.first_seen, 3)
            return
        await asyncio.sleep(0.2)


async def render_embeds(page: Page, hints: CaptureHints, per_embed_timeout: float) -> Outcome:
    outcome = Outcome("embeds")
    try:
        listing = await page.main_frame.evaluate_handle(_LIST_JS, list(hints.all_embed_selectors))
        props = await listing.get_properties()
    except Error as exc:
        return outcome.finish("failed", error=error_line(exc), embeds=[])
    embeds: list[_Embed] = []
    for key in sorted(props, key=lambda k: int(k) if k.isdigit() else 1 << 30):
        element = props[key].as_element()
        if element is not None:
            info = await element.evaluate(_DESCRIBE_JS, PLACEHOLDER_TEXT)
            embeds.append(_Embed(len(embeds), element, info))
    # Pass 1: bring each into view (lazy widgets start loading) and take a short look.
    for embed in embeds:
        embed.first_seen = time.monotonic()
        try:
            await embed.element.scroll_into_view_if_needed(timeout=2000)
        except Error as exc:
            embed.detail["scroll_error"] = error_line(exc)
        await _wait(embed, time.monotonic() + FIRST_LOOK)
    # Pass 2: the rest, each until its own deadline; deadlines overlap, so this is bounded by
    # about one timeout, not one per embed.
    for embed in embeds:
        if embed.status == "rendered":
            continue
        with contextlib.suppress(Error):
            await embed.element.scroll_into_view_if_needed(timeout=2000)
        await _wait(embed, embed.first_seen + per_embed_timeout)
        if embed.status != "rendered":
            embed.status = "failed" if embed.info.get("has_frame") or embed.frame_url \
                else "not-rendered"
            embed.detail["seconds"] = round(time.monotonic() - embed.first_seen, 3)
    with contextlib.suppress(Error):
        await page.evaluate("() => window.scrollTo(0, 0)")
    rendered = sum(1 for e in embeds if e.status == "rendered")
    status = "not-needed" if not embeds else ("done" if rendered == len(embeds) else "partial")
    return outcome.finish(status, found=len(embeds), rendered=rendered,
                          failed=len(embeds) - rendered, embeds=[e.as_dict() for e in embeds])
