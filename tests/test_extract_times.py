"""Reading times: clock/relative/date text, ISO, epoch; timezone inference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from archiver.extract.times import (
    TICKER_HEADING_RE,
    day_divider,
    format_dt,
    is_date_only,
    is_time_only,
    parse_epoch,
    parse_iso,
    parse_time_text,
    relative_seconds,
)
from archiver.extract.timezones import abbr_zone, infer_zone

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize("text,clock,abbr", [
    ("17:42", (17, 42), None),
    ("17.42 uur", (17, 42), None),
    ("12.50 BST", (12, 50), "BST"),
    ("21:06 (IST)", (21, 6), "IST"),
    ("12.31 Uhr", (12, 31), None),
    ("Updated 1.05pm", (13, 5), None),
    ("12.10am GMT", (0, 10), "GMT"),
    ("Bijgewerkt om 17:42", (17, 42), None),
    ("Monday 12.50 BST", (12, 50), "BST"),
])
def test_clock_texts(text: str, clock: tuple[int, int], abbr: str | None) -> None:
    assert is_time_only(text)
    parsed = parse_time_text(text)
    assert parsed.clock == clock
    assert parsed.tz_abbr == abbr


@pytest.mark.parametrize("text,seconds", [
    ("4m ago", 240), ("21 mins ago", 1260), ("2 uur geleden", 7200), ("vor 5 Minuten", 300),
    ("1h ago", 3600), ("3 days ago", 259200), ("zojuist", 0), ("an hour ago", 3600),
    # fr, pt, es, it, da/no, sv, pl
    ("il y a 6 min", 360), ("il y a une heure", 3600), ("il y a 2 jours", 172800),
    ("há 2 minutos", 120), ("há 1 hora", 3600), ("HÁ 5 MINUTOS", 300),
    ("hace 5 minutos", 300), ("hace un minuto", 60), ("5 minuti fa", 300), ("2 ore fa", 7200),
    ("for 4 minutter siden", 240), ("3 timer siden", 10800), ("för 3 timmar sedan", 10800),
    ("10 minut temu", 600),
])
def test_relative_texts(text: str, seconds: int) -> None:
    assert is_time_only(text)
    parsed = parse_time_text(text)
    assert parsed.clock is None
    assert parsed.relative_seconds == seconds


@pytest.mark.parametrize("text", [
    "om 15.30 uur Nederlandse tijd, maar alles loopt hier uit",
    "Die zou plaatsvinden om 15.30 uur",
    "De score is 2-1",
    "16.07.2018",
    "",
])
def test_sentences_and_dates_are_not_time_only(text: str) -> None:
    assert not is_time_only(text)


@pytest.mark.parametrize("text", [
    "The road was closed for 5 hours", "closed for 5 hours", "ha 3 ore di ritardo",
    "a 5 min walk",
])
def test_words_that_look_like_relative_prefixes_are_not_times(text: str) -> None:
    assert relative_seconds(text) is None
    assert not is_time_only(text)


@pytest.mark.parametrize("text", ["che fa 5 minuti di ritardo", "Ho fa 5 minuts"])
def test_catalan_fa_only_opens_the_text(text: str) -> None:
    assert relative_seconds(text) is None
    assert not is_time_only(text)


@pytest.mark.parametrize("text,clock,day", [
    ("午後4時15分", (16, 15), None), ("午前0時52分", (0, 52), None), ("23時45分", (23, 45), None),
    ("午後12時5分", (12, 5), None), ("午前12時5分", (0, 5), None),
    ("2024年1月1日 16時15分", (16, 15), (2024, 1, 1)), ("下午4时15分", (16, 15), None),
    ("오후 4시 15분", (16, 15), None), ("2024년 1월 2일 오전 9시 3분", (9, 3), (2024, 1, 2)),
])
def test_cjk_clocks_and_dates(text: str, clock: tuple[int, int],
                              day: tuple[int, int, int] | None) -> None:
    assert is_time_only(text)
    parsed = parse_time_text(text)
    assert parsed.clock == clock and parsed.day == day


@pytest.mark.parametrize("text,clock,abbr", [
    ("16.05 WIB", (16, 5), "WIB"), ("15.40 WITA", (15, 40), "WITA"), ("07.05 WIT", (7, 5), "WIT"),
    ("١٤:٥٢", (14, 52), None), ("۰۹:۱۵", (9, 15), None), ("12:40 MSK", (12, 40), "MSK"),
])
def test_more_zone_abbreviations_and_arabic_indic_digits(text: str, clock: tuple[int, int],
                                                         abbr: str | None) -> None:
    assert is_time_only(text)
    parsed = parse_time_text(text)
    assert parsed.clock == clock and parsed.tz_abbr == abbr


@pytest.mark.parametrize("text,day", [
    ("Понеділок, 27 листопада", (None, 11, 27)), ("27 ноября 2023", (2023, 11, 27)),
    ("2 Kasım 2023", (2023, 11, 2)), ("14 Februari 2024", (2024, 2, 14)),
    ("25 Ιουνίου 2023", (2023, 6, 25)), ("13 जनवरी 2024", (2024, 1, 13)),
    ("2024.01.13", (2024, 1, 13)), ("2024/1/3", (2024, 1, 3)),
])
def test_month_names_in_more_scripts(text: str, day: tuple[int | None, int, int]) -> None:
    assert parse_time_text(text).day == day


@pytest.mark.parametrize("text,only", [
    ("13 जनवरी 2024", True), ("Montag, 5. Oktober", True), ("Mon 5 Oct", True),
    ("2024.01.13", True), ("5 Oct 2023 was a day", False), ("13 January, 14:32", False),
    ("", False),
])
def test_date_only_texts(text: str, only: bool) -> None:
    assert is_date_only(text) is only


@pytest.mark.parametrize("text,day", [
    ("Vandaag", 0), ("Gisteren", -1), ("Yesterday:", -1), ("i går", -1),
    ("Donderdag 31 oktober", (None, 10, 31)), ("Oudere berichten", None), ("", None),
])
def test_day_dividers(text: str, day: object) -> None:
    assert day_divider(text) == day


def test_a_country_code_after_the_time_is_still_a_time() -> None:
    assert is_time_only("Monday 29 July 2024 16:32, UK")
    assert not is_time_only("16:32, according to the police")


def test_a_cjk_clock_inside_a_sentence_is_not_a_time_element() -> None:
    assert not is_time_only("午後4時10分ごろ、石川県能登地方で強い揺れ")


@pytest.mark.parametrize("text,seconds", [
    ("πριν από 6 λεπτά", 360), ("πριν 2 ώρες", 7200), ("5 dakika önce", 300),
    ("2 saat önce", 7200),
])
def test_greek_and_turkish_relative_texts(text: str, seconds: int) -> None:
    assert is_time_only(text) and relative_seconds(text) == seconds


@pytest.mark.parametrize("text,seconds", [
    ("5 хвилин тому", 300), ("3 минуты назад", 180), ("2 часа назад", 7200),
    ("منذ ٥ دقائق", 300), ("منذ 2 ساعات", 7200), ("5 menit yang lalu", 300),
    ("2 jam lalu", 7200), ("5 मिनट पहले", 300), ("1 घंटा पहले", 3600), ("23분 전", 1380),
    ("2시간 전", 7200), ("5分钟前", 300), ("3小时前", 10800), ("fa 7 minuts", 420),
    ("fa 2 hores", 7200), ("6 minuuttia sitten", 360), ("5 phút trước", 300),
    ("1 giờ trước", 3600), ("acum 5 minute", 300), ("acum 38 de minute", 2280),
    ("לפני 5 דקות", 300), ("prije 17 minuta", 1020), ("před 5 minutami", 300),
    ("5 perce", 300), ("2 órája", 7200),
])
def test_cyrillic_arabic_and_indonesian_relative_texts(text: str, seconds: int) -> None:
    assert is_time_only(text) and relative_seconds(text) == seconds


@pytest.mark.parametrize("text", ["Ενημερώθηκε 22:40", "Mis à jour 15:02", "Actualizado 9:12",
                                  "Oppdatert kl. 14.32", "Uppdaterad 14.32",
                                  "Atualizado às 23h05", "Actualizado a las 9:12"])
def test_updated_labels_in_more_languages_are_time_texts(text: str) -> None:
    assert is_time_only(text) and parse_time_text(text).clock is not None


def test_relative_text_and_clock_together() -> None:
    assert is_time_only("il y a 1 h · 15h12")
    parsed = parse_time_text("il y a 1 h · 15h12")
    assert parsed.clock == (15, 12) and parsed.relative_seconds == 3600


def test_date_with_clock() -> None:
    parsed = parse_time_text("16 juli 2018 17:42")
    assert parsed.clock == (17, 42) and parsed.day == (2018, 7, 16)
    parsed = parse_time_text("16.07.2018 17:42")
    assert parsed.clock == (17, 42) and parsed.day == (2018, 7, 16)
    assert parse_time_text("Montag, 5. Oktober").day == (None, 10, 5)
    assert parse_time_text("July 16, 2018 5:05 PM").clock == (17, 5)


def test_ticker_heading() -> None:
    m = TICKER_HEADING_RE.match("12.31 Uhr: Merkel warnt vor zweiter Welle")
    assert m and m.group("time").strip() == "12.31 Uhr"
    assert m.group("title") == "Merkel warnt vor zweiter Welle"
    m = TICKER_HEADING_RE.match("21:06 (IST) | Opposition walks out")
    assert m and m.group("title") == "Opposition walks out"
    assert TICKER_HEADING_RE.match("Merkel warnt vor zweiter Welle") is None


def test_iso_with_and_without_offset() -> None:
    assert parse_iso("2018-07-16T17:42:00+02:00", UTC) == \
        datetime(2018, 7, 16, 15, 42, tzinfo=UTC)
    assert parse_iso("2023-11-02T16:56Z", AMS) == datetime(2023, 11, 2, 16, 56, tzinfo=UTC)
    local = parse_iso("2018-07-16T17:42:00", AMS)
    assert local is not None and format_dt(local, AMS) == "2018-07-16T17:42:00+02:00"
    assert parse_iso("2018-07-16T17:42:00.123+0200", UTC) == \
        datetime(2018, 7, 16, 15, 42, tzinfo=UTC)
    assert parse_iso("2018-07-16", AMS) is None       # a day is not a point in time
    assert parse_iso("gisteren", AMS) is None


def test_epoch_seconds_and_milliseconds() -> None:
    assert parse_epoch("1602015773212") == datetime(2020, 10, 6, 20, 22, 53, tzinfo=UTC)
    assert parse_epoch("1602015773") == datetime(2020, 10, 6, 20, 22, 53, tzinfo=UTC)
    assert parse_epoch("12345") is None
    assert parse_epoch("9999999999999") is None        # year 2286: an id, not a time
    assert parse_epoch("abc") is None


def test_format_is_never_a_bare_local_time() -> None:
    dt = datetime(2018, 7, 16, 15, 42, tzinfo=UTC)
    assert format_dt(dt, AMS) == "2018-07-16T17:42:00+02:00"
    assert format_dt(dt, ZoneInfo("Europe/London")) == "2018-07-16T16:42:00+01:00"
    assert format_dt(datetime(2018, 12, 1, 12, 0, tzinfo=UTC), AMS) == \
        "2018-12-01T13:00:00+01:00"


@pytest.mark.parametrize("lang,url,abbrs,zone", [
    ("nl", "https://www.volkskrant.nl/x", [], "Europe/Amsterdam"),
    ("nl-BE", "https://www.demorgen.be/x", [], "Europe/Brussels"),
    ("nl", "https://www.hln.be/x", [], "Europe/Brussels"),
    ("en-GB", None, [], "Europe/London"),
    ("en", "https://news.example.com/x", ["BST"], "Europe/London"),
    ("en", "https://news.example.com/x", ["IST"], "Europe/Dublin"),
    ("en-IN", "https://news.example.com/x", ["IST"], "Asia/Kolkata"),
    ("de", "https://www.example.com/x", [], "Europe/Berlin"),
    ("de-AT", None, [], "Europe/Vienna"),
    ("pl", None, [], "Europe/Warsaw"),
    ("en", "https://news.example.com/x", [], None),
    # a country of several zones: the region is a default, the page's clocks decide
    ("en-US", None, [], "America/New_York"),
    ("en-US", None, ["PT"], "America/Los_Angeles"),
    ("en-US", None, ["PST", "ET"], "America/Los_Angeles"),
    ("en-CA", None, ["MT"], "America/Denver"),
    ("en-AU", None, [], "Australia/Sydney"),
    ("en-GB", None, ["PT"], "Europe/London"),          # not one of the country's zones
    ("ja", "https://news.example.jp/live", [], "Asia/Tokyo"),
    ("en", "https://www.example.gr/live", [], "Europe/Athens"),
    ("ko-KR", None, [], "Asia/Seoul"),
    ("id", "https://news.example.co.id/live", [], "Asia/Jakarta"),
    ("id-ID", None, ["WITA"], "Asia/Makassar"),
    ("ar", "https://www.example.qa/live", [], "Asia/Qatar"),
    ("ar-QA", None, [], "Asia/Qatar"),
    ("ru-RU", None, [], "Europe/Moscow"),
    ("ca", None, [], "Europe/Madrid"),
    ("ca-ES", None, [], "Europe/Madrid"),
    ("fy-NL", None, [], "Europe/Amsterdam"),        # the region's country, any language
    ("es-US", None, [], "America/New_York"),        # the country, not the language
    ("es-US", None, ["PT"], "America/Los_Angeles"),
])
def test_zone_inference(lang: str, url: str | None, abbrs: list[str], zone: str | None) -> None:
    assert infer_zone(lang, url, abbrs) == zone


def test_ist_follows_the_site_zone() -> None:
    ist_india = abbr_zone("IST", "Asia/Kolkata")
    ist_ireland = abbr_zone("IST", "Europe/Dublin")
    assert ist_india is not None and ist_india.utcoffset(None) == timedelta(hours=5.5)
    assert ist_ireland is not None and ist_ireland.utcoffset(None) == timedelta(hours=1)


@pytest.mark.parametrize("text,clock,abbr", [
    ("9:58 p.m. ET", (21, 58), "ET"),
    ("Nov. 5, 2024, 6:00 p.m. ET", (18, 0), "ET"),
    ("11:05 a.m. PT", (11, 5), "PT"),
    ("7:30 pm CT", (19, 30), "CT"),
    ("9:58 p.m. Eastern", (21, 58), "ET"),
    ("8:15 PM Eastern Time", (20, 15), "ET"),
    ("4:02 p.m. EDT", (16, 2), "EDT"),
])
def test_us_clocks_with_their_zones_are_times(text: str, clock: tuple[int, int],
                                              abbr: str) -> None:
    assert is_time_only(text)
    parsed = parse_time_text(text)
    assert (parsed.clock, parsed.tz_abbr) == (clock, abbr)


def test_zone_abbreviations_do_not_eat_words() -> None:
    # French "et"/"est", and words that start like a zone, belong to the title.
    for heading, title in (("17:42 et le président parle", "et le président parle"),
                           ("17h42 est arrivé", "est arrivé"),
                           ("12:40 Westminster votes", "Westminster votes"),
                           ("12.30 Pacific fleet sails", "Pacific fleet sails")):
        m = TICKER_HEADING_RE.match(heading)
        assert m is not None and m.group("title") == title
    assert not is_time_only("12:40 Westminster")
    assert not is_time_only("17:42 et")


def test_us_zone_names_follow_daylight_saving() -> None:
    et = abbr_zone("ET", None)
    assert et is not None
    summer, winter = et.utcoffset(datetime(2024, 7, 4, 12)), et.utcoffset(datetime(2024, 11, 6))
    assert summer is not None and summer.total_seconds() == -4 * 3600
    assert winter is not None and winter.total_seconds() == -5 * 3600
    assert infer_zone(None, None, ["PT"]) == "America/Los_Angeles"
