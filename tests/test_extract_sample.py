"""The bundled sample liveblog: the rendered snapshot gives exactly the seed's 24 entries."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from archiver.extract import PageSnapshot, extract_entries
from archiver.extract.evaluate import load_expected, load_snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "liveblogs" / "sample-volkskrant"
TWEETS_PER_ENTRY = {1: 3, 14: 1, 15: 1, 16: 1, 22: 1, 23: 1}


def parse_seed(text: str) -> list[dict[str, Any]]:
    """The seed dump, read independently of the extractor: numbered entries, their paragraphs,
    tweet placeholders and "Beeld" lines (caption glued to the credit, or a credit alone)."""
    entries: list[dict[str, Any]] = []
    for line in text.splitlines():
        m = re.match(r"^  (\d+)\. (.*)$", line)
        if m:
            entries.append({"n": int(m.group(1)), "title": m.group(2).replace("\xa0", " ").strip(),
                            "paragraphs": [], "images": [], "tweets": 0})
            continue
        if not entries:
            continue
        t = line.replace("\xa0", " ").strip()
        if not t:
            continue
        if t == "Twitter bericht wordt geladen...":
            entries[-1]["tweets"] += 1
            continue
        m = re.match(r"^(.*?)\s?Beeld (.+)$", t)
        if m:
            entries[-1]["images"].append((m.group(1).strip() or None, m.group(2).strip()))
            continue
        entries[-1]["paragraphs"].append(t)
    return entries


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[dict[str, Any]]:
    parsed = parse_seed(seed_text)
    assert [e["n"] for e in parsed] == list(range(1, 25))
    return parsed


def _check_against_seed(entries: list[dict[str, Any]], seed: list[dict[str, Any]]) -> None:
    assert len(entries) == 24
    for entry, s in zip(entries, seed, strict=True):
        n = s["n"]
        assert entry["position"] == n
        assert entry["title"] == s["title"], n
        assert entry["body_text"] == "\n\n".join(s["paragraphs"]), n
        assert [(i["caption"], i["credit_raw"]) for i in entry["images"]] == s["images"], n
        assert str(entry["published_at"]).startswith("2018-07-16T"), n
        assert str(entry["published_at"]).endswith("+02:00"), n
        tweets = [e for e in entry["embeds"] if e["type"] == "twitter"]
        assert len(tweets) == TWEETS_PER_ENTRY.get(n, 0) == s["tweets"], n
        for tweet in tweets:
            assert tweet["status"] == "rendered" and tweet["text"], n
            assert tweet["author_handle"] and tweet["created_at"], n
            assert tweet["url"] == f"https://twitter.com/{tweet['author_handle']}/status/" \
                f"{tweet['id']}"
        assert "Twitter bericht wordt geladen" not in entry["body_text"]
    by_n = {e["position"]: e for e in entries}
    assert [(i["caption"], i["credit"], i["credit_raw"]) for i in by_n[12]["images"]] == [
        ("De presidenten Ford en Breznjev in 1975, bij het sluiten van de Helsinki akkoorden.",
         "AP", "ap")]
    assert [(i["caption"], i["credit"]) for i in by_n[18]["images"]] == [(None, "Tom Vennink")]
    assert by_n[7]["body_text"] == ""
    assert by_n[7]["images"][0]["caption"].startswith("Journalisten wachten in het Finse")
    times = [e["published_at"] for e in entries]
    assert times == sorted(times, reverse=True)
    assert len({e["entry_id"] for e in entries}) == 24


def test_expected_entries_follow_the_seed(seed: list[dict[str, Any]]) -> None:
    _check_against_seed(load_expected(FIXTURE), seed)


def test_extraction_of_the_snapshot_matches_expected(seed: list[dict[str, Any]]) -> None:
    result = extract_entries(load_snapshot(FIXTURE))
    assert result.profile == "dpg-media"
    assert result.closed is True
    assert result.warnings == []
    assert result.liveblog["title"] == "Trump ontmoet Poetin"
    assert result.liveblog["site"] == "de Volkskrant" and result.liveblog["language"] == "nl"
    assert result.liveblog["canonical_url"] == \
        "https://www.volkskrant.nl/nieuws-achtergrond/trump-ontmoet-poetin~b2f5c7e1/"
    _check_against_seed(result.entries, seed)
    assert result.entries == load_expected(FIXTURE)


def test_without_frames_the_tweets_are_failed_not_lost() -> None:
    snap = load_snapshot(FIXTURE)
    bare = PageSnapshot(url=snap.url, html=snap.html, captured_at=snap.captured_at)
    entries = extract_entries(bare).entries
    tweets = [e for entry in entries for e in entry["embeds"]]
    assert len(tweets) == 8
    assert {t["status"] for t in tweets} == {"placeholder"}
    assert all(t["url"] and t["id"] for t in tweets)
    with_frames = extract_entries(snap).entries
    assert [e["content_sha256"] for e in entries] == [e["content_sha256"] for e in with_frames]


def _render_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_render", FIXTURE / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _portless(value: Any) -> Any:
    return json.loads(re.sub(r"(127\.0\.0\.1|localhost):\d+", r"\1:PORT", json.dumps(value)))


@pytest.mark.browser
@pytest.mark.slow
def test_a_fresh_render_of_the_sample_gives_the_same_entries(
        sample_server: Any, chromium_path: str, seed: list[dict[str, Any]]) -> None:
    rendered = _render_module().render(sample_server.liveblog_url, chromium_path)
    snap = PageSnapshot(url=rendered.url, html=rendered.html, captured_at=rendered.captured_at,
                        frames=rendered.frames)
    entries = extract_entries(snap).entries
    _check_against_seed(entries, seed)
    fields = ("entry_id", "title", "published_at", "time_text", "time_source", "body_text",
              "body_html", "authors", "links", "images", "embeds")
    got = [_portless({k: e[k] for k in fields}) for e in entries]
    want = [_portless({k: e[k] for k in fields}) for e in load_expected(FIXTURE)]
    assert got == want
