"""Entry dicts, the one JSON-lines encoder and the content hash."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from archiver.extract import content_sha256, entry_to_json_line
from archiver.extract.model import ENTRY_KEYS

LINE = (Path(__file__).parent / "fixtures" / "liveblogs" / "epoch-placeholders" /
        "expected.jsonl").read_text(encoding="utf-8").splitlines()[1]


def _entry() -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(LINE)
    return entry


def test_one_line_in_schema_order_utf8_kept() -> None:
    entry = _entry()
    shuffled = dict(reversed(list(entry.items())))
    line = entry_to_json_line(shuffled)
    assert line == LINE
    assert tuple(json.loads(line)) == ENTRY_KEYS
    assert "\n" not in line and not line.endswith("\n")
    entry["title"] = "Poetin – “Helsinki”"
    assert "Poetin – “Helsinki”" in entry_to_json_line(entry)


def test_hash_covers_content() -> None:
    base = content_sha256(_entry())
    assert base == _entry()["content_sha256"]
    for mutate in (lambda e: e.update(title="Edited"),
                   lambda e: e.update(body_text=e["body_text"] + "!"),
                   lambda e: e.update(published_at="2020-10-07T01:22:00+05:30"),
                   lambda e: e["images"][0].update(caption="Other"),
                   lambda e: e["images"][0].update(credit="AP"),
                   lambda e: e["embeds"][0].update(id="1")):
        e = _entry()
        mutate(e)
        assert content_sha256(e) != base


def test_hash_ignores_capture_details_and_render_status() -> None:
    base = content_sha256(_entry())
    for mutate in (lambda e: e.update(position=9),
                   lambda e: e.update(captured_at="2030-01-01T00:00:00Z"),
                   lambda e: e.update(change="edited"),
                   lambda e: e["source"].update(warc_file="other.warc.gz"),
                   lambda e: e.update(time_text="other"),
                   lambda e: e["embeds"][0].update(status="placeholder", text=None,
                                                   author_name=None, created_at=None)):
        e = copy.deepcopy(_entry())
        mutate(e)
        assert content_sha256(e) == base


def test_relative_times_are_not_hashed() -> None:
    e = _entry()
    e["time_source"] = "relative-text"
    a = content_sha256(e)
    e["published_at"] = "2020-10-07T01:23:00+05:30"
    assert content_sha256(e) == a
