"""Passing a consent wall: profile steps first, else common accept buttons; cookies stay set."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable

from playwright.async_api import Error, Page

from archiver.capture.behaviours.clickables import find_clickable
from archiver.capture.hints import CaptureHints
from archiver.capture.outcome import Outcome

ACCEPT_TEXT = (
    r"^(akkoord|ja,? ?(ik ga )?akkoord|accepteren|alles accepteren|alle cookies accepteren|"
    r"accepteer|accepteer alles|alles toestaan|alle cookies toestaan|toestaan|"
    r"accept|accept all|accept all cookies|accept cookies|i accept|agree|i agree|agree and close|"
    r"agree & continue|accept and continue|accept & continue|accept and close|accept & close|"
    r"allow all|allow all cookies|allow cookies|got it|ok(ay)?|yes,? i agree|"
    r"zustimmen|alle akzeptieren|akzeptieren|einverstanden|alles akzeptieren|"
    r"akzeptieren und weiter|zustimmen und weiter|alle cookies akzeptieren|"
    r"accepter|tout accepter|j'accepte|accepter et continuer|accepter et fermer|"
    r"accetta|accetto|accetta tutto|accetta e continua|accetta tutti|"
    r"acepto|aceptar|aceptar todo|aceptar y continuar|aceptar todas|"
    r"aceitar|aceitar todos|aceito|concordo|"
    r"acceptera|acceptera alla|godkänn alla|jag godkänner|"
    r"accepter alle|accepter alle cookies|tillad alle|godta alle|godta|jeg godtar|"
    r"hyväksy kaikki|hyväksy|souhlasím|přijmout vše|elfogadom|összes elfogadása|"
    r"akceptuję|zaakceptuj wszystko|zgadzam się|przejdź do serwisu)[.!]?$"
)
CONSENT_CONTEXT = r"cookie|consent|privacy|toestemming|gegevens|datenschutz|tracking|partners|" \
                  r"privacyverklaring|rgpd|gdpr|avg|dsgvo|données|dati|datos|dados|" \
                  r"integritet|privatliv|personvern|prywatnoś"


async def pass_consent(page: Page, hints: CaptureHints, timeout: float) -> Outcome:
    outcome = Outcome("consent")
    deadline = time.monotonic() + timeout
    clicks: list[dict[str, str]] = []
    cookies_before = {c["name"] for c in await page.context.cookies()}
    # A wall may come back (two-step dialogs): a few rounds at most.
    for _round in range(3):
        on_wall = any(re.search(p, page.url) for p in hints.consent_url_patterns)
        target = await find_clickable(page, hints.consent_selectors, ACCEPT_TEXT, CONSENT_CONTEXT)
        if target is None:
            break
        url_before = page.url
        try:
            await target.element.scroll_into_view_if_needed(timeout=2000)
            await target.element.click(timeout=5000)
        except Error as exc:
            clicks.append({"how": target.how, "key": target.key, "error": exc.message})
            break
        clicks.append({"how": target.how, "key": target.key, "frame": target.frame.url})
        remaining = max(1.0, deadline - time.monotonic())
        if on_wall:
            with contextlib.suppress(Error):
                await page.wait_for_url(_left(url_before), timeout=remaining * 1000)
        with contextlib.suppress(Error):
            await page.wait_for_load_state("load", timeout=remaining * 1000)
        await asyncio.sleep(0.3)
        if time.monotonic() > deadline:
            return outcome.finish("timeout", clicks=clicks, url=page.url)
    if not clicks:
        return outcome.finish("not-needed", url=page.url)
    cookies_after = {c["name"] for c in await page.context.cookies()}
    still_on_wall = any(re.search(p, page.url) for p in hints.consent_url_patterns)
    status = "failed" if still_on_wall or any("error" in c for c in clicks) else "done"
    return outcome.finish(status, clicks=clicks, url=page.url,
                          cookies_set=sorted(cookies_after - cookies_before))


def _left(url_before: str) -> Callable[[str], bool]:
    return lambda url: url != url_before
