"""Page-level facts: whether coverage has ended (closed) and which dates may date entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from archiver.extract import PageSnapshot, extract_entries
from archiver.extract.pagemeta import coverage_ended

CAPTURED = datetime(2021, 7, 19, 16, 45, 12, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("end,ended", [
    ("2021-07-19T23:00:00.000Z", False),      # planned end, later that day
    ("2021-07-19T16:45:12Z", True),           # at the capture itself
    ("2021-07-19T17:30:00+01:00", True),      # 16:30 UTC
    ("2021-07-19T18:00:00", False),           # local (BST) 18:00 is 17:00 UTC
    ("2021-07-18", True),                     # a day without a time: over at its end
    ("2021-07-19", False),
    ("", False), (None, False), ("soon", False),
])
def test_coverage_ended_only_in_the_past(end: str | None, ended: bool) -> None:
    assert coverage_ended(end, LONDON, CAPTURED) is ended


def _page(end: str) -> bytes:
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Live",
          "coverageEndTime": end}
    posts = "".join(f'<article id="b{i}"><span>{clock}</span><h2>Entry {i}</h2>'
                    f"<p>Text of entry {i}.</p></article>"
                    for i, clock in ((3, "17.38 BST"), (2, "17.02 BST"), (1, "16.20 BST")))
    return (f'<html lang="en-GB"><head><script type="application/ld+json">{json.dumps(ld)}'
            f"</script></head><body><main><div>{posts}</div></main></body></html>").encode()


def _extract(end: str) -> tuple[bool, list[str]]:
    result = extract_entries(PageSnapshot(url="https://news.example.co.uk/live",
                                          html=_page(end), captured_at=CAPTURED))
    return result.closed, [str(e["published_at"]) for e in result.entries]


def test_a_future_coverage_end_means_live_and_does_not_date_entries() -> None:
    closed, published = _extract("2021-07-21T23:00:00Z")   # two days ahead
    assert closed is False
    # dated from the capture (the newest clock is before it), not from the planned end
    assert published == ["2021-07-19T17:38:00+01:00", "2021-07-19T17:02:00+01:00",
                         "2021-07-19T16:20:00+01:00"]


def test_a_past_coverage_end_closes_the_liveblog() -> None:
    closed, published = _extract("2021-07-19T16:40:00Z")
    assert closed is True
    assert published[0] == "2021-07-19T17:38:00+01:00"
