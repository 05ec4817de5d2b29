"""Joining clock-only times with a date: page date, newest-first order, midnight, pinned posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise

from archiver.extract.model import Candidate
from archiver.extract.timezones import abbr_zone

_DAY = 24 * 60
# A clock time greater than its newer neighbour's means "the day before" unless the jump
# back would be longer than this: then the entry is out of order (pinned), not overnight.
_MAX_OVERNIGHT_GAP = 12 * 60


@dataclass(frozen=True)
class PageDates:
    start: datetime | None       # coverageStartTime / datePublished / article:published_time
    modified: datetime | None    # dateModified / article:modified_time / coverageEndTime
    captured_at: datetime


def _at(day: date, clock: tuple[int, int], zone: tzinfo, abbr: str | None,
        zone_name: str | None) -> datetime:
    fixed = abbr_zone(abbr, zone_name) if abbr else None
    return datetime.combine(day, time(clock[0], clock[1]), tzinfo=fixed or zone)


def _clock(c: Candidate) -> tuple[int, int]:
    assert c.time is not None and c.time.clock is not None
    return c.time.clock


def _minutes(c: Candidate) -> int:
    assert c.time is not None and c.time.clock is not None
    return c.time.clock[0] * 60 + c.time.clock[1]


def _outliers(mins: Sequence[int], pinned: Sequence[bool]) -> list[bool]:
    """Entries whose clock breaks an order their neighbours agree on (pinned posts)."""
    n = len(mins)
    out = list(pinned)
    for i in range(n):
        if out[i]:
            continue
        if 0 < i < n - 1:
            before, after = mins[i - 1], mins[i + 1]
            if before >= after and (mins[i] > before or mins[i] < after):
                out[i] = True
        elif (i == 0 and n > 1 and mins[0] < mins[1] and mins[0] + _DAY - mins[1] > \
                _MAX_OVERNIGHT_GAP) or (i == n - 1 and n > 1 and mins[i] > mins[i - 1] and \
                mins[i - 1] + _DAY - mins[i] > _MAX_OVERNIGHT_GAP):
            out[i] = True
    return out


def newest_first(cands: Sequence[Candidate]) -> bool:
    """Is the page newest first? The majority of consecutive pairs of dated entries decides,
    pinned entries left out (a pinned post on top must not flip a whole page); with no
    exact times, the clock steps shorter than half a day do. A tie means newest first."""
    whens = [c.time.when for c in cands
             if not c.pinned and c.time is not None and c.time.when is not None]
    if len(whens) >= 2:
        ups = sum(1 for a, b in pairwise(whens) if b > a)
        downs = sum(1 for a, b in pairwise(whens) if b < a)
        return ups <= downs
    mins = [_minutes(c) for c in cands
            if not c.pinned and c.time is not None and c.time.clock is not None]
    steps = [b - a for a, b in pairwise(mins) if abs(b - a) < _DAY // 2]
    return sum(1 for d in steps if d > 0) <= sum(1 for d in steps if d < 0)


def resolve_clock_dates(cands: Sequence[Candidate], zone: tzinfo, zone_name: str | None,
                        dates: PageDates) -> dict[int, datetime]:
    """Datetimes for the candidates (by index) whose time is a clock without a date."""
    result: dict[int, datetime] = {}
    chain: list[int] = []
    for i, c in enumerate(cands):
        if c.time is None or c.time.clock is None or c.time.when is not None:
            continue
        if c.date_context is not None:
            y, mo, d = c.date_context
            result[i] = _at(date(y, mo, d), c.time.clock, zone, c.time.tz_abbr, zone_name)
            continue
        chain.append(i)
    if not chain:
        return result
    mins = [_minutes(cands[i]) for i in chain]
    # Steps longer than half a day are midnight wraps or outliers, not a sign of direction.
    steps = [b - a for a, b in pairwise(mins) if abs(b - a) < _DAY // 2]
    ups = sum(1 for step in steps if step > 0)
    downs = sum(1 for step in steps if step < 0)
    oldest_first = ups > downs
    order = list(reversed(chain)) if oldest_first else list(chain)   # newest first
    mins = [_minutes(cands[i]) for i in order]
    out = _outliers(mins, [cands[i].pinned for i in order])
    offsets: dict[int, int] = {}
    prev: int | None = None
    offset = 0
    for k, i in enumerate(order):
        if out[k]:
            continue
        if prev is not None and mins[k] > prev:
            offset -= 1
        offsets[i] = offset
        prev = mins[k]
    newest_day = _anchor(cands, order, offsets, zone, zone_name, dates)
    for i, off in offsets.items():
        c = cands[i]
        assert c.time is not None and c.time.clock is not None
        result[i] = _at(newest_day + timedelta(days=off), c.time.clock, zone, c.time.tz_abbr,
                        zone_name)
    chained = sorted(result[i] for i in offsets) if offsets else []
    newest = chained[-1] if chained else dates.captured_at
    for k, i in enumerate(order):
        if not out[k]:
            continue
        c = cands[i]
        assert c.time is not None and c.time.clock is not None
        # An out-of-order (pinned) entry: the latest date that does not make it the newest.
        day = newest.astimezone(zone).date()
        dt = _at(day, c.time.clock, zone, c.time.tz_abbr, zone_name)
        if dt > newest:
            dt = _at(day - timedelta(days=1), c.time.clock, zone, c.time.tz_abbr, zone_name)
        result[i] = dt
    return result


def _anchor(cands: Sequence[Candidate], order: Sequence[int], offsets: dict[int, int],
            zone: tzinfo, zone_name: str | None, dates: PageDates) -> date:
    """The local date of the newest chained entry."""
    captured_local = dates.captured_at.astimezone(zone)
    if not offsets:
        return captured_local.date()
    newest_i = next(i for i in order if i in offsets)
    newest_clock = _clock(cands[newest_i])
    # An entry that also says "4m ago" pins its own date.
    for i in order:
        c = cands[i]
        if i in offsets and c.relative_hint is not None:
            clock, abbr = _clock(c), c.time.tz_abbr if c.time else None
            approx = dates.captured_at - timedelta(seconds=c.relative_hint)
            base = approx.astimezone(zone).date()
            days = [base + timedelta(days=d) for d in (-1, 0, 1)]
            best = min(days, key=lambda day: abs(
                (_at(day, clock, zone, abbr, zone_name) - approx).total_seconds()))
            return best - timedelta(days=offsets[i])
    newest_day: date
    if dates.start is not None:
        oldest_i = [i for i in order if i in offsets][-1]
        oldest_clock = _clock(cands[oldest_i])
        start_local = dates.start.astimezone(zone)
        day = start_local.date()
        first = _at(day, oldest_clock, zone, None, zone_name)
        if first < dates.start - timedelta(hours=6):
            day += timedelta(days=1)
        newest_day = day - timedelta(days=offsets[oldest_i])
    elif dates.modified is not None:
        mod_local = dates.modified.astimezone(zone)
        newest_day = mod_local.date()
        if newest_clock[0] * 60 + newest_clock[1] > mod_local.hour * 60 + mod_local.minute + 5:
            newest_day -= timedelta(days=1)
    else:
        newest_day = captured_local.date()
        if newest_clock[0] * 60 + newest_clock[1] > \
                captured_local.hour * 60 + captured_local.minute + 5:
            newest_day -= timedelta(days=1)
    # The newest entry cannot be later than the capture: a stale page date must yield.
    newest_dt = _at(newest_day, newest_clock, zone, None, zone_name)
    if newest_dt > dates.captured_at + timedelta(hours=1):
        newest_day = captured_local.date()
        if newest_clock[0] * 60 + newest_clock[1] > \
                captured_local.hour * 60 + captured_local.minute + 5:
            newest_day -= timedelta(days=1)
    return newest_day
