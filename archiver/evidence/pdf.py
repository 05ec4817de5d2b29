"""The report printed to PDF by the same Chromium the capture uses."""

from __future__ import annotations

from pathlib import Path

from archiver.browser import BrowserNotFound, find_chromium, launch_options


def html_to_pdf(html_path: Path, pdf_path: Path, timeout_ms: float = 120_000) -> Path:
    """Load the HTML file in headless Chromium and print it (A4, backgrounds on)."""
    from playwright.sync_api import sync_playwright

    choice = find_chromium()
    if choice is None:
        raise BrowserNotFound("no Chromium found to print the report (archiver browser)")
    tmp = pdf_path.with_name(pdf_path.name + ".tmp")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(choice.path))
        try:
            page = browser.new_page()
            page.goto(html_path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            page.pdf(path=str(tmp), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm",
                             "right": "12mm"})
        finally:
            browser.close()
    tmp.replace(pdf_path)
    return pdf_path
