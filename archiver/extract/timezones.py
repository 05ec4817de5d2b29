"""Which timezone a page's clock times are in: profile, abbreviations, language, domain."""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Abbreviation -> (UTC offset in minutes, zone it implies when the page gives nothing better).
# IST is three zones; the page's language/domain decides (see ambiguous_abbr).
TZ_ABBREVIATIONS: dict[str, tuple[int, str]] = {
    "UTC": (0, "UTC"), "GMT": (0, "Europe/London"), "BST": (60, "Europe/London"),
    "WET": (0, "Europe/Lisbon"), "WEST": (60, "Europe/Lisbon"),
    "CET": (60, "Europe/Berlin"), "CEST": (120, "Europe/Berlin"),
    "MEZ": (60, "Europe/Berlin"), "MESZ": (120, "Europe/Berlin"),
    "EET": (120, "Europe/Athens"), "EEST": (180, "Europe/Athens"),
    "IST": (60, "Europe/Dublin"),
    "EST": (-300, "America/New_York"), "EDT": (-240, "America/New_York"),
    "CST": (-360, "America/Chicago"), "CDT": (-300, "America/Chicago"),
    "MST": (-420, "America/Denver"), "MDT": (-360, "America/Denver"),
    "PST": (-480, "America/Los_Angeles"), "PDT": (-420, "America/Los_Angeles"),
    "AKST": (-540, "America/Anchorage"), "AKDT": (-480, "America/Anchorage"),
    "HST": (-600, "Pacific/Honolulu"),
    "AEST": (600, "Australia/Sydney"), "AEDT": (660, "Australia/Sydney"),
    "WIB": (420, "Asia/Jakarta"), "WITA": (480, "Asia/Makassar"), "WIT": (540, "Asia/Jayapura"),
    "MSK": (180, "Europe/Moscow"), "JST": (540, "Asia/Tokyo"), "KST": (540, "Asia/Seoul"),
    "HKT": (480, "Asia/Hong_Kong"), "SGT": (480, "Asia/Singapore"),
    "SAST": (120, "Africa/Johannesburg"), "EAT": (180, "Africa/Nairobi"),
    "PKT": (300, "Asia/Karachi"),
}
# Abbreviations that name a zone, not an offset: "9:58 p.m. ET" is New York time, EST in
# winter and EDT in summer, so they are read with the zone's own rules.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_IST_BY_ZONE = {"Asia/Kolkata": 330, "Asia/Jerusalem": 120, "Europe/Dublin": 60}

