"""Floor A of benchmark 2: a plain Playwright script that does what a reader's browser does to
the sample liveblog and records nothing.

``python -m bench.playwright_baseline URL... [--concurrency N]``: the same Chromium and launch
flags as the archiver (``find_chromium``, ``launch_options``), a fresh context per page; open,
accept the consent ("Akkoord"), click "Toon meer" until it is gone, scroll to the end in the
archiver's step size and pace, wait for the network to go quiet (the archiver's quiet time and
cap), take a full-page screenshot and drop it. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from playwright.async_api import Browser, BrowserContext, Request, async_playwright

from archiver.browser import find_chromium, launch_options
from archiver.config import ArchiverConfig

ENTRY = "li.live-blog__moment-list__item"
STEP = """() => {
  const el = document.scrollingElement || document.documentElement;
  const y = window.scrollY;
  window.scrollBy(0, Math.max(200, Math.floor(window.innerHeight * 0.8)));
  return window.scrollY === y || window.scrollY + window.innerHeight >= el.scrollHeight - 2;
}"""


class Traffic:
    """Requests in flight in one context, and when the last one started or ended."""

    def __init__(self, context: BrowserContext) -> None:
        self.in_flight: set[Request] = set()
        self.last = time.monotonic()
        context.on("request", self._start)
        context.on("requestfinished", self._end)
        context.on("requestfailed", self._end)

    def _start(self, request: Request) -> None:
        self.in_flight.add(request)
        self.last = time.monotonic()

    def _end(self, request: Request) -> None:
        self.in_flight.discard(request)
        self.last = time.monotonic()

    async def quiet(self, quiet: float, cap: float) -> bool:
        deadline = time.monotonic() + cap
        while time.monotonic() < deadline:
            if not self.in_flight and time.monotonic() - self.last >= quiet:
                return True
            await asyncio.sleep(0.1)
        return False


async def visit(browser: Browser, url: str, config: ArchiverConfig) -> dict[str, Any]:
    started = time.monotonic()
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 3)

    context = await browser.new_context(
        viewport={"width": config.viewport_width, "height": config.viewport_height},
        service_workers="block")
    traffic = Traffic(context)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="load", timeout=config.navigation_timeout * 1000)
        mark("open")
        accept = page.get_by_role("button", name="Akkoord", exact=True)
        if await accept.count():
            await accept.click()
            await page.wait_for_url(lambda u: "privacy-gate" not in u)
            await page.wait_for_load_state("load")
        mark("consent")
        more = page.get_by_role("button", name="Toon meer", exact=True)
        clicks = 0
        while await more.count() and await more.is_visible():
            shown = await page.locator(ENTRY).count()
            await more.click()
            await page.wait_for_function(f"n => document.querySelectorAll('{ENTRY}').length > n",
                                         arg=shown, timeout=8000)
            clicks += 1
        mark("load-more")
        # From the top: the click above left the page at its end, above lazy images.
        await page.evaluate("() => window.scrollTo(0, 0)")
        steps = 0
        while not await page.evaluate(STEP):
            steps += 1
            await asyncio.sleep(config.scroll_step_delay)
        mark("scroll")
        quiet = await traffic.quiet(config.network_quiet, config.network_idle_cap)
        mark("network-quiet")
        png = await page.screenshot(full_page=True, type="png", timeout=60_000)
        mark("screenshot")
        entries = await page.locator(ENTRY).count()
    finally:
        await context.close()
    return {"url": url, "seconds": time.monotonic() - started, "entries": entries,
            "clicks": clicks, "scroll_steps": steps, "quiet": quiet, "screenshot_bytes": len(png),
            "phases": phases}


async def run(urls: list[str], concurrency: int) -> list[dict[str, Any]]:
    config = ArchiverConfig()
    choice = find_chromium(config.chromium)
    if choice is None:
        raise SystemExit("no Chromium found")
    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(choice.path))

        async def one(url: str) -> dict[str, Any]:
            async with gate:
                return await visit(browser, url, config)

        try:
            return list(await asyncio.gather(*(one(u) for u in urls)))
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.playwright_baseline")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args(argv)
    pages = asyncio.run(run(args.urls, args.concurrency))
    print(json.dumps({"pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
