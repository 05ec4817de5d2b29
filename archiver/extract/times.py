"""Reading times from pages: ISO strings, epoch attributes, clock, date and relative text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

_MONTHS: dict[str, int] = {}
for _names in (
    # en, nl, de, fr, it, es, pl (genitive), with common abbreviations
    "january jan januari janvier gennaio enero januar jänner stycznia",
    "february feb februari februar février fevrier febbraio febrero lutego",
    "march mar maart märz maerz mars marzo marca",
    "april apr avril aprile abril kwietnia",
    "may mei mai maggio mayo maja",
    "june jun juni juin giugno junio czerwca",
    "july jul juli juillet luglio julio lipca",
    "august aug augustus août aout agosto sierpnia",
    "september sep sept septembre settembre septiembre września wrzesnia",
    "october oct okt oktober octobre ottobre octubre października pazdziernika",
    "november nov novembre noviembre listopada",
    "december dec dez dezember décembre decembre dicembre diciembre grudnia",
):
    _month_index = len({v for v in _MONTHS.values()}) + 1
    for _n in _names.split():
        _MONTHS[_n] = _month_index
# ru (genitive and nominative), uk (genitive), tr, id, el (genitive), hi, in month order
for _month_index, _names in enumerate((
    "января январь січня ocak januari ιανουαρίου जनवरी",
    "февраля февраль лютого şubat februari φεβρουαρίου फ़रवरी फरवरी",
    "марта март березня mart maret μαρτίου मार्च",
    "апреля апрель квітня nisan απριλίου अप्रैल",
    "мая май травня mayıs μαΐου मई",
    "июня июнь червня haziran ιουνίου जून",
    "июля июль липня temmuz ιουλίου जुलाई",
    "августа август серпня ağustos agustus αυγούστου अगस्त",
    "сентября сентябрь вересня eylül σεπτεμβρίου सितंबर सितम्बर",
    "октября октябрь жовтня ekim oktober οκτωβρίου अक्टूबर",
    "ноября ноябрь листопада kasım νοεμβρίου नवंबर नवम्बर",
    "декабря декабрь грудня aralık desember δεκεμβρίου दिसंबर दिसम्बर",
), start=1):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _month_index)

# Zone abbreviations after a clock. In a ticker heading they must be capitals: "17:42 est …"
# and "17:42 et …" start French titles. Where the whole text is a time, "12.50 bst" is read
# too, but the two-letter US zones (ET, CT, MT, PT) stay capitals everywhere.
_TZ_FIXED = ("UTC|GMT|BST|WET|WEST|CET|CEST|MEZ|MESZ|EET|EEST|IST|EST|EDT|CST|CDT|MST|MDT|"
             "PST|PDT|AKST|AKDT|HST|AEST|AEDT|WITA|WIB|WIT|MSK|JST|KST|HKT|SGT|SAST|EAT|PKT")
_TZ_WORDS = rf"(?-i:{_TZ_FIXED}|ET|CT|MT|PT)"
# US outlets also write the zone out ("9:58 p.m. Eastern"); never read in a ticker heading
# ("12.30 Pacific fleet …" is a title).
_TZ_NAMES = {"eastern": "ET", "central": "CT", "mountain": "MT", "pacific": "PT"}
_TZ_FULL = rf"(?:{_TZ_FIXED}|{_TZ_WORDS}|(?-i:Eastern|Central|Mountain|Pacific)(?:\s+[Tt]ime)?)"
_CLOCK = (r"(?P<h>[01]?\d|2[0-3])\s?[:.hH]\s?(?P<m>[0-5]\d)(?!\d|[.:/-]\d)"
          r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?![a-z]))?")
_CLOCK_SUFFIX = r"(?:\s*(?:uur|u|Uhr|h|hrs|heures|ore))?"
_TZ = rf"(?:\s*\(?(?P<tz>{_TZ_FULL})\)?(?![\w]))?"
_TZ_ABBR = rf"(?:\s*\(?(?P<tz>{_TZ_WORDS})\)?(?![\w]))?"
CLOCK_RE = re.compile(rf"(?<![\d:.]){_CLOCK}{_CLOCK_SUFFIX}{_TZ}", re.I)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"),
    # "2024.01.13", "2024/01/13" (Korean, Chinese, Japanese order)
    re.compile(r"(?<!\d)(?P<y>\d{4})[./](?P<mo>\d{1,2})[./](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})[./-](?P<mo>\d{1,2})[./-](?P<y>\d{4})(?!\d)"),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mon>{_MONTH_NAMES})\.?(?:\s+(?P<y>\d{{4}}))?",
               re.I),
    re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
               r"(?:,?\s+(?P<y>\d{4}))?", re.I),
)
_REL_UNITS: dict[str, int] = {}
for _secs, _words in (
    # en, nl, de, fr, es, pt, it, da/no, sv, pl
    (1, "s sec secs second seconds seconde seconden sekunde sekunden secondes segundo segundos "
        "secondo secondi sekund sekunder sekunda sekundy δευτερόλεπτο δευτερόλεπτα "
        "секунд секунду секунды секунди сек detik ثانية ثوان ثواني सेकंड segon segons "
        "sekuntia sekunti giây"),
    (60, "m min mins minute minutes minuut minuten mn minuto minutos minuti minutt minutter "
         "minut minuter minuty λεπτό λεπτά dk dakika минут минуту минуты мин хвилин хвилину "
         "хвилини хв menit دقيقة دقائق دقيقتين मिनट minuts minuuttia minuutti min. phút "
         "minute minuta minutama minutami דקות דקה perce perccel"),
    (3600, "h hr hrs hour hours uur u std stunde stunden heure heures hora horas ora ore "
           "time timer timme timmar godz godzina godziny godzin t ώρα ώρες saat sa "
           "час часа часов годину години годин год jam ساعة ساعات ساعتين घंटा घंटे hores "
           "tuntia tunti giờ oră ore sat sata sati hodinou hodinami שעה שעות órája órával"),
    (86400, "d day days dag dagen tag tagen jour jours día días dia dias giorno giorni dage "
            "dagar dni dzień μέρα μέρες ημέρα ημέρες gün день дня дней днів дні hari يوم أيام "
            "يومين दिन dies päivää päivä ngày"),
):
    for _w in _words.split():
        _REL_UNITS[_w] = _secs
_REL_UNIT_RE = "|".join(sorted(_REL_UNITS, key=len, reverse=True))
# "N unit ago" (en, nl; it "fa", da/no "(for) … siden", sv "(för) … sedan", pl "temu", tr
# "önce", ru "назад", uk "тому", id "(yang) lalu"); the prefix forms de "vor", fr "il y a", es
# "hace", pt "há", el "πριν (από)", ar "منذ" (not a
# bare "for"/"ha": "closed for 5 hours", it "ha 3 ore di ritardo"); a bare "N unit" only as the
# whole text.
RELATIVE_RE = re.compile(
    rf"(?:\b(?:vor|for|för)\s+)?(?<![\w.:])(?P<n>\d+|an?|één|een|one|un|une|uma?)\s*"
    rf"(?P<unit>{_REL_UNIT_RE})\.?\s+(?:ago|geleden|fa|siden|sedan|temu|önce|назад|тому|"
    r"(?:yang\s+)?lalu|पहले|sitten|trước)(?!\w)"
    r"|(?<![\w.:])(?P<n4>\d+)\s*(?P<unit4>분|시간|초|일|分钟|分鐘|分|小时|小時|秒钟|秒|天)\s*"
    r"(?:전|前)"
    rf"|(?:\bvor|\bil\s+y\s+a|\bhace|(?<!\w)há|(?<!\w)πριν(?:\s+από)?|(?<!\w)منذ|"
    rf"^fa|\bacum|(?<!\w)לפני|\bprije|\bpřed|\bpred)\s+"
    rf"(?P<n2>\d+|einer|einem|un|une|uma?|una?)\s*(?:de\s+)?(?P<unit2>{_REL_UNIT_RE})(?!\w)"
    rf"|^(?P<n3>\d+)\s*(?P<unit3>{_REL_UNIT_RE})$"
    rf"|(?<![\w.:])(?P<n5>\d+)\s+(?P<unit5>perce|órája|napja|másodperce)(?!\w)",
    re.I)
# Korean "5분 전", Chinese "5分钟前" (no space needed)
_CJK_REL_UNITS = {"초": 1, "秒钟": 1, "秒": 1, "분": 60, "分钟": 60, "分鐘": 60, "分": 60,
                  "시간": 3600, "小时": 3600, "小時": 3600, "일": 86400, "天": 86400}
# Hungarian "5 perce" ("5 minutes ago"): the ending says "ago"
_HU_AGO_UNITS = {"másodperce": 1, "perce": 60, "órája": 3600, "napja": 86400}
# Day dividers between entries: "Vandaag", "Gisteren", "Today", … (days from the capture day)
RELATIVE_DAYS: dict[str, int] = {
    **dict.fromkeys(("today", "vandaag", "heute", "aujourd'hui", "hoy", "oggi", "hoje", "i dag",
                     "idag", "dzisiaj", "dziś", "tänään", "сегодня", "сьогодні", "bugün",
                     "astăzi", "azi", "ma", "danas", "dnes", "σήμερα", "היום"), 0),
    **dict.fromkeys(("yesterday", "gisteren", "gestern", "hier", "ayer", "ieri", "ontem",
                     "i går", "igår", "wczoraj", "eilen", "вчера", "вчора", "dün", "tegnap",
                     "jučer", "včera", "χθες", "אתמול"), -1),
}
_JUST_NOW = re.compile(r"^(?:just now|zojuist|net|gerade eben|gerade|now|nu)$", re.I)
_LABEL = (r"(?:(?:(?:updated|posted|published) on|updated|update|posted|published|"
          r"bijgewerkt|geplaatst|gepubliceerd|"
          r"aktualisiert|veröffentlicht|mis à jour|publié|actualizado|publicado|atualizado|"
          r"aggiornato|pubblicato|oppdatert|opdateret|uppdaterad|publicerad|zaktualizowano|"
          r"ενημερώθηκε|δημοσιεύθηκε|güncellendi|更新|om|at|um|à|às|a las|a les|alle|ore|o|"
          r"kl\.?|klo|godz\.?)"
          r"\s*:?\s*)")
_WEEKDAY = (r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*|"
            r"(?:maan|dins|woens|donder|vrij|zater|zon)dag|"
            r"(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch|(?:ma|di|wo|do|vr|za|zo))\.?,?")
_WEEKDAY_RE = re.compile(rf"\b{_WEEKDAY}", re.I)
# A whole element whose text is a time and nothing else (date and/or clock, label, zone).
TIME_ONLY_RE = re.compile(
    rf"^\s*{_LABEL}?(?:{_WEEKDAY}\s+)?(?:(?:\d{{1,4}}[./-]?(?:\d{{1,2}}[./-]\d{{2,4}})?|"
    rf"(?:{_MONTH_NAMES})\.?),?\s+){{0,3}}{_LABEL}?{_CLOCK}"
    rf"{_CLOCK_SUFFIX}{_TZ}\s*(?:,\s*(?-i:[A-Z]{{2,4}})\s*)?[,|·•-]?\s*$", re.I)
# A ticker heading: "12.31 Uhr: Title", "17:42 - Title", "21:06 (IST) | Title".
TICKER_HEADING_RE = re.compile(
    rf"^\s*(?P<time>{_CLOCK}{_CLOCK_SUFFIX}{_TZ_ABBR})\s*(?:[:|–—-]\s*|\s+)(?P<title>\S.*)$",
    re.I | re.S)
_DIGIT = re.compile(r"\d")
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
_ISO_RE = re.compile(
    r"^\s*(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?\s*$", re.I)


# Japanese, Chinese and Korean clocks ("午後4時15分", "23時45分", "下午4时15分", "오후 4시 15분")
# and dates ("2024年1月1日", "2024년 1월 1일") are read as their Latin forms.
_CJK_CLOCK = re.compile(r"(午前|午後|上午|下午|오전|오후)?\s*(\d{1,2})\s*[時时시]\s*"
                        r"(\d{1,2})\s*[分분]")
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_CJK_MARK = re.compile(r"[時时시年년]")
# Arabic-Indic and Persian digits ("١٤:٥٢") as ASCII.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_OTHER_DIGIT = re.compile(r"[٠-٩۰-۹]")
_PM = frozenset({"午後", "下午", "오후"})


def _cjk_clock(m: re.Match[str]) -> str:
    hour, minute = int(m.group(2)), int(m.group(3))
    if m.group(1) in _PM and hour < 12:
        hour += 12
    elif m.group(1) and m.group(1) not in _PM and hour == 12:
        hour = 0
    return f" {hour:02d}:{minute:02d} " if hour < 24 and minute < 60 else m.group(0)


def latin_times(text: str) -> str:
    """CJK clocks and dates, and Arabic-Indic digits, in the forms the patterns below read
    (other text unchanged)."""
    if _OTHER_DIGIT.search(text):
        text = text.translate(_DIGITS)
    if not _CJK_MARK.search(text):
        return text
    text = _CJK_DATE.sub(lambda m: f" {m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d} ",
                         text)
    return _CJK_CLOCK.sub(_cjk_clock, text).strip()


@dataclass(frozen=True)
class ParsedText:
    clock: tuple[int, int] | None = None
    tz_abbr: str | None = None
    day: tuple[int | None, int, int] | None = None   # (year or None, month, day)
    relative_seconds: int | None = None


def parse_iso(value: str, zone: tzinfo) -> datetime | None:
    """An ISO 8601 date-time as an aware datetime; a value without offset is local to ``zone``.
    A date alone (no time) is not a point in time and gives None."""
    m = _ISO_RE.match(value or "")
    if not m or not m.group("time"):
        return None
    text = m.group("date") + "T" + m.group("time").replace(",", ".")
    tz = m.group("tz")
    if tz:
        tz = "+00:00" if tz.upper() == "Z" else tz
        if len(tz) == 3:
            tz += ":00"
        elif ":" not in tz:
            tz = tz[:3] + ":" + tz[3:]
        text += tz
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    return dt.replace(microsecond=0)


def parse_iso_date(value: str) -> date | None:
    m = _ISO_RE.match(value or "")
    if not m:
        return None
    try:
        return date.fromisoformat(m.group("date"))
    except ValueError:
        return None


def parse_epoch(value: str) -> datetime | None:
    """Epoch seconds (10 digits) or milliseconds (13 digits) as an aware UTC datetime."""
    value = (value or "").strip()
    if not _EPOCH_RE.match(value):
        return None
    number = float(value)
    if len(value.split(".")[0]) == 13:
        number /= 1000.0
    # Only plausible news times (2000-2100): anything else is an id that looks like a number.
    if not 946_684_800 <= number < 4_102_444_800:
        return None
    return datetime.fromtimestamp(int(number), tz=UTC)


def _clock_from(m: re.Match[str]) -> tuple[int, int]:
    hour, minute = int(m.group("h")), int(m.group("m"))
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, minute


def _date_in(text: str) -> tuple[re.Match[str], tuple[int | None, int, int]] | None:
    """The first date written in ``text`` (year or None, month, day) and where it stands."""
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS.get(groups["mon"].lower()) if groups.get("mon") else int(groups["mo"])
        day_n = int(groups["d"])
        year = int(groups["y"]) if groups.get("y") else None
        if month and 1 <= month <= 12 and 1 <= day_n <= 31:
            return m, (year, month, day_n)
    return None


def _day_from(text: str) -> tuple[int | None, int, int] | None:
    found = _date_in(text)
    return found[1] if found else None


def relative_seconds(text: str) -> int | None:
    text = text.strip()
    if _JUST_NOW.match(text):
        return 0
    m = RELATIVE_RE.search(text)
    if not m:
        return None
    if m.group("n4"):
        return int(m.group("n4")) * _CJK_REL_UNITS[m.group("unit4")]
    if m.group("n5"):
        return int(m.group("n5")) * _HU_AGO_UNITS[m.group("unit5")]
    n = m.group("n") or m.group("n2") or m.group("n3")
    unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).lower()
    count = int(n) if n.isdigit() else 1
    return count * _REL_UNITS[unit]


def parse_time_text(text: str) -> ParsedText:
    """What a short piece of text says about time: clock, zone abbreviation, day, or ago."""
    text = latin_times(text)
    rel = relative_seconds(text)
    if rel is not None and not CLOCK_RE.search(text):
        return ParsedText(relative_seconds=rel)
    m = CLOCK_RE.search(text)
    clock = _clock_from(m) if m else None
    tz = m.group("tz") if m else None
    tz_abbr = _TZ_NAMES.get(tz.split()[0].lower(), tz.upper()) if tz else None
    rest = (text[:m.start()] + " " + text[m.end():]) if m else text
    return ParsedText(clock=clock, tz_abbr=tz_abbr, day=_day_from(rest), relative_seconds=rel)


def day_divider(text: str) -> tuple[int | None, int, int] | int | None:
    """A divider between entries that names a day: (year or None, month, day) for a date
    ("Donderdag 31 oktober"), days from the capture day for "Vandaag"/"Gisteren"; else None."""
    word = " ".join(text.split()).strip(":.").lower()
    if word in RELATIVE_DAYS:
        return RELATIVE_DAYS[word]
    if is_date_only(text):
        return parse_time_text(text).day
    return None


def is_date_only(text: str) -> bool:
    """Is this whole (short) text a date and nothing else ("13 जनवरी 2024", "Mon 5 Oct")?"""
    text = latin_times(text.strip())
    if not text or len(text) > 40 or CLOCK_RE.search(text):
        return False
    found = _date_in(text)
    if found is None:
        return False
    m = found[0]
    rest = _WEEKDAY_RE.sub("", text[:m.start()] + " " + text[m.end():])
    return not re.search(r"[^\W\d_]", rest)


def is_time_only(text: str) -> bool:
    """Is this whole (short) text a timestamp, e.g. "17:42", "12.50 BST", "4m ago"?"""
    text = latin_times(text.strip())
    if not text or len(text) > 60:
        return False
    if _DIGIT.search(text) and TIME_ONLY_RE.match(text):   # its clock has digits
        return True
    if _JUST_NOW.match(text):
        return True
    m = RELATIVE_RE.search(text)
    return bool(m and len(text) - (m.end() - m.start()) <= 12)


def format_dt(dt: datetime, zone: tzinfo) -> str:
    """ISO 8601 in the site's zone, to the second, always with an offset."""
    return dt.astimezone(zone).replace(microsecond=0).isoformat(timespec="seconds")


def format_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
