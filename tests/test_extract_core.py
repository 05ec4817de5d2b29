"""extract_entries end to end: bad input, determinism, size, purity."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.extract import (
    PageSnapshot,
    SourceRef,
    content_sha256,
    entry_to_json_line,
    extract_entries,
)
from archiver.extract.evaluate import load_snapshot
from archiver.extract.model import ENTRY_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "liveblogs"
CAPTURED = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)


def _snap(html: bytes, **kw: object) -> PageSnapshot:
    return PageSnapshot(url="https://nieuws.example.nl/live/1", html=html, captured_at=CAPTURED,
                        **kw)  # type: ignore[arg-type]


def test_empty_page_warns_and_gives_no_entries() -> None:
    result = extract_entries(_snap(b""))
    assert result.entries == []
    assert any("empty page" in w for w in result.warnings)
    assert any("no liveblog entries" in w for w in result.warnings)


def test_page_without_entries_warns_and_gives_no_entries() -> None:
    html = (b"<html lang='nl'><head><title>Kabinet valt</title></head><body><article>"
            b"<h1>Kabinet valt</h1><p>Het kabinet is gevallen.</p><p>Meer tekst.</p></article>"
            b"</body></html>")
    result = extract_entries(_snap(html))
    assert result.entries == []
    assert result.warnings == ["no liveblog entries found on the page"]
    assert result.liveblog["title"] == "Kabinet valt"


def test_broken_html_still_gives_the_entries() -> None:
    html = (b"<html lang=nl><body><div class=feed>"
            b"<div class=m id=m3><span>17:42</span><h3>Drie</h4><p>Tekst drie &amp; meer"
            b"</span></div>"
            b"<div class=m id=m2><span>17:30</span><h3>Twee</h3><p>Tekst twee</b></i></div>"
            b"<div class=m id=m1><span>17:02</span><h3>Een</h3><p>Tekst een<table><td>cel"
            b"</div></div></body>")
    # (unclosed p, a wrong end tag, stray </b></i>, a table never closed, no </html>)
    entries = extract_entries(_snap(html)).entries
    assert [e["entry_id"] for e in entries] == ["m3", "m2", "m1"]
    # no page date: the capture (13:00 in Amsterdam) dates them, so 17:42 was yesterday
    assert [e["published_at"] for e in entries] == [
        "2024-03-03T17:42:00+01:00", "2024-03-03T17:30:00+01:00", "2024-03-03T17:02:00+01:00"]
    assert entries[0]["title"] == "Drie"
    assert entries[0]["body_text"] == "Tekst drie & meer"
    assert entries[1]["body_text"] == "Tekst twee"
    assert entries[2]["body_text"] == "Tekst een\n\ncel"


def test_windows_1252_page_without_charset() -> None:
    html = ("<html lang=nl><body><ol>"
            "<li id=a2><time datetime='2024-03-04T11:00:00+01:00'>11:00</time><h3>Café “De Kroon”"
            "</h3><p>Prijs: € 3,50 – naïef</p></li>"
            "<li id=a1><time datetime='2024-03-04T10:00:00+01:00'>10:00</time><h3>Zoë</h3>"
            "<p>Één</p></li></ol></body></html>").encode("cp1252")
    entries = extract_entries(_snap(html, content_type="text/html")).entries
    assert [e["title"] for e in entries] == ["Café “De Kroon”", "Zoë"]
    assert entries[0]["body_text"] == "Prijs: € 3,50 – naïef"


def test_embed_that_never_rendered_keeps_its_entry() -> None:
    html = (b"<html lang=en-GB><body><div>"
            b"<div id=b2><span>12.50 BST</span><h2>Two</h2><p>Text two.</p>"
            b"<div class='tweet' data-url='https://twitter.com/a/status/11111111'>"
            b"<iframe src='https://platform.twitter.com/embed/Tweet.html?id=11111111'></iframe>"
            b"</div></div>"
            b"<div id=b1><span>12.10 BST</span><h2>One</h2><p>Text one.</p></div>"
            b"</div></body></html>")
    frames = {"https://platform.twitter.com/embed/Tweet.html?id=11111111":
              b"<html><body><div class='tweet tweet--loading'></div></body></html>"}
    entries = extract_entries(_snap(html, frames=frames)).entries
    assert [e["entry_id"] for e in entries] == ["b2", "b1"]
    assert entries[0]["embeds"][0]["status"] == "failed"
    no_frames = extract_entries(_snap(html)).entries
    assert no_frames[0]["embeds"][0]["status"] == "placeholder"
    assert no_frames[0]["embeds"][0]["url"] == "https://twitter.com/a/status/11111111"
    # rendering or not is not an edit
    assert entries[0]["content_sha256"] == no_frames[0]["content_sha256"]


def test_entry_lines_have_schema_key_order_and_source() -> None:
    snap = load_snapshot(FIXTURES / "hashed-classes")
    src = SourceRef(warc_file="x-00000.warc.gz",
                    record_id="<urn:uuid:12345678-1234-5678-1234-567812345678>",
                    page_url=snap.url)
    snap = PageSnapshot(url=snap.url, html=snap.html, captured_at=snap.captured_at,
                        frames=snap.frames, source=src)
    for entry in extract_entries(snap).entries:
        assert tuple(entry) == ENTRY_KEYS
        assert entry["source"] == {"warc_file": "x-00000.warc.gz",
                                   "record_id": src.record_id, "page_url": snap.url}
        line = entry_to_json_line(entry)
        assert "\n" not in line and json.loads(line) == entry
        assert tuple(json.loads(line)) == ENTRY_KEYS
        assert entry["content_sha256"] == content_sha256(entry)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()
                                        if (p / "meta.json").is_file()))
def test_same_snapshot_gives_byte_identical_lines(name: str) -> None:
    snap = load_snapshot(FIXTURES / name)
    first = [entry_to_json_line(e) for e in extract_entries(snap).entries]
    second = [entry_to_json_line(e) for e in extract_entries(load_snapshot(FIXTURES / name)
                                                            ).entries]
    assert first and first == second


def test_determinism_across_interpreters_with_hash_randomisation(tmp_path: Path) -> None:
    code = ("import sys; from archiver.extract import extract_entries, entry_to_json_line;"
            "from archiver.extract.evaluate import load_snapshot; from pathlib import Path;"
            "r = extract_entries(load_snapshot(Path(sys.argv[1])));"
            "sys.stdout.write(''.join(entry_to_json_line(e) + '\\n' for e in r.entries))")
    outs = []
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "epoch-placeholders")],
                              capture_output=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        outs.append(proc.stdout)
    assert outs[0] and outs[0] == outs[1]


def test_the_core_never_imports_scrapy() -> None:
    code = ("import sys, archiver.extract, archiver.profiles, archiver.schema, "
            "archiver.extract.evaluate; print('scrapy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def _big_page(n: int) -> bytes:
    parts = ['<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Groot</title>'
             '<meta property="article:published_time" content="2024-03-01T06:00:00+01:00">'
             '</head><body><main><h1>Groot liveblog</h1><div class="feed">']
    for i in range(n):
        minutes = (n - i) * 2
        h, m = divmod(minutes % 1440, 60)
        paragraphs = "".join(
            f"<p>Alinea {k} van update {n - i}: de Tweede Kamer debatteert vandaag over de "
            "begroting, de oppositie dient moties in en de minister reageert uitgebreid op alle "
            f"vragen uit de zaal. <a href='/artikel/{i}-{k}'>Lees meer</a>.</p>"
            for k in range(6))
        parts.append(
            f'<section class="c{i % 7}a9" id="upd-{100000 + n - i}"><span class="t">'
            f"{h:02d}:{m:02d}</span><h3>Update {n - i}</h3>{paragraphs}"
            f'<figure><img src="/img/{i}.jpg" alt="foto {i}"><figcaption>Foto {i} in Den Haag.'
            "Beeld ANP</figcaption></figure>"
            f'<div class="embed" data-url="https://twitter.com/u{i}/status/{10**18 + i}">'
            "<p>Twitter bericht wordt geladen...</p></div></section>")
    parts.append("</div></main></body></html>")
    return "".join(parts).encode("utf-8")


@pytest.mark.slow
def test_two_thousand_entries_of_several_megabytes_complete() -> None:
    html = _big_page(2000)
    assert len(html) > 3_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = extract_entries(_snap(html))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n2,000 entries, {len(html) / 2**20:.1f} MiB: {elapsed:.1f} s, "
          f"peak traced {peak / 2**20:.0f} MiB, max RSS {rss:.0f} MiB")
    entries = result.entries
    assert len(entries) == 2000
    assert len({e["entry_id"] for e in entries}) == 2000
    assert entries[0]["title"] == "Update 2000" and entries[-1]["title"] == "Update 1"
    # 4,000 minutes of updates: from 1 March 00:02 to 3 March 18:40
    assert entries[-1]["published_at"] == "2024-03-01T00:02:00+01:00"
    assert entries[0]["published_at"] == "2024-03-03T18:40:00+01:00"
    assert all(e["images"][0]["credit"] == "ANP" for e in entries)
    assert all(e["embeds"][0]["status"] == "placeholder" for e in entries)
    assert elapsed < 300, "generous cap for a shared 2-core machine"
