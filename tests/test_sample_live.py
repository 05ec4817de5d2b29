"""The live sample: the script of changes played with a manual clock, over real HTTP."""

from __future__ import annotations

import copy
import http.client
import json
from collections.abc import Iterator
from typing import Any

import lxml.html
import pytest

from archiver.sample.clock import ManualClock, SpeedClock
from archiver.sample.content import SampleDataError, load_liveblog
from archiver.sample.live import LiveFeed, build_script, load_script
from archiver.sample.server import SampleServer

API = "/api/liveblog/b2f5c7e1"
EDITED, EXTRA = "4181732", "4182096"


def get(server: SampleServer, path: str, cookie: bool = True) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers={"Cookie": "pwv=1"} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def page(server: SampleServer) -> tuple[bytes, lxml.html.HtmlElement]:
    status, body = get(server, load_liveblog().path)
    assert status == 200
    return body, lxml.html.fromstring(body)


def ids(doc: lxml.html.HtmlElement) -> list[str]:
    return [li.get("data-moment-id") for li in doc.find_class("live-blog__moment-list__item")]


def text_of(doc: lxml.html.HtmlElement, entry_id: str) -> str:
    return str(doc.get_element_by_id(f"moment-{entry_id}").text_content())


def json_ld(doc: lxml.html.HtmlElement) -> dict[str, Any]:
    return dict(json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text))


@pytest.fixture
def live() -> Iterator[tuple[SampleServer, ManualClock]]:
    clock = ManualClock()
    server = SampleServer(port=0, live=True, clock=clock, poll_interval=0.5)
    server.start()
    try:
        yield server, clock
    finally:
        server.stop()


def test_starts_live_with_the_oldest_entries(live: tuple[SampleServer, ManualClock]) -> None:
    server, _ = live
    _, doc = page(server)
    oldest = [e.id for e in load_liveblog().entries[-3:]]
    assert ids(doc) == oldest and server.live.step == 0
    assert doc.find_class("artstyle__label")[0].text == "Live"
    assert not doc.find_class("live-blog__closed-notice")
    assert not doc.find_class("live-blog__load-more")
    ld = json_ld(doc)
    assert "coverageEndTime" not in ld and ld["dateModified"] == "2018-07-16T10:00:00+02:00"
    assert doc.find_class("artstyle__element--livefeed")[0].get("data-version") == "0"
    assert doc.find_class("artstyle__element--livefeed")[0].get("data-poll-interval") == "0.5"


def test_entries_appear_with_the_clock(live: tuple[SampleServer, ManualClock]) -> None:
    server, clock = live
    clock.advance(20 * 60 - 1)                 # 10:19:59: nothing yet
    assert len(ids(page(server)[1])) == 3
    clock.advance(1)                           # 10:20: entry 21 of the seed
    doc = page(server)[1]
    assert ids(doc)[0] == load_liveblog().entries[20].id and len(ids(doc)) == 4
    version = doc.find_class("artstyle__element--livefeed")[0].get("data-version")
    assert version == "1" and server.live.seconds_until_next() == 27 * 60


def test_edit_keeps_the_id_and_changes_the_text(live: tuple[SampleServer, ManualClock]) -> None:
    server, _ = live
    server.live.step_to(4)
    first = page(server)[1]
    assert "een uur later dan verwacht" in text_of(first, EDITED)
    assert "half uur" not in text_of(first, EDITED)
    server.live.step_to(6)
    status, body = get(server, f"{API}/updates?since=4")
    update = json.loads(body)
    assert status == 200 and update["deleted"] == [] and update["version"] == 6
    changed = {m["id"]: m["html"] for m in update["moments"]}
    assert set(changed) == {EDITED, load_liveblog().entries[16].id}   # the edit + entry 17
    assert "een half uur later dan verwacht" in changed[EDITED]
    corrected = page(server)[1]
    assert "een half uur later dan verwacht" in text_of(corrected, EDITED)
    assert ids(corrected).count(EDITED) == 1


def test_extra_entry_is_published_then_deleted(live: tuple[SampleServer, ManualClock]) -> None:
    server, _ = live
    server.live.step_to(11)
    assert EXTRA not in ids(page(server)[1])
    server.live.step_to(12)
    doc = page(server)[1]
    assert ids(doc)[0] == EXTRA and "Persconferentie om half vier" in text_of(doc, EXTRA)
    assert doc.get_element_by_id(f"moment-{EXTRA}").find_class(
        "live-blog__moment__date")[0].text == "14:05"
    update = json.loads(get(server, f"{API}/updates?since=11")[1])
    assert [m["id"] for m in update["moments"]] == [EXTRA]
    server.live.step_to(15)
    assert EXTRA not in ids(page(server)[1])
    update = json.loads(get(server, f"{API}/updates?since=12")[1])
    assert update["deleted"] == [EXTRA] and EXTRA not in [m["id"] for m in update["moments"]]
    assert all(e.id != EXTRA for e in load_liveblog().entries)


