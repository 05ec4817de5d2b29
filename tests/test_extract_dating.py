"""Joining clock times with dates: newest-first, midnight, pinned posts, anchors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from archiver.extract.dating import PageDates, newest_first, resolve_clock_dates
from archiver.extract.model import Candidate, TimeInfo
from archiver.extract.times import format_dt

AMS = ZoneInfo("Europe/Amsterdam")


def _cands(clocks: list[str], pinned: tuple[int, ...] = ()) -> list[Candidate]:
    out = []
    for i, text in enumerate(clocks):
        h, m = (int(x) for x in text.split(":"))
        c = Candidate(time=TimeInfo("clock-text+page-date", text, clock=(h, m)))
        c.pinned = i in pinned
        out.append(c)
    return out


def _resolve(clocks: list[str], dates: PageDates, pinned: tuple[int, ...] = (),
             zone: tzinfo = AMS, name: str = "Europe/Amsterdam") -> list[str]:
    cands = _cands(clocks, pinned)
    got = resolve_clock_dates(cands, zone, name, dates)
    return [format_dt(got[i], zone) for i in range(len(cands))]


CAPTURED = datetime(2018, 7, 17, 10, 0, tzinfo=UTC)


def test_one_day_from_the_page_start() -> None:
    start = datetime(2018, 7, 16, 8, 0, tzinfo=AMS)
    assert _resolve(["17:42", "12:04", "08:02"], PageDates(start, None, CAPTURED)) == [
        "2018-07-16T17:42:00+02:00", "2018-07-16T12:04:00+02:00", "2018-07-16T08:02:00+02:00"]


def test_newest_first_across_midnight() -> None:
    start = datetime(2018, 7, 15, 20, 0, tzinfo=AMS)
    got = _resolve(["00:40", "00:05", "23:50", "21:10"], PageDates(start, None, CAPTURED))
    assert got == ["2018-07-16T00:40:00+02:00", "2018-07-16T00:05:00+02:00",
                   "2018-07-15T23:50:00+02:00", "2018-07-15T21:10:00+02:00"]


def test_several_days_without_start_anchor_to_the_capture() -> None:
    captured = datetime(2018, 7, 18, 9, 0, tzinfo=UTC)     # 11:00 in Amsterdam
    got = _resolve(["10:30", "08:00", "22:00", "09:00", "23:30"],
                   PageDates(None, None, captured))
    assert got == ["2018-07-18T10:30:00+02:00", "2018-07-18T08:00:00+02:00",
                   "2018-07-17T22:00:00+02:00", "2018-07-17T09:00:00+02:00",
                   "2018-07-16T23:30:00+02:00"]


def test_newest_clock_after_capture_time_means_yesterday() -> None:
    captured = datetime(2018, 7, 18, 6, 0, tzinfo=UTC)     # 08:00 in Amsterdam
    assert _resolve(["23:10", "22:00"], PageDates(None, None, captured)) == [
        "2018-07-17T23:10:00+02:00", "2018-07-17T22:00:00+02:00"]


def test_pinned_entry_does_not_shift_the_others() -> None:
    start = datetime(2018, 7, 16, 8, 0, tzinfo=AMS)
    dates = PageDates(start, None, CAPTURED)
    expected = ["2018-07-16T10:00:00+02:00", "2018-07-16T17:42:00+02:00",
                "2018-07-16T12:00:00+02:00", "2018-07-16T09:00:00+02:00"]
    # marked pinned ...
    assert _resolve(["10:00", "17:42", "12:00", "09:00"], dates, pinned=(0,)) == expected
    # ... or only out of order: the 16-hour jump back is no overnight gap
    assert _resolve(["10:00", "17:42", "12:00", "09:00"], dates) == expected


def test_out_of_order_entry_in_the_middle() -> None:
    start = datetime(2018, 7, 16, 8, 0, tzinfo=AMS)
    got = _resolve(["17:42", "09:15", "12:00", "09:00"], PageDates(start, None, CAPTURED))
    assert got == ["2018-07-16T17:42:00+02:00", "2018-07-16T09:15:00+02:00",
                   "2018-07-16T12:00:00+02:00", "2018-07-16T09:00:00+02:00"]


def test_oldest_first_pages() -> None:
    start = datetime(2018, 7, 15, 20, 0, tzinfo=AMS)
    got = _resolve(["21:10", "23:50", "00:05"], PageDates(start, None, CAPTURED))
    assert got == ["2018-07-15T21:10:00+02:00", "2018-07-15T23:50:00+02:00",
                   "2018-07-16T00:05:00+02:00"]


def test_relative_hint_pins_the_date() -> None:
    london = ZoneInfo("Europe/London")
    cands = _cands(["01:20", "23:48"])
    cands[0].relative_hint = 240
    captured = datetime(2023, 9, 6, 0, 24, 30, tzinfo=UTC)
    got = resolve_clock_dates(cands, london, "Europe/London", PageDates(None, None, captured))
    assert format_dt(got[0], london) == "2023-09-06T01:20:00+01:00"
    assert format_dt(got[1], london) == "2023-09-05T23:48:00+01:00"


def test_zone_abbreviation_in_the_text_sets_the_offset() -> None:
    cands = _cands(["12:50"])
    assert cands[0].time is not None
    cands[0].time.tz_abbr = "BST"
    got = resolve_clock_dates(cands, AMS, "Europe/Amsterdam",
                              PageDates(datetime(2023, 9, 5, 8, 0, tzinfo=AMS), None,
                                        datetime(2023, 9, 6, tzinfo=UTC)))
    assert format_dt(got[0], AMS) == "2023-09-05T13:50:00+02:00"


def test_stale_page_date_yields_to_the_capture_time() -> None:
    captured = datetime(2018, 7, 16, 9, 0, tzinfo=UTC)
    start = datetime(2018, 7, 20, 8, 0, tzinfo=AMS)       # later than the capture: wrong
    assert _resolve(["10:30"], PageDates(start, None, captured)) == ["2018-07-16T10:30:00+02:00"]


def _timed(minutes: list[int], pinned: tuple[int, ...] = ()) -> list[Candidate]:
    base = datetime(2023, 11, 2, 0, 0, tzinfo=UTC)
    out = []
    for i, m in enumerate(minutes):
        c = Candidate(time=TimeInfo("datetime-attribute", None,
                                    when=base + timedelta(minutes=m)))
        c.pinned = i in pinned
        out.append(c)
    return out


def test_direction_is_the_majority_of_consecutive_pairs() -> None:
    # An old post pinned on top (not marked) is one pair against four.
    assert newest_first(_timed([60, 900, 800, 700, 600, 500]))
    assert not newest_first(_timed([500, 600, 700, 800, 900, 60]))
    assert newest_first(_timed([60, 900, 800], pinned=(0,)))
    assert newest_first(_timed([])) and newest_first(_timed([5]))


def test_direction_from_clocks_when_no_entry_has_an_exact_time() -> None:
    assert not newest_first(_cands(["08:02", "09:15", "11:40", "12:04"]))
    assert newest_first(_cands(["00:10", "23:50", "23:20", "22:05"]))   # across midnight


def test_a_us_zone_in_the_clock_sets_its_offset_with_daylight_saving() -> None:
    cands = _cands(["21:58", "18:31"])
    for c in cands:
        assert c.time is not None
        c.time.tz_abbr = "ET"
    captured = datetime(2024, 11, 6, 3, 30, tzinfo=UTC)
    london = ZoneInfo("Europe/London")
    got = resolve_clock_dates(cands, london, "Europe/London", PageDates(None, None, captured))
    assert [format_dt(got[i], ZoneInfo("America/New_York")) for i in (0, 1)] == [
        "2024-11-05T21:58:00-05:00", "2024-11-05T18:31:00-05:00"]
