"""An entry's header furniture: pinned and status labels, author elements, bylines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from archiver.extract.selectors import HEADING_TAGS, texts
from archiver.extract.text import element_text, short_text
from archiver.extract.times import is_time_only

AUTHOR_CLASS = re.compile(r"(?:^|[\s_-])(?:author|byline|auteur|autor|autore|autrice|firma|"
                          r"signature)(?:$|[\s_-])", re.I)
PINNED_CLASS = re.compile(r"pinned|sticky|is-pinned|featured-post|highlighted", re.I)
PINNED_LABEL = re.compile(r"^(?:pinned(?: post| entry| update)?|vastgepind|uitgelicht|"
                          r"angepinnt|fixiert|fissato|in evidenza|epinglé|épinglé|fijado|"
                          r"przypięty(?: wpis| post)?|fastgjort|fäst|fäst inlägg|festet|"
                          r"kiinnitetty|fixado|destacado|fixat|закреплено|закріплено|"
                          r"sabitlendi|📌.*)$", re.I)
# Badges in an entry's header; they are page furniture, not entry text.
# "Breaking news" in the languages of live pages: son dakika, dernière minute, última hora, …
STATUS_LABEL = re.compile(r"^(?:update[d]?|breaking(?: news)?|live|key event|important|"
                          r"eilmeldung|breaking|net binnen|nieuw|new|just in|ultim'ora|"
                          r"pilne|analysis|analyse|analysis:|"
                          r"son dakika|derni[eè]re (?:minute|heure)|ultima ora|[uú]ltima hora|"
                          r"[uú]ltimo minuto|urgente|just nu|senaste nytt|siste nytt|sidste nyt|"
                          r"срочно|терміново|молния|блискавка|عاجل|έκτακτο|速報|突发|突發|속보)$",
                          re.I)
# "By Jane Doe", "door Jan de Vries", "di Marco Galli": the word is not part of the name. The
# particles van/von/di are that word only in lower case ("Van Gaal", "Di Maio" are names).
BY_PREFIX = re.compile(r"^(?:(?i:by|door|par|por|przez)|von|van|di)\s*:?\s+")
# A sentence's end: a full stop after a word longer than an initial ("J." stays a name).
_SENTENCE_END = re.compile(r"[^\W\d_]{3,}[.!?]$")
_NAME_RE = re.compile(r"^[A-ZÀ-Þ][\w'’.-]+(?:\s+[\w'’.-]+){0,4}$")


def is_byline(text: str) -> bool:
    """"Aoife Byrne", "di Marco Galli", "by Reuters", "przez Jana Kowalskiego": a name, with
    or without the lower-case "by" of its language. Without that word it takes two words."""
    name = BY_PREFIX.sub("", text, count=1)
    prefixed = name != text
    if _SENTENCE_END.search(name) or any(c.isdigit() for c in name):
        return False                      # "Urmăriți declarațiile în materialul video."
    return bool(name and _NAME_RE.match(name) and name[0].isupper()
                and (prefixed or len(name.split()) >= 2)
                and not is_time_only(text) and not STATUS_LABEL.match(name))


def bylines_beside(time_el: etree._Element, roots: Sequence[etree._Element],
                   skip: set[etree._Element]) -> list[etree._Element]:
    """Short name-like texts next to an entry's time in its meta line ("11:42 Aoife Byrne")."""
    parent = time_el.getparent()
    if parent is None or parent in roots or parent.tag in ("p", "h1", "h2", "h3", "h4"):
        return []
    found: list[etree._Element] = []
    for sib in parent:
        if sib is time_el or not isinstance(sib.tag, str) or sib in skip or len(sib) \
                or sib.tag in HEADING_TAGS or sib.get("role") == "heading" \
                or sib.get("itemprop") == "headline":
            continue                    # a heading beside the time is the entry's title
        text = short_text(sib, 60)
        if text and is_byline(text):
            found.append(sib)
    return found


def only_icons_inside(el: etree._Element) -> bool:
    """A label element: its children, if any, carry no text of their own ("<p><svg/> Pinned
    post</p>", "<span><i class=icon-pin></i>Angepinnt</span>")."""
    return all(not isinstance(child.tag, str) or child.tag in ("svg", "img")
               or not "".join(texts(child)).strip() for child in el)


def strip_by(text: str) -> str:
    """A byline without its word for "by": "di Marco Galli" -> "Marco Galli"."""
    return BY_PREFIX.sub("", text, count=1).strip()


# Links that only ask to share the page: tweet/post intents, sharer dialogs, messenger "send"
# links, a mail without recipient. A link to an account or a post is no share intent.
SHARE_INTENT = re.compile(
    r"^(?:(?:https?:)?//(?:[\w-]+\.)*(?:"
    r"(?:twitter|x)\.com/(?:intent/|share\b)"
    r"|facebook\.com/(?:sharer|share\.php|dialog/(?:share|feed))"
    r"|wa\.me/\?|(?:api|web)\.whatsapp\.com/send"
    r"|t(?:elegram)?\.me/share"
    r"|linkedin\.com/(?:shareArticle|sharing/share|cws/share)"
    r"|reddit\.com/submit|pinterest\.[a-z.]+/pin/create|vk\.com/share\.php"
    r"|tumblr\.com/(?:share|widgets/share)|line\.me/R/msg/text|bsky\.app/intent/"
    r"|threads\.net/intent/|getpocket\.com/save|news\.ycombinator\.com/submitlink)"
    r"|mailto:\?|sms:\?|whatsapp://send)", re.I)
# A share bar holds little besides its links ("Paylaş", "Share on X", "Teilen").
_SHARE_TEXT = 80
_SHARE_OTHER_TEXT = 20


def share_bars(root: etree._Element, include_root: bool = False) -> list[etree._Element]:
    """Share chrome in an entry, in any language: the outermost elements under ``root`` (and
    ``root`` itself if ``include_root``) whose links all share the page (:data:`SHARE_INTENT`)
    and that hold little other text, standing apart from running text (a share link inside a
    sentence stays)."""
    found: list[etree._Element] = []
    top = root.getparent() if include_root else root
    for a in root.iter("a"):
        if not SHARE_INTENT.match((a.get("href") or "").strip()) \
                or any(a is f or f in a.iterancestors() for f in found):
            continue
        best: etree._Element | None = None
        node: etree._Element | None = a
        while node is not None and node is not top and _share_only(node):
            best, node = node, node.getparent()
        if best is not None and _stands_apart(best):
            found.append(best)
    return found


def _share_only(el: etree._Element) -> bool:
    links = [el] if el.tag == "a" else [a for a in el.iter("a") if a.get("href")]
    if not links or not all(SHARE_INTENT.match((a.get("href") or "").strip()) for a in links):
        return False
    if len(element_text(el)) > _SHARE_TEXT:
        return False
    return el.tag == "a" or len(element_text(el, set(links))) <= _SHARE_OTHER_TEXT


def _stands_apart(el: etree._Element) -> bool:
    """No text runs on either side of ``el`` inside its parent."""
    if (el.tail or "").strip():
        return False
    prev, parent = el.getprevious(), el.getparent()
    before = prev.tail if prev is not None else parent.text if parent is not None else None
    return not (before or "").strip()