_LANG_REGION: dict[str, str] = {
    "nl-nl": "Europe/Amsterdam", "nl-be": "Europe/Brussels", "fr-be": "Europe/Brussels",
    "en-gb": "Europe/London", "en-ie": "Europe/Dublin", "ga-ie": "Europe/Dublin",
    "en-in": "Asia/Kolkata", "hi-in": "Asia/Kolkata", "en-nz": "Pacific/Auckland",
    "de-de": "Europe/Berlin", "de-at": "Europe/Vienna", "de-ch": "Europe/Zurich",
    "fr-fr": "Europe/Paris", "fr-ch": "Europe/Zurich", "it-it": "Europe/Rome",
    "it-ch": "Europe/Zurich", "es-es": "Europe/Madrid", "pl-pl": "Europe/Warsaw",
    "pt-pt": "Europe/Lisbon", "ja-jp": "Asia/Tokyo",
    "ko-kr": "Asia/Seoul", "zh-tw": "Asia/Taipei", "zh-hk": "Asia/Hong_Kong",
    "zh-cn": "Asia/Shanghai", "en-sg": "Asia/Singapore", "en-za": "Africa/Johannesburg",
    "en-ng": "Africa/Lagos", "en-ke": "Africa/Nairobi", "en-ph": "Asia/Manila",
    "en-pk": "Asia/Karachi", "es-co": "America/Bogota", "es-pe": "America/Lima",
    "uk-ua": "Europe/Kyiv",
    "ar-qa": "Asia/Qatar", "ar-ae": "Asia/Dubai", "ar-sa": "Asia/Riyadh", "ar-eg": "Africa/Cairo",
    "ar-jo": "Asia/Amman", "ar-lb": "Asia/Beirut", "ar-kw": "Asia/Kuwait",
    "ar-ma": "Africa/Casablanca",
    "ar-iq": "Asia/Baghdad", "ar-tn": "Africa/Tunis", "ar-dz": "Africa/Algiers",
    "ar-bh": "Asia/Bahrain", "ar-om": "Asia/Muscat", "ar-sy": "Asia/Damascus",
}
# Countries of several zones: there the region is only a default, and a zone abbreviation on
# the page's clocks ("11:58 PM PT" on an en-US page) that belongs to the country wins.
_ABBR_COUNTRIES: dict[str, frozenset[str]] = {
    **{a: frozenset({"us", "ca"}) for a in ("ET", "CT", "MT", "PT", "EST", "EDT", "CST",
                                             "CDT", "MST", "MDT", "PST", "PDT")},
    **{a: frozenset({"us"}) for a in ("AKST", "AKDT", "HST")},
    "AEST": frozenset({"au"}), "AEDT": frozenset({"au"}),
    "WIB": frozenset({"id"}), "WITA": frozenset({"id"}), "WIT": frozenset({"id"}),
    "MSK": frozenset({"ru"}),
}
# Countries of several zones: their zone when the page's clocks name none of theirs.
_MULTI_ZONE: dict[str, str] = {
    "us": "America/New_York", "ca": "America/Toronto", "au": "Australia/Sydney",
    "br": "America/Sao_Paulo", "mx": "America/Mexico_City", "ru": "Europe/Moscow",
    "id": "Asia/Jakarta", "ar": "America/Argentina/Buenos_Aires", "cl": "America/Santiago",
    "kz": "Asia/Almaty",
}
_LANG: dict[str, str] = {
    "nl": "Europe/Amsterdam", "de": "Europe/Berlin", "fr": "Europe/Paris",
    "it": "Europe/Rome", "pl": "Europe/Warsaw", "es": "Europe/Madrid", "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "no": "Europe/Oslo", "fi": "Europe/Helsinki",
    "cs": "Europe/Prague", "hu": "Europe/Budapest", "el": "Europe/Athens", "pt": "Europe/Lisbon",
    "uk": "Europe/Kyiv", "ru": "Europe/Moscow", "tr": "Europe/Istanbul", "hi": "Asia/Kolkata",
    "ga": "Europe/Dublin", "he": "Asia/Jerusalem", "ja": "Asia/Tokyo", "ko": "Asia/Seoul",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
    "sk": "Europe/Bratislava",
    "sl": "Europe/Ljubljana", "lt": "Europe/Vilnius", "lv": "Europe/Riga", "et": "Europe/Tallinn",
    "is": "Atlantic/Reykjavik", "sr": "Europe/Belgrade", "id": "Asia/Jakarta",
    "ms": "Asia/Kuala_Lumpur", "th": "Asia/Bangkok", "vi": "Asia/Ho_Chi_Minh",
    "fa": "Asia/Tehran", "bn": "Asia/Dhaka", "ka": "Asia/Tbilisi", "hy": "Asia/Yerevan",
    "az": "Asia/Baku", "be": "Europe/Minsk", "mk": "Europe/Skopje", "sq": "Europe/Tirane",
    "bs": "Europe/Sarajevo", "ca": "Europe/Madrid", "eu": "Europe/Madrid", "gl": "Europe/Madrid",
    "lb": "Europe/Luxembourg", "mt": "Europe/Malta", "cy": "Europe/London",
}
_TLD: dict[str, str] = {
    "nl": "Europe/Amsterdam", "be": "Europe/Brussels", "de": "Europe/Berlin",
    "at": "Europe/Vienna", "ch": "Europe/Zurich", "uk": "Europe/London", "ie": "Europe/Dublin",
    "in": "Asia/Kolkata", "it": "Europe/Rome", "pl": "Europe/Warsaw", "fr": "Europe/Paris",
    "es": "Europe/Madrid", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "pt": "Europe/Lisbon", "au": "Australia/Sydney",
    "nz": "Pacific/Auckland", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "gr": "Europe/Athens",
    "tr": "Europe/Istanbul", "cz": "Europe/Prague", "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest", "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
    "si": "Europe/Ljubljana", "lt": "Europe/Vilnius", "lv": "Europe/Riga", "ee": "Europe/Tallinn",
    "is": "Atlantic/Reykjavik", "lu": "Europe/Luxembourg", "ua": "Europe/Kyiv",
    "il": "Asia/Jerusalem", "za": "Africa/Johannesburg", "sg": "Asia/Singapore",
    "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "ph": "Asia/Manila", "pk": "Asia/Karachi",
    "ng": "Africa/Lagos", "ke": "Africa/Nairobi", "eg": "Africa/Cairo",
    "id": "Asia/Jakarta", "qa": "Asia/Qatar", "ae": "Asia/Dubai", "sa": "Asia/Riyadh",
    "kw": "Asia/Kuwait", "bh": "Asia/Bahrain", "om": "Asia/Muscat", "jo": "Asia/Amman",
    "lb": "Asia/Beirut", "iq": "Asia/Baghdad", "sy": "Asia/Damascus", "ma": "Africa/Casablanca",
    "tn": "Africa/Tunis", "dz": "Africa/Algiers", "ly": "Africa/Tripoli", "my": "Asia/Kuala_Lumpur",
    "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "ir": "Asia/Tehran", "bd": "Asia/Dhaka",
    "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "by": "Europe/Minsk", "md": "Europe/Chisinau",
    "ge": "Asia/Tbilisi", "am": "Asia/Yerevan", "rs": "Europe/Belgrade", "ba": "Europe/Sarajevo",
    "mk": "Europe/Skopje", "al": "Europe/Tirane", "cy": "Asia/Nicosia", "mt": "Europe/Malta",
    "gh": "Africa/Accra", "ug": "Africa/Kampala", "tz": "Africa/Dar_es_Salaam",
    "et": "Africa/Addis_Ababa", "sn": "Africa/Dakar", "ci": "Africa/Abidjan",
}


def zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def abbr_zone(abbr: str, site_zone: str | None) -> tzinfo | None:
    """The zone a clock's abbreviation stands for: a fixed offset ("BST", "EST"; "IST" read in
    the light of the site's zone), or a zone with its own DST rules ("ET")."""
    abbr = abbr.upper()
    if abbr in ZONE_ABBREVIATIONS:
        return zone(ZONE_ABBREVIATIONS[abbr])
    if abbr == "IST" and site_zone in _IST_BY_ZONE:
        minutes = _IST_BY_ZONE[site_zone]
    elif abbr in TZ_ABBREVIATIONS:
        minutes = TZ_ABBREVIATIONS[abbr][0]
    else:
        return None
    return timezone(timedelta(minutes=minutes))


def infer_zone(language: str | None, url: str | None, abbreviations: list[str]) -> str | None:
    """An IANA zone name from what the page says about itself, most specific first:
    language with region (in a country of several zones, a clock abbreviation of that country
    first), the domain's country, the bare language, a clock abbreviation. ``abbreviations``
    come most frequent first."""
    lang = (language or "").strip().lower().replace("_", "-")
    region = lang.split("-")[1] if "-" in lang else ""
    if lang in _LANG_REGION or region in _MULTI_ZONE:
        for abbr in abbreviations:
            if region in _ABBR_COUNTRIES.get(abbr.upper(), ()):
                return _abbr_zone_name(abbr.upper())
        return _LANG_REGION.get(lang) or _MULTI_ZONE[region]
    host = (urlsplit(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in _TLD:
        return _TLD[tld]
    if region in _TLD and region not in _MULTI_ZONE:
        return _TLD[region]              # "ca-ES": the country of the region

    base = lang.split("-")[0]
    if base in _LANG:
        return _LANG[base]
    for abbr in abbreviations:
        name = abbr.upper()
        if name == "IST":
            return "Asia/Kolkata" if region == "in" else "Europe/Dublin"
        if name in ZONE_ABBREVIATIONS or (name in TZ_ABBREVIATIONS and name != "UTC"):
            return _abbr_zone_name(name)
    return None


def _abbr_zone_name(name: str) -> str:
    """The zone an abbreviation implies (``name`` is a key of one of the two tables)."""
    return ZONE_ABBREVIATIONS.get(name) or TZ_ABBREVIATIONS[name][1]
