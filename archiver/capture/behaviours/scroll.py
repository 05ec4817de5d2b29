"""Scrolling through the page in steps so that lazy images and embeds load."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error, Page

from archiver.capture.outcome import Outcome, error_line

_STEP_JS = """
() => {
  const before = window.scrollY;
  window.scrollBy(0, Math.max(200, Math.floor(window.innerHeight * 0.8)));
  const el = document.scrollingElement || document.documentElement;
  return {y: window.scrollY, moved: window.scrollY !== before,
          bottom: window.scrollY + window.innerHeight >= el.scrollHeight - 2,
          height: el.scrollHeight};
}
"""


async def scroll_through(page: Page, timeout: float, step_delay: float) -> Outcome:
    outcome = Outcome("scroll")
    deadline = time.monotonic() + timeout
    steps = 0
    height = 0
    at_bottom_rounds = 0
    try:
        # Earlier behaviours (a "load more" click) may have left us at the bottom.
        await page.evaluate("() => window.scrollTo(0, 0)")
        await asyncio.sleep(step_delay)
        while time.monotonic() < deadline:
            state = await page.evaluate(_STEP_JS)
            steps += 1
            height = int(state["height"])
            await asyncio.sleep(step_delay)
            if state["bottom"] or not state["moved"]:
                # Lazy content may grow the page once we are at the bottom: wait and retry.
                at_bottom_rounds += 1
                if at_bottom_rounds >= 3:
                    break
                await asyncio.sleep(0.3)
            else:
                at_bottom_rounds = 0
        else:
            await page.evaluate("() => window.scrollTo(0, 0)")
            return outcome.finish("timeout", steps=steps, page_height=height)
        await page.evaluate("() => window.scrollTo(0, 0)")
    except Error as exc:
        return outcome.finish("failed", steps=steps, error=error_line(exc))
    return outcome.finish("done", steps=steps, page_height=height)