def test_close_and_the_final_state_equals_the_static_sample(
        live: tuple[SampleServer, ManualClock]) -> None:
    server, clock = live
    server.live.step_to(server.live.last_step - 1)
    before = page(server)[1]
    assert len(before.find_class("live-blog__moment-list__item")) == 20
    assert before.find_class("live-blog__load-more") and not before.find_class(
        "live-blog__closed-notice")
    clock.advance(10**6)                       # long after the end: the last step holds
    body, doc = page(server)
    assert server.live.step == server.live.last_step
    assert doc.find_class("artstyle__label")[0].text == "Teruggelezen"
    assert doc.find_class("live-blog__closed-notice")
    assert json_ld(doc)["coverageEndTime"] == "2018-07-16T19:30:00+02:00"
    update = json.loads(get(server, f"{API}/updates?since={server.live.last_step - 1}")[1])
    assert update["status"] == "closed" and update["closed_notice"] == "Dit liveblog is gesloten."
    with SampleServer(port=0, poll_interval=0.5) as static:
        static_body, _ = page(static)
        more = get(static, f"{API}/moments?before={load_liveblog().entries[19].id}")[1]
    assert body.replace(str(server.port).encode(), b"PORT") == static_body.replace(
        str(static.port).encode(), b"PORT")
    assert get(server, f"{API}/moments?before={load_liveblog().entries[19].id}")[1] == more


def test_every_step_is_consistent() -> None:
    script = load_script()
    seen: set[str] = set()
    for step, state in zip(script.steps, script.states, strict=True):
        assert state.version == step.index and state.modified == step.time
        shown = state.ids()
        assert shown == sorted(shown, key=int, reverse=True)
        if step.action == "publish":
            assert step.entry_id in shown and step.entry_id not in seen
        if step.action == "delete":
            assert step.entry_id not in shown and step.entry_id in seen
        seen.update(shown)
        assert state.closed == (step.action == "close")
    assert seen == {e.id for e in load_liveblog().entries} | {EXTRA}
    offsets = [s.offset for s in script.steps]
    assert offsets == sorted(offsets) and offsets[-1] == 9.5 * 3600


def test_feed_reports_each_reached_step_once() -> None:
    clock = ManualClock()
    feed = LiveFeed(load_script(), clock)
    assert [s.index for s in feed.newly_reached()] == [0]
    assert feed.newly_reached() == []
    feed.step_to(3)
    assert [s.index for s in feed.newly_reached()] == [1, 2, 3]
    static = LiveFeed(load_script())
    assert static.step == static.last_step and not static.live
    assert static.seconds_until_next() is None
    with pytest.raises(TypeError, match="ManualClock"):
        static.step_to(1)
    with pytest.raises(IndexError):
        feed.step_to(feed.last_step + 1)


def test_speed_clock_compresses_time() -> None:
    now = [100.0]
    clock = SpeedClock(60, monotonic=lambda: now[0])
    feed = LiveFeed(load_script(), clock)
    assert clock.now() == 0 and feed.step == 0
    now[0] += 20                               # 20 wall seconds = 20 liveblog minutes
    assert clock.now() == 1200 and feed.step == 1
    now[0] += 9.5 * 60
    assert feed.step == feed.last_step
    with pytest.raises(ValueError, match="positive"):
        SpeedClock(0)


def test_live_server_with_the_real_clock_starts_at_step_zero() -> None:
    with SampleServer(port=0, live=True, speed=1.0) as server:
        assert isinstance(server.live.clock, SpeedClock) and server.live.step == 0
        with pytest.raises(TypeError):
            server.live.step_to(2)


def _raw_script() -> dict[str, Any]:
    from archiver.sample.content import read_json

    return dict(read_json("live_script.json"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda raw: raw["steps"].pop(), "close the liveblog"),
    (lambda raw: raw["steps"].insert(0, {"time": "10:01", "action": "edit",
                                          "entry": "4182960"}), "edit of a hidden"),
    (lambda raw: raw["steps"].insert(0, {"time": "10:01", "action": "publish",
                                          "entry": "123"}), "unknown entry"),
    (lambda raw: raw["steps"].insert(3, {"time": "10:01", "action": "close"}), "go back"),
    (lambda raw: raw["steps"].insert(0, {"time": "10:01", "action": "explode",
                                          "entry": "4182960"}), "unknown action"),
])
def test_broken_scripts_are_refused(change: Any, message: str) -> None:
    raw = copy.deepcopy(_raw_script())
    change(raw)
    with pytest.raises(SampleDataError, match=message):
        build_script(load_liveblog(), raw)
