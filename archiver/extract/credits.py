"""Image captions and credits: splitting glued text, credit markers, agency names."""

from __future__ import annotations

import re

# Lower-case spelling -> the agency's own spelling. Persons and unknown names keep theirs.
AGENCIES: dict[str, str] = {
    "reuters": "Reuters", "ap": "AP", "afp": "AFP", "epa": "EPA", "anp": "ANP",
    "getty images": "Getty Images", "getty": "Getty Images", "dpa": "dpa", "belga": "Belga",
    "pa": "PA", "pa media": "PA Media", "pa wire": "PA Wire", "ansa": "ANSA", "efe": "EFE",
    "tass": "TASS", "ria novosti": "RIA Novosti", "xinhua": "Xinhua", "upi": "UPI",
    "pap": "PAP", "pti": "PTI", "ani": "ANI", "ians": "IANS", "ap photo": "AP Photo",
    "afp photo": "AFP Photo", "epa-efe": "EPA-EFE",
    "shutterstock": "Shutterstock", "anp xtra": "ANP XTRA", "hollandse hoogte": "Hollandse Hoogte",
    "imageselect": "ImageSelect", "sportsfile": "Sportsfile", "alamy": "Alamy", "bbc": "BBC",
    "rtl nieuws": "RTL Nieuws", "nos": "NOS", "picture alliance": "picture alliance",
    "keystone": "Keystone", "apa": "APA", "lapresse": "LaPresse", "ipa": "IPA",
    "press association": "Press Association", "rex": "Rex", "rex features": "Rex Features",
    "bloomberg": "Bloomberg", "nurphoto": "NurPhoto", "sipa": "Sipa", "ansa foto": "ANSA Foto",
    "aa": "AA", "anadolu": "Anadolu", "anadolu agency": "Anadolu Agency", "dha": "DHA",
    "i̇ha": "İHA", "iha": "İHA", "antara": "ANTARA", "antara foto": "ANTARA FOTO",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "wafa": "WAFA", "sana": "SANA", "irna": "IRNA",
    "ukrinform": "Ukrinform", "unian": "UNIAN", "interfax": "Interfax", "ria": "RIA",
    "agerpres": "Agerpres", "mti": "MTI", "hina": "HINA", "ctk": "ČTK", "čtk": "ČTK",
    "tanjug": "Tanjug", "bta": "BTA", "ntb": "NTB", "tt": "TT", "ritzau": "Ritzau",
    "lehtikuva": "Lehtikuva", "stt": "STT", "scanpix": "Scanpix", "inquam photos": "Inquam Photos",
    # in other scripts, as written: Reuters, AFP, AP, Anadolu, EPA, dpa; TASS, RIA; Kyodo
    "رويترز": "رويترز", "الفرنسية": "الفرنسية", "فرانس برس": "فرانس برس",
    "أسوشيتد برس": "أسوشيتد برس", "الأناضول": "الأناضول", "إي بي إيه": "إي بي إيه",
    "د ب أ": "د ب أ", "تاس": "تاس",
    "тасс": "ТАСС", "риа новости": "РИА Новости", "укрінформ": "Укрінформ", "уніан": "УНІАН",
    "共同": "共同", "時事": "時事", "新华社": "新华社", "中央社": "中央社", "연합뉴스": "연합뉴스",
}
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
# "Beeld X" may be glued to the caption ("…Helsinki.Beeld epa", "…persconferentieBeeld AP").
_GLUED_BEELD = re.compile(r"(?:^|(?<=[\s.!?,;:)\]\"'’”a-zà-ÿ]))Beeld:?[ \xa0]+(?P<c>\S.*)$")
# Full-width brackets and colon ("（写真：共同）") count as their ASCII forms; in CJK text the
# marker follows a character without a space.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
_MARKERS = re.compile(
    rf"(?:^|(?<=[\s.!?,;:)\]\"'’”{_CJK}]))"
    r"[(\[（［]?(?P<m>Photograph|Photographs|Photo|Photos|Picture|Pictures|Pics?|Image|Images|"
    r"Foto's|Fotos|Foto|Bild|Bilder|Credit|Credits|Bron|Source|Quelle|Fonte|Copyright|"
    r"Illustratie|Illustration|Video|写真|提供|撮影|画像|出典|사진|제공|图|圖|摄影|攝影|"
    r"Фото|Фотографія|Фотография|Світлина|Джерело|Источник|Fotoğraf|Kaynak|Sumber|"
    r"الصورة|صورة|المصدر|צילום|फोटो|फ़ोटो|तस्वीर|Fotografia|Fotografie|Kuva|Ảnh|Nguồn|Fotó|"
    r"Forrás|Sursa|Sursă|Izvor|Zdroj)"
    r"(?:\s+credit)?\s*[:：=]\s*(?P<c>[^()\[\]（）［］]+?)[)\]）］]?\s*[.。]?$",
    re.I)
# Polish "Fot. PAP/Leszek Szymański" (also "fot. Reuters"), Italian "Foto ANSA" style.
_FOT_ABBR = re.compile(r"(?:^|(?<=[\s.!?,;:)]))Fot\.\s*(?P<c>\S[^()]{0,80}?)\s*$", re.I)
# The word for "by" after a marker: "Foto di X", "Foto de X", "Photo by X", "Bild von X".
# Lower case ("By" too): "Van Gogh Museum" after a marker is a name.
_BY_WORD = r"(?-i:by|By|di|de|da|von|van|door|par|por|przez)"
_FOTO_NO_COLON = re.compile(r"(?:^|(?<=[.!?]))\s*(?:Foto|Beeld)[ \xa0]+(?:" + _BY_WORD
                            + r"[ \xa0]+)?(?P<c>\S[^.!?]{0,60})$")
