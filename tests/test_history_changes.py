"""Change computation of a pass: new, edited, unchanged, deleted, and when not to delete."""

from __future__ import annotations

from typing import Any

from archiver.extract.serialize import build_entry
from archiver.history.changes import PassTracker
from archiver.history.model import Known

PAGE = "http://127.0.0.1:8000/live/"


def entry(entry_id: str, body: str, published: str | None = "2018-07-16T12:00:00+02:00",
          position: int = 1, captured: str = "2026-11-26T10:00:00Z") -> dict[str, Any]:
    return build_entry({"entry_id": entry_id, "title": f"Title {entry_id}", "body_text": body,
                        "published_at": published, "position": position, "images": [],
                        "embeds": [], "captured_at": captured},
                       {"url": PAGE}, {"warc_file": "w.warc.gz", "record_id": "<urn:uuid:x>",
                                       "page_url": PAGE})


def tracker(known: dict[str, Known], stored: dict[str, dict[str, Any]] | None = None
            ) -> PassTracker:
    return PassTracker("p2", PAGE, "2026-11-26T10:00:00Z", lambda page: known,
                       lambda page, entry_id: dict((stored or {})[entry_id]))


def known_of(e: dict[str, Any], state: str = "live", versions: int = 1) -> Known:
    return Known(e["entry_id"], state, e["content_sha256"], versions, e["published_at"])


def test_new_edited_unchanged_deleted() -> None:
    a, b, c = entry("a", "one"), entry("b", "two"), entry("c", "three", position=3)
    b2 = entry("b", "two, corrected")
    t = tracker({"a": known_of(a), "b": known_of(b), "c": known_of(c)}, {"c": c})
    d = entry("d", "four", published="2018-07-16T13:00:00+02:00")
    assert [t.observe(PAGE, e) for e in (d, a, b2)] == ["new", "unchanged", "edited"]
    deleted = t.finish_page(PAGE, ok=True, entries=[d, a, b2], load_more="done")
    assert [e["entry_id"] for e in deleted] == ["c"]
    assert deleted[0]["change"] == "deleted" and deleted[0]["body_text"] == "three"
    result = t.result("ok", "2026-11-26T10:01:00Z")
    assert [(o.entry_id, o.change, o.version) for o in result.observations] == \
        [("d", "new", 1), ("a", "unchanged", 1), ("b", "edited", 2), ("c", "deleted", 1)]
    # a new version keeps the entry as extracted (change null); unchanged ones store nothing
    stored = {o.entry_id: o.entry for o in result.observations}
    assert stored["b"] is not None and stored["b"]["body_text"] == "two, corrected"
    assert stored["b"]["change"] is None and stored["a"] is None
    assert result.count("deleted") == 1 and not result.withheld


def test_same_id_twice_counts_once() -> None:
    t = tracker({})
    assert t.observe(PAGE, entry("a", "x")) == "new"
    assert t.observe(PAGE, entry("a", "y")) == "new"
    assert len(t.observations) == 1


def test_no_deletions_from_a_page_that_was_not_captured_whole() -> None:
    a = entry("a", "one")
    for kwargs, reason in [({"ok": False, "entries": [], "error": "HTTP 503"}, "not captured"),
                           ({"ok": True, "entries": []}, "no entries"),
                           ({"ok": True, "entries": [entry("b", "x")], "load_more": "partial"},
                            "not fully loaded")]:
        t = tracker({"a": known_of(a)}, {"a": a})
        assert t.finish_page(PAGE, **kwargs) == []       # type: ignore[arg-type]
        assert reason in (t.pages[-1].withheld or "")
        assert not [o for o in t.observations if o.change == "deleted"]


def test_entries_rolled_off_the_page_are_not_deleted() -> None:
    """A liveblog that shows only its newest entries: the oldest drop off, they were not
    deleted. An entry gone from between the ones shown was."""
    old = entry("old", "x", published="2018-07-16T08:00:00+02:00")
    middle = entry("middle", "y", published="2018-07-16T10:00:00+02:00")
    shown = [entry("new", "z", published="2018-07-16T11:00:00+02:00"),
             entry("older", "w", published="2018-07-16T09:00:00+02:00")]
    untimed = entry("untimed", "v", published=None)
    t = tracker({e["entry_id"]: known_of(e) for e in (old, middle, untimed)},
                {"middle": middle, "untimed": untimed, "old": old})
    deleted = t.finish_page(PAGE, ok=True, entries=shown)
    assert sorted(e["entry_id"] for e in deleted) == ["middle", "untimed"]
    assert t.pages[-1].off_page == 1


def test_an_entry_back_after_its_deletion() -> None:
    a = entry("a", "one")
    t = tracker({"a": known_of(a, state="deleted")})
    assert t.observe(PAGE, a) == "unchanged"
    assert t.observations[0].restored
    t2 = tracker({"a": known_of(a, state="deleted")})
    assert t2.observe(PAGE, entry("a", "one, changed")) == "edited"
    # an entry the history has as deleted is not deleted again
    t3 = tracker({"a": known_of(a, state="deleted")})
    assert t3.finish_page(PAGE, ok=True, entries=[entry("b", "x")]) == []
