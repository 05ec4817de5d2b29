"""Finding the visible element to click (by profile selector, else by its text) in any frame."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from playwright.async_api import ElementHandle, Error, Frame, Page

logger = logging.getLogger(__name__)

# Runs in a frame: the first visible element matching a selector, else the first visible
# clickable whose short text matches `pattern` (and, when `context` is given, that has an
# ancestor whose text matches it: a consent button sits in a banner that talks about cookies).
# Open shadow roots are searched too (consent platforms render their banner in one).
_FIND_JS = """
([selectors, pattern, context]) => {
  const roots = [document];
  for (let i = 0; i < roots.length && roots.length < 200; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const all = (sel) => roots.flatMap((r) => Array.from(r.querySelectorAll(sel)));
  const up = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && !el.disabled;
  };
  for (const sel of selectors) {
    let found;
    try { found = all(sel); } catch (e) { continue; }
    for (const el of found) if (visible(el)) return {el, how: 'selector', key: sel};
  }
  if (!pattern) return null;
  const re = new RegExp(pattern, 'i');
  const ctx = context ? new RegExp(context, 'i') : null;
  const candidates = all(
    'button, a, [role=button], input[type=submit], input[type=button], summary');
  for (const el of candidates) {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '')
      .replace(/\\s+/g, ' ').trim();
    if (!text || text.length > 60 || !re.test(text) || !visible(el)) continue;
    if (ctx && !ctx.test(location.href)) {
      let n = up(el), ok = false;
      for (let i = 0; i < 10 && n; i++, n = up(n)) {
        if (ctx.test((n.innerText || '').slice(0, 4000))) { ok = true; break; }
      }
      if (!ok) continue;
    }
    return {el, how: 'text', key: text};
  }
  return null;
}
"""


@dataclass
class Clickable:
    element: ElementHandle
    frame: Frame
    how: str
    key: str


async def find_clickable(page: Page, selectors: Sequence[str], pattern: str | None,
                         context: str | None = None, frames: bool = True) -> Clickable | None:
    targets = page.frames if frames else [page.main_frame]
    for frame in targets:
        if frame.is_detached():
            continue
        try:
            handle = await frame.evaluate_handle(_FIND_JS, [list(selectors), pattern, context])
        except Error as exc:
            logger.debug("clickable search failed in %s: %s", frame.url, exc.message)
            continue
        if await handle.evaluate("(r) => r === null"):
            await handle.dispose()
            continue
        element = (await handle.get_property("el")).as_element()
        how = await (await handle.get_property("how")).json_value()
        key = await (await handle.get_property("key")).json_value()
        await handle.dispose()
        if element is not None:
            return Clickable(element, frame, str(how), str(key))
    return None
