"""entry_id: the site's own id, or a derived one that survives edits and new entries."""

from __future__ import annotations

from datetime import UTC, datetime

from archiver.extract.ids import assign_ids, core_keys, id_keys_for_url
from archiver.extract.model import Candidate, TimeInfo


def _cand(site_id: str | None = None, title: str | None = None, body: str = "",
          source: str = "datetime-attribute") -> Candidate:
    c = Candidate(site_id=site_id, title=title, body_text=body)
    c.time = TimeInfo(source, None, when=datetime(2024, 1, 1, tzinfo=UTC))
    return c


T1 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
T2 = datetime(2024, 1, 1, 11, 0, tzinfo=UTC)


def test_site_ids_are_kept_as_the_page_writes_them() -> None:
    assert assign_ids([_cand("moment-4182960"), _cand("post_12")], [T1, T2], True) == \
        ["moment-4182960", "post_12"]


def test_derived_ids_ignore_edits_to_title_and_body() -> None:
    before = assign_ids([_cand(title="Old title", body="old")], [T1], True)
    after = assign_ids([_cand(title="New title", body="new text")], [T1], True)
    assert before == after and before[0].startswith("x-") and len(before[0]) == 18


def test_equal_keys_are_numbered_from_the_oldest() -> None:
    first = assign_ids([_cand(), _cand()], [T1, T1], True)
    # a new entry at the top of a newest-first page does not renumber the older ones
    later = assign_ids([_cand(), _cand(), _cand()], [T1, T1, T1], True)
    assert later[1:] == first
    assert len(set(later)) == 3


def test_relative_times_do_not_key_ids() -> None:
    a = assign_ids([_cand(title="Same", source="relative-text")], [T1], True)
    b = assign_ids([_cand(title="Same", source="relative-text")], [T2], True)
    assert a == b


def test_without_time_the_title_then_the_body_keys_the_id() -> None:
    c = Candidate(title="Kop")
    d = Candidate(body_text="Alleen tekst")
    ids = assign_ids([c, d], [None, None], True)
    assert ids[0] != ids[1] and all(i.startswith("x-") for i in ids)


def test_duplicate_site_ids_are_made_unique() -> None:
    assert assign_ids([_cand("a"), _cand("a")], [T1, T2], True) == ["a", "a-2"]


def test_match_keys() -> None:
    assert id_keys_for_url("https://x.example/live#Moment-123") == \
        {"https://x.example/live#moment-123", "moment-123"}
    assert "123" in core_keys({"moment-123"}) and "abc" in core_keys({"post-abc"})


def test_id_like_query_parameters_are_keys() -> None:
    keys = id_keys_for_url("https://x.example/live?postId=F9E1C6B0&utm_source=tw&page=2")
    assert "f9e1c6b0" in keys
    assert "tw" not in keys and "2" not in keys
    assert "block-60f5a0" in core_keys(id_keys_for_url("https://x.example/l?page=with:block-60f5a0"))


def test_hex_ids_ending_in_digits_do_not_meet_on_their_last_digits() -> None:
    assert core_keys({"block-60f5c3e101"}) & core_keys({"block-60f5d9a101"}) == set()
    assert "4567" in core_keys({"https://x.example/live/entry/4567"})