# "… Photo by Jane Doe", "Picture by PA": only as a sentence of its own, and only a name
# (capital, digit or @) or an agency ("The picture by Monet hangs in …" is a caption).
_MARKER_BY = re.compile(
    r"(?:(?:^|(?<=[.!?]))\s*|\s*(?=[(\[]))[(\[]?(?i:Photographs?|Photos?|Pictures?|Images?|Fotos?|Bild|Beeld)"
    rf"[ \xa0]+{_BY_WORD}[ \xa0]+(?P<c>[A-ZÀ-Þ0-9@][^!?()\[\]]{{0,60}}?|(?i:{_AGENCY_ALT}))"
    r"[)\]]?\s*\.?$")
_COPYRIGHT = re.compile(r"(?:^|(?<=[\s.!?,;:]))(?:©|\(c\)|&copy;)\s*(?P<c>[^©]+?)\s*\.?$", re.I)
# The caption's own full stop stays: "… Steve Smith. (PTI)" -> "… Steve Smith."
_BRACKETED = re.compile(r"\s*[(\[](?P<c>[^()\[\]]{1,80})[)\]]\s*\.?$")
_VIA = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[.!?]))\s*(?P<c>(?:[A-Z][\w.'-]*\s*){1,4}"
                  r"(?:/\s*[A-Z][\w ]+?\s+)?via\s+[\w ]+?)\s*\.?$")
_SLASH_AGENCY = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[.!?]))\s*(?P<c>(?:[A-Z][\w.'-]*\s+)"
                           rf"{{0,3}}[A-Z][\w.'-]*\s*/\s*(?:{_AGENCY_ALT}))\s*\.?$", re.I)
_HANDLE = re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=[.!?]))\s*\(?(?P<c>@\w{1,30})\)?\s*\.?$")
_MARKER_ONLY = re.compile(
    r"^\s*(?:Beeld|Foto's|Fotos|Foto|Photograph|Photo|Picture|Image|Bild|Credit|Bron|Source|"
    r"Quelle|Copyright|Fotografia|Fotografie|Fot\.|©|Фото|Фотографія|Фотография|Fotoğraf|"
    r"الصورة|صورة|צילום|फोटो|फ़ोटो|写真|提供|撮影|사진|Kuva(?=\s*:)|Ảnh(?=\s*:))"
    r"(?:(?<=[.©])|(?![^\W\d_]))\s*[:：=]?\s*(?:"
    + _BY_WORD + r"\s+)?", re.I)


def normalize_credit(raw: str | None) -> str | None:
    """The agency's own spelling for a known agency (any case), else ``raw`` unchanged."""
    if raw is None:
        return None
    key = re.sub(r"\s+", " ", raw.strip().strip(".").lower())
    return AGENCIES.get(key, raw.strip())


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def strip_credit_marker(text: str) -> str:
    """"Beeld epa" -> "epa", "(Image: PA)" -> "PA", "© Jan" -> "Jan": a credit-only text."""
    text = _clean(text)
    m = _MARKERS.match(text) if text.startswith(("(", "[")) else None
    if m:
        return _clean(m.group("c"))
    text = _MARKER_ONLY.sub("", text)
    text = text.strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
    return text.rstrip(".").strip() if text.endswith(".") and len(text) < 40 else text


def _is_credit_word(inner: str) -> bool:
    low = inner.strip().lower()
    return (low in AGENCIES or " via " in f" {low} " or "/" in low or low.startswith("@")
            or bool(re.search(r"\b(?:getty|images|photos?|fotos?|agency|pictures)\b", low)
                    and "file photo" not in low and "archive" not in low))


def split_caption_credit(text: str) -> tuple[str | None, str | None]:
    """(caption, credit_raw) from one text that may end in a credit.

    Recognised: ``Beeld X`` (also glued to the caption), ``Foto: X``/``Foto X``,
    ``Photograph: X``, ``(Image: X)``, ``Credit: X``, ``© X``, ``Bron: X``, a credit alone in
    brackets (``(Getty Images)``, ``(reuters)``), ``X via Getty Images``, ``Name/Agency``, a
    trailing ``@handle``, and a text that is nothing but an agency name."""
    text = _clean(text)
    if not text:
        return None, None
    if text.lower().strip(".") in AGENCIES:
        return None, text
    for pattern in (_GLUED_BEELD, _MARKERS, _MARKER_BY, _COPYRIGHT, _FOT_ABBR, _FOTO_NO_COLON):
        m = pattern.search(text)
        if m:
            return _caption(text[:m.start()]), _clean(m.group("c")).rstrip(".").strip() or None
    m = _BRACKETED.search(text)
    if m and (_is_credit_word(m.group("c")) or m.start() == 0):
        return _caption(text[:m.start()]), _clean(m.group("c"))
    for pattern in (_VIA, _SLASH_AGENCY, _HANDLE):
        m = pattern.search(text)
        if m:
            return _caption(text[:m.start()]), _clean(m.group("c"))
    return text, None


def _caption(text: str) -> str | None:
    text = _clean(text)
    text = re.sub(r"\s*[|/–—-]\s*$", "", text)
    return text or None
