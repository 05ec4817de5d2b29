"""The sample's data files against the seed text, and the package files they name."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest

from archiver.sample import imagegen, tables
from archiver.sample.assets import asset, image_names, png_size
from archiver.sample.content import (
    Image,
    Paragraph,
    SampleDataError,
    TweetEmbed,
    load_articles,
    load_liveblog,
    load_tweets,
    parse_block,
    parse_entry,
)
from archiver.sample.render import moment_html

PLACEHOLDER = "Twitter bericht wordt geladen..."
CREDIT = re.compile(r"^(?P<caption>.*?)(?P<credit>Beeld [\w ]{2,20})$")
README = Path(__file__).resolve().parent.parent / "archiver" / "sample" / "README.md"


@dataclass
class SeedEntry:
    number: int
    title: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, seed line)


@dataclass
class Seed:
    title: str
    intro_title: str
    intro: str
    lead: str
    entries: list[SeedEntry]


def parse_seed(text: str) -> Seed:
    """The seed dump: a header, then numbered entries whose body lines are indented 4 spaces;
    each non-blank body line is one block (a paragraph, an image's caption+credit, or a tweet
    placeholder)."""
    lines = text.split("\n")
    head, entries = [], []
    for line in lines:
        match = re.match(r"^  (\d+)\. (.*)$", line)
        if match:
            entries.append(SeedEntry(int(match.group(1)), match.group(2)))
        elif entries and line.strip():
            body = line[4:]
            kind = ("tweet" if body.strip() == PLACEHOLDER else
                    "image" if CREDIT.match(body.rstrip()) else "paragraph")
            entries[-1].blocks.append((kind, body))
        elif not entries and line.strip():
            head.append(line)
    assert head[0] == "Direct naar artikelinhoud" and head[-1] == "Live"
    return Seed(head[1].removeprefix("Teruglezen"), head[2], head[3], head[4], entries)


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Seed:
    parsed = parse_seed(seed_text)
    assert [e.number for e in parsed.entries] == list(range(1, 25))
    return parsed


def glued(image: Image) -> str:
    return (image.caption or "") + image.credit


def test_header_matches_the_seed(seed: Seed) -> None:
    blog = load_liveblog()
    assert blog.title == seed.title == "Trump ontmoet Poetin"
    assert blog.intro_title == seed.intro_title
    assert blog.intro == seed.intro
    assert glued(blog.lead_image) == seed.lead
    assert blog.lead_image.credit == "Beeld REUTERS" and blog.lead_image.lazy == "eager"


def test_entries_match_the_seed_block_by_block(seed: Seed) -> None:
    entries = load_liveblog().entries
    assert len(entries) == len(seed.entries) == 24
    for entry, expected in zip(entries, seed.entries, strict=True):
        where = f"entry {expected.number}"
        assert entry.title == expected.title, where
        kinds = [b.type for b in entry.blocks]
        assert kinds == [k for k, _ in expected.blocks], where
        for block, (_, line) in zip(entry.blocks, expected.blocks, strict=True):
            if isinstance(block, Paragraph):
                assert block.text.rstrip() == line.rstrip(), where
            elif isinstance(block, Image):
                assert glued(block).rstrip() == line.rstrip(), where
                match = CREDIT.match(line.rstrip())
                assert match and block.credit == match["credit"], where


def test_tweet_placeholders_sit_where_the_seed_has_them(seed: Seed) -> None:
    positions = [n for n, e in enumerate(load_liveblog().entries, start=1)
                 for b in e.blocks if isinstance(b, TweetEmbed)]
    assert positions == [e.number for e in seed.entries for k, _ in e.blocks if k == "tweet"]
    assert positions == [1, 1, 1, 14, 15, 16, 22, 23]


def test_seed_readings_named_in_the_contract() -> None:
    entries = load_liveblog().entries
    seventh = entries[6]
    assert [b.type for b in seventh.blocks] == ["image"]          # entry 7: caption, no body
    assert seventh.blocks[0].caption.startswith("Journalisten wachten")  # type: ignore[union-attr]
    images14 = [b for b in entries[13].blocks if isinstance(b, Image)]
    assert [(i.caption, i.credit) for i in images14] == [(None, "Beeld reuters")] * 2
    twelfth = next(b for b in entries[11].blocks if isinstance(b, Image))
    assert twelfth.caption and twelfth.caption.strip() == ("De presidenten Ford en Breznjev in "
                                                           "1975, bij het sluiten van de "
                                                           "Helsinki akkoorden.")
    third = " ".join(b.text for b in entries[2].blocks if isinstance(b, Paragraph))
    assert "dit\xa0 soort" in third


def test_times_and_ids_run_newest_first_within_the_day() -> None:
    blog = load_liveblog()
    times = [datetime.fromisoformat(blog.iso(e.time)) for e in blog.entries]
    assert times == sorted(times, reverse=True) and len(set(times)) == 24
    start, end = (datetime.fromisoformat(blog.iso(t))
                  for t in (blog.published_time, blog.closed_time))
    assert all(start <= t <= end for t in times)
    assert blog.iso("17:42") == "2018-07-16T17:42:00+02:00"
    ids = [int(e.id) for e in blog.entries]
    assert ids == sorted(ids, reverse=True)


def test_tweets_are_complete_and_consistent() -> None:
    tweets = load_tweets()
    used = [b.tweet_id for e in load_liveblog().entries for b in e.blocks
            if isinstance(b, TweetEmbed)]
    assert sorted(used) == sorted(tweets) and len(set(used)) == 8
    for entry in load_liveblog().entries:
        published = datetime.fromisoformat(load_liveblog().iso(entry.time))
        for block in entry.blocks:
            if isinstance(block, TweetEmbed):
                tweet = tweets[block.tweet_id]
                created = datetime.fromisoformat(tweet.created_at.replace("Z", "+00:00"))
                assert created < published, tweet.id
                # Twitter ids carry their creation time (ms since the Twitter epoch).
                snowflake_ms = (int(tweet.id) >> 22) + 1288834974657
                assert abs(snowflake_ms / 1000 - created.timestamp()) < 1, tweet.id
                assert tweet.text and tweet.name and re.fullmatch(r"\w{1,20}", tweet.screen_name)


def _decode_png(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, payload = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + payload) == crc, kind
        if kind == b"IHDR":
            size = struct.unpack(">II", payload[:8])
        elif kind == b"IDAT":
            idat += payload
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


def test_every_image_is_a_real_distinct_png_with_alt_text(seed: Seed) -> None:
    blog = load_liveblog()
    named = [blog.lead_image] + [b for e in blog.entries for b in e.blocks
                                 if isinstance(b, Image)]
    in_seed = 1 + sum(kind == "image" for e in seed.entries for kind, _ in e.blocks)
    assert len(named) == in_seed == 14 and len({i.file for i in named}) == in_seed
    assert sorted(i.file for i in named) == image_names()
    blobs = set()
    for image in named:
        data = asset(f"images/{image.file}").data
        width, height, raw = _decode_png(data)
        assert (width, height) == png_size(data) and width >= 320
        assert len(raw) == height * (1 + 3 * width)
        assert image.alt.strip() and image.alt != image.caption
        blobs.add(data)
    assert len(blobs) == in_seed
    lazy = {i.lazy for i in named[1:]}
    assert lazy == {"native", "script"}


def test_committed_images_are_what_the_generator_draws() -> None:
    for name in image_names():
        assert imagegen.draw(name) == asset(f"images/{name}").data, name
    assert imagegen.favicon() == asset("static/favicon.ico").data


def test_links_point_to_served_articles() -> None:
    articles = load_articles()
    links = [m.link for e in load_liveblog().entries for b in e.blocks
             if isinstance(b, Paragraph) for m in b.marks if m.link]
    assert len(links) == 4 and set(links) == set(articles)
    for entry in load_liveblog().entries:
        marks = [m for b in entry.blocks if isinstance(b, Paragraph) for m in b.marks if m.link]
        node = lxml.html.fromstring(moment_html(entry))
        assert [(a.get("href"), a.text) for a in node.iter("a")] == [
            (m.link, m.text) for m in marks], entry.id


def test_rendered_moment_keeps_the_exact_text() -> None:
    entry = load_liveblog().entries[2]
    html = moment_html(entry)
    assert "dit&nbsp; soort" in html and "<em>" in html
    node = lxml.html.fragment_fromstring(html)
    texts = [p.text_content() for p in node.find_class("live-blog__moment__paragraph")]
    assert texts == [b.text for b in entry.blocks if isinstance(b, Paragraph)]


def test_readme_holds_the_generated_tables() -> None:
    readme = README.read_text(encoding="utf-8")
    for name, make in tables.TABLES.items():
        assert make() in readme, f"README table {name} is stale: python -m archiver.sample.tables"


@pytest.mark.parametrize(("raw", "message"), [
    ({"type": "video", "src": "x"}, "unknown block type"),
    ({"type": "image", "file": "x.png"}, "lacks"),
    ({"type": "paragraph", "text": "abc", "marks": [{"text": "xyz", "em": True}]}, "not in"),
])
def test_bad_blocks_are_named(raw: dict[str, object], message: str) -> None:
    with pytest.raises(SampleDataError, match=message):
        parse_block(raw, "test")


def test_bad_entry_is_named() -> None:
    with pytest.raises(SampleDataError, match="entry lacks 'title'"):
        parse_entry({"id": "1", "time": "10:00", "blocks": []}, "test")
