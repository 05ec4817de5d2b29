"""The sample in the real Chromium: consent, "Toon meer", lazy images, cross-site tweet frames,
and the live page updating itself by polling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from archiver.browser import launch_options
from archiver.sample.clock import ManualClock
from archiver.sample.content import load_liveblog, load_tweets
from archiver.sample.server import SampleServer

pytestmark = pytest.mark.browser


@pytest.fixture
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(chromium_path))
        try:
            yield browser
        finally:
            browser.close()


def scroll_through(page: Any) -> None:
    """Scroll down in viewport-sized steps, giving observers a moment at each."""
    y = 0
    while y < page.evaluate("document.documentElement.scrollHeight"):
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(120)
        y += 600


def test_a_reader_sees_everything(browser: Any, fresh_sample_server: Any) -> None:
    server = fresh_sample_server
    blog, tweets = load_liveblog(), load_tweets()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.liveblog_url)
    assert "/privacy-gate/consent" in page.url
    page.click("button:has-text('Akkoord')")
    page.wait_for_url(server.liveblog_url)
    assert page.title() == "Trump ontmoet Poetin"
    items = page.locator("li.live-blog__moment-list__item")
    assert items.count() == 20
    page.click("button.live-blog__load-more")
    page.wait_for_function(
        "document.querySelectorAll('li.live-blog__moment-list__item').length === 24")
    page.wait_for_selector("button.live-blog__load-more", state="detached")
    assert [items.nth(i).get_attribute("data-moment-id") for i in range(24)] == [
        e.id for e in blog.entries]

    scroll_through(page)
    boxes = page.locator(".live-blog__moment__embed--twitter")
    assert boxes.count() == 8
    for i in range(8):                  # each embed into view, as a capture must do
        boxes.nth(i).scroll_into_view_if_needed()
        boxes.nth(i).locator("iframe.live-blog__moment__embed-frame").wait_for(timeout=20000)
    assert page.locator(".live-blog__moment__embed-placeholder").count() == 0
    frames = page.locator("iframe.live-blog__moment__embed-frame")
    for i in range(8):
        frame_el = frames.nth(i)
        tweet_id = frame_el.get_attribute("data-tweet-id")
        assert frame_el.get_attribute("src") == (
            f"{server.embed_base_url}/embed/tweet.html?id={tweet_id}")
        frame_el.scroll_into_view_if_needed()
        frame = frame_el.element_handle().content_frame()
        text = frame.wait_for_selector("[data-testid=tweetText]", timeout=15000)
        assert text.inner_text() == tweets[tweet_id].text
        assert frame.inner_text("[data-testid=User-Name]") == (
            f"{tweets[tweet_id].name} @{tweets[tweet_id].screen_name}")
    embed_urls = page.eval_on_selector_all(
        ".live-blog__moment__embed--twitter", "els => els.map(e => e.dataset.embedUrl)")
    assert embed_urls == [tweets[t].url for t in (
        "1018874194241470514", "1018890909947142153", "1018878625560920110",
        "1018814514600566811", "1018812402525470775", "1018802694347354142",
        "1018764545746161671", "1018743468334239772")]

    scroll_through(page)
    for image in page.locator("img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function(
        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    images = page.evaluate("Array.from(document.images).map(i => [i.currentSrc, i.naturalWidth])")
    assert len(images) == 14
    assert all(src.startswith(server.base_url + "/images/") and width > 0
               for src, width in images), images
    assert errors == []
    fetched = {e.path for e in server.access_log if e.status == 200}
    assert {f"/embed/tweet/{t}.json" for t in tweets} <= fetched
    assert any(p.startswith("/api/liveblog/b2f5c7e1/moments?before=") for p in fetched)


def test_the_live_page_updates_itself(browser: Any) -> None:
    clock = ManualClock()
    with SampleServer(port=0, live=True, clock=clock, poll_interval=0.3) as server:
        server.live.step_to(4)
        context = browser.new_context()
        context.add_cookies([{"name": "pwv", "value": "1", "url": server.base_url}])
        page = context.new_page()
        page.goto(server.liveblog_url)
        edited = page.locator("#moment-4181732")
        assert "een uur later dan verwacht" in edited.inner_text()
        server.live.step_to(6)
        page.wait_for_function("document.querySelector('#moment-4181732')"
                               ".textContent.includes('een half uur later')")
        server.live.step_to(12)
        page.wait_for_selector("#moment-4182096")
        assert page.locator("li.live-blog__moment-list__item").first.get_attribute(
            "id") == "moment-4182096"
        server.live.step_to(15)
        page.wait_for_selector("#moment-4182096", state="detached")
        server.live.step_to(server.live.last_step)
        page.wait_for_selector(".live-blog__closed-notice")
        assert page.inner_text(".artstyle__label") == "Teruggelezen"
        shown = page.eval_on_selector_all("li.live-blog__moment-list__item",
                                          "els => els.map(e => e.dataset.momentId)")
        assert shown == [e.id for e in load_liveblog().entries]
        context.close()
