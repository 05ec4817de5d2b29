"""Embeds in an entry (tweets, YouTube, Instagram, Facebook, iframes) and their frame documents."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit

from lxml import etree

from archiver.extract.html import load_html
from archiver.extract.model import Embed
from archiver.extract.selectors import (
    HEADING_TAGS,
    TIME_ELEMENTS,
    TWEET_ARTICLE,
    TWEET_HANDLE,
    TWEET_NAME,
    TWEET_TEXT,
    TWEET_USER,
    Walk,
    elements_of,
)
from archiver.extract.text import element_text

_STATUS_RE = re.compile(
    r"^https?://(?:(?:www|mobile)\.)?(?:twitter|x)\.com/(?:(?P<user>\w{1,30})|i/web)"
    r"/status(?:es)?/(?P<id>\d{5,25})", re.I)
_YT_RE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?(?:.*&)?v=|shorts/|live/)|youtu\.be/)"
    r"(?P<id>[\w-]{6,20})", re.I)
_IG_RE = re.compile(r"instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/(?P<id>[\w-]+)", re.I)
_FB_RE = re.compile(r"facebook\.com/", re.I)
_FB_ID_RE = re.compile(r"/(?:posts|videos|permalink|photos)/(?:[\w.]+/)?(?P<id>\d+)")
_TIKTOK_RE = re.compile(r"tiktok\.com/@[\w.]+/video/(?P<id>\d+)", re.I)
_EMBED_URL_ATTRS = ("data-embed-url", "data-url", "data-href", "data-tweet-url",
                    "data-instgrm-permalink", "data-src", "cite", "data-permalink")
# Placeholders that carry only the embedded item's id ("<div data-tweet-id=…>").
_ID_ATTRS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("data-tweet-id", re.compile(r"^\d{5,25}$"), "https://twitter.com/i/status/{}"),
    ("data-tweetid", re.compile(r"^\d{5,25}$"), "https://twitter.com/i/status/{}"),
    ("data-youtube-id", re.compile(r"^[\w-]{6,20}$"), "https://www.youtube.com/watch?v={}"),
)
# Players that are their own element, with the item's id in an attribute: AMP's components
# (amp-youtube, amp-twitter, amp-instagram) and lite-youtube.
_TAG_ID_ATTRS: dict[str, tuple[str, re.Pattern[str], str]] = {
    "amp-youtube": ("data-videoid", re.compile(r"^[\w-]{6,20}$"),
                    "https://www.youtube.com/watch?v={}"),
    "lite-youtube": ("videoid", re.compile(r"^[\w-]{6,20}$"),
                     "https://www.youtube.com/watch?v={}"),
    "amp-twitter": ("data-tweetid", re.compile(r"^\d{5,25}$"), "https://twitter.com/i/status/{}"),
    "amp-instagram": ("data-shortcode", re.compile(r"^[\w-]{5,40}$"),
                      "https://www.instagram.com/p/{}/"),
}
# Frames: <iframe>, and AMP's <amp-iframe> (same src).
_FRAME_TAGS = ("iframe", "amp-iframe")
_CLASS_HINT = re.compile(r"twitter-tweet|nojs-tweet|instagram-media|fb-post|fb-video|"
                         r"tiktok-embed|\btweet\b|twitter|embed", re.I)
_EMBED_CLASS = re.compile(r"\b(?:fb-post|fb-video|instagram-media|tiktok-embed)\b")
_LOADING_TEXT = re.compile(
    r"^(?:twitter|instagram|facebook|youtube|tiktok|x)?[ -]?(?:bericht|post|tweet|video|"
    r"inhoud|content|beitrag)?\s*(?:wordt geladen|wird geladen|is loading|loading|laden)"
    r"\s*(?:\.\.\.|…)?$"
    r"|^(?:loading|laden|lädt)\s+(?:the\s+)?(?:tweet|post|content|video|embed|inhoud|bericht)"
    r"\s*(?:\.\.\.|…)?$", re.I)
_HANDLE_RE = re.compile(r"@\w{1,30}")
# Around an embed, the site's own wrapper: "Skip twitter post by X", "We are not responsible for
# external content", "End of twitter post by X". More text than this is the entry's.
_WRAPPER_CLASS = re.compile(r"embed", re.I)
_WRAPPER_TEXT = 200
_SKIP_TARGET_TEXT = 100
# What a wrapper never holds besides its embed: the entry's own heading, time or picture.
_ENTRY_TAGS = HEADING_TAGS | {"time", "img", "picture", "figure", "video"}


def is_loading_text(text: str) -> bool:
    """"Twitter bericht wordt geladen..." and its kind: a placeholder, never entry text."""
    return bool(_LOADING_TEXT.match(text.strip()))


def classify_url(url: str) -> tuple[str, str | None, str]:
    """(type, id, canonical url) for a URL an embed points at."""
    m = _STATUS_RE.match(url)
    if m:
        user = m.group("user") or "i/web"
        return "twitter", m.group("id"), f"https://twitter.com/{user}/status/{m.group('id')}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if "platform.twitter.com" in host or ("tweet" in parts.path.lower() and "id" in query):
        tid = query.get("id", [None])[0]
        return "twitter", tid, url
    m = _YT_RE.search(url)
    if m:
        return "youtube", m.group("id"), f"https://www.youtube.com/watch?v={m.group('id')}"
    m = _IG_RE.search(url)
    if m:
        return "instagram", m.group("id"), f"https://www.instagram.com/p/{m.group('id')}/"
    if _FB_RE.search(url):
        inner = query.get("href", [None])[0]
        target = unquote(inner) if inner else url
        m2 = _FB_ID_RE.search(target)
        return "facebook", m2.group("id") if m2 else None, target
    m = _TIKTOK_RE.search(url)
    if m:
        return "tiktok", m.group("id"), url
    return "iframe", None, url


def _embed_url(el: etree._Element, base_url: str) -> str | None:
    by_tag = _TAG_ID_ATTRS.get(el.tag) if isinstance(el.tag, str) else None
    if by_tag is not None:
        tag_attr, tag_pattern, tag_template = by_tag
        tag_value = (el.get(tag_attr) or "").strip()
        if tag_pattern.match(tag_value):
            return tag_template.format(tag_value)
    for attr in _EMBED_URL_ATTRS:
        value = el.get(attr)
        if value and ("://" in value or value.startswith("//")):
            url = urljoin(base_url, value.strip())
            if classify_url(url)[0] != "iframe":
                return url
    for attr, pattern, template in _ID_ATTRS:
        value = (el.get(attr) or "").strip()
        if pattern.match(value):
            return template.format(value)
    return None


def is_embed_container(el: etree._Element, base_url: str) -> bool:
    if not el.keys():
        return False    # every sign of an embed is an attribute
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _FRAME_TAGS and el.get("src"):
        return True
    if _embed_url(el, base_url):
        return True
    cls = el.get("class") or ""
    if tag == "blockquote" and _CLASS_HINT.search(cls):
        return True
    if tag == "lite-vimeo" and el.get("videoid"):
        return True
    return bool(cls and _EMBED_CLASS.search(cls))


class FrameIndex:
    """The capture's frame documents, looked up by URL, URL without fragment, or tweet id."""

    def __init__(self, frames: Mapping[str, bytes]) -> None:
        self.frames = dict(frames)
        self._defrag = {urldefrag(u)[0]: u for u in sorted(self.frames)}
        self._docs: dict[str, etree._Element] = {}

    def __bool__(self) -> bool:
        return bool(self.frames)

    def doc(self, url: str) -> etree._Element:
        if url not in self._docs:
            self._docs[url] = load_html(self.frames[url])
        return self._docs[url]

    def find(self, src: str | None, tweet_id: str | None) -> str | None:
        if src and src in self.frames:
            return src
        if src and urldefrag(src)[0] in self._defrag:
            return self._defrag[urldefrag(src)[0]]
        if tweet_id:
            for url in sorted(self.frames):
                q = parse_qs(urlsplit(url).query)
                if tweet_id in q.get("id", []) or f"/status/{tweet_id}" in url:
                    return url
            for url in sorted(self.frames):
                if f'data-tweet-id="{tweet_id}"'.encode() in self.frames[url]:
                    return url
        return None


def _fill_tweet(embed: Embed, root: etree._Element) -> bool:
    texts = elements_of(TWEET_TEXT(root))
    if not texts:
        return False
    embed.text = element_text(texts[0]) or None
    users = elements_of(TWEET_USER(root))
    names, handles = elements_of(TWEET_NAME(root)), elements_of(TWEET_HANDLE(root))
    if names:
        embed.author_name = element_text(names[0]) or None
    if handles:
        embed.author_handle = element_text(handles[0]).lstrip("@") or None
    if users and (embed.author_name is None or embed.author_handle is None):
        user_text = element_text(users[0])
        m = _HANDLE_RE.search(user_text)
        if m and embed.author_handle is None:
            embed.author_handle = m.group(0).lstrip("@")
        if embed.author_name is None:
            name = user_text[:m.start()] if m else user_text
            embed.author_name = name.strip(" ·") or None
    times = [t for t in elements_of(TIME_ELEMENTS(root)) if t.get("datetime")]
    if times:
        embed.created_at = times[0].get("datetime")
    for a in root.iter("a"):
        m = _STATUS_RE.match(a.get("href") or "")
        if m and (embed.id is None or m.group("id") == embed.id) and m.group("user"):
            embed.id = m.group("id")
            embed.url = f"https://twitter.com/{m.group('user')}/status/{m.group('id')}"
            break
    articles = elements_of(TWEET_ARTICLE(root))
    if articles and not embed.id:
        embed.id = articles[0].get("data-tweet-id")
    return True


def _from_blockquote(embed: Embed, bq: etree._Element, base_url: str) -> None:
    """A tweet that was never rendered: ``<blockquote class="twitter-tweet">`` or a nojs one."""
    paras = [p for p in bq.iter("p")]
    text = element_text(paras[0]) if paras else ""
    anchors = [a for a in bq.iter("a") if _STATUS_RE.match(urljoin(base_url, a.get("href", "")))]
    if anchors:
        _, tid, url = classify_url(urljoin(base_url, anchors[-1].get("href", "")))
        if embed.url and tid == embed.id and _handle_less(embed.url) and not _handle_less(url):
            embed.url = url     # the placeholder names the account the id-only URL lacks
        embed.id, embed.url = embed.id or tid, embed.url or url
        if not text:
            full = element_text(bq)
            text = full.split("—")[0].strip() if "—" in full else ""
    all_text = element_text(bq)
    m = re.search(r"[—–-]\s*(?P<name>[^()@—–]+?)\s*\(@(?P<handle>\w+)\)", all_text)
    if m:
        embed.author_name = m.group("name").strip()
        embed.author_handle = m.group("handle")
    embed.text = text or None


def _handle_less(url: str) -> bool:
    """A status URL without the account: ``twitter.com/i/status/ID``, ``…/i/web/status/ID``."""
    m = _STATUS_RE.match(url)
    return m is not None and m.group("user") in (None, "i")


def read_embed(el: etree._Element, base_url: str, frames: FrameIndex) -> Embed:
    """One embed from its container element (placeholder, blockquote or iframe)."""
    url = _embed_url(el, base_url)
    iframes = [el] if el.tag in _FRAME_TAGS else list(el.iter(*_FRAME_TAGS))
    src = urljoin(base_url, iframes[0].get("src", "").strip()) if iframes else None
    blockquotes = [el] if el.tag == "blockquote" else list(el.iter("blockquote"))
    if url is None and blockquotes:
        for a in blockquotes[0].iter("a"):
            href = urljoin(base_url, a.get("href", ""))
            if classify_url(href)[0] != "iframe":
                url = href
    kind, eid, canon = classify_url(url or src or "")
    if kind == "iframe" and src and url is None:
        canon = src
    embed = Embed(type=kind, id=eid, url=canon if (url or src) else None)
    cls = el.get("class") or ""
    if kind == "iframe" and re.search(r"twitter|tweet", cls, re.I):
        embed.type = "twitter"
    if src:
        embed.url = canon if url else embed.url
        _, frame_tid, _ = classify_url(src)
        found = frames.find(src, embed.id or frame_tid)
        if embed.id is None and frame_tid and embed.type == "twitter":
            embed.id = frame_tid
        if found is not None:
            doc = frames.doc(found)
            if embed.type == "twitter":
                embed.status = "rendered" if _fill_tweet(embed, doc) else "failed"
            else:
                body = doc.find("body")
                has_content = body is not None and (element_text(body) or len(body))
                embed.status = "rendered" if has_content else "failed"
        else:
            embed.status = "failed" if frames else "placeholder"
    if embed.status != "rendered" and blockquotes and embed.type == "twitter":
        _from_blockquote(embed, blockquotes[0], base_url)
    if embed.type == "twitter" and embed.url and embed.id and "/status/" not in embed.url:
        embed.url = f"https://twitter.com/i/web/status/{embed.id}"
    return embed


def find_embed_containers(elements: Sequence[etree._Element], base_url: str,
                          skip: set[etree._Element], walk: Walk | None = None
                          ) -> list[etree._Element]:
    """Outermost embed containers under ``elements`` (listed by ``walk`` if given), in
    document order."""
    walk = Walk(elements) if walk is None else walk
    return walk.outermost(skip, lambda el: is_embed_container(el, base_url))


def bare_url_embed(text: str) -> Embed | None:
    """A paragraph that is only a tweet/video URL is that embed's placeholder."""
    text = text.strip()
    if not re.fullmatch(r"https?://\S+", text):
        return None
    kind, eid, canon = classify_url(text)
    if kind == "iframe":
        return None
    return Embed(type=kind, id=eid, url=canon, status="placeholder")


def _only_wrapping(rest: Sequence[etree._Element]) -> bool:
    """``rest`` (the elements beside the embeds) holds nothing of the entry's own."""
    return not any(el.tag in _ENTRY_TAGS or el.get("role") == "heading" for el in rest)


def embed_wrapper(container: etree._Element, roots: Sequence[etree._Element],
                  containers: Sequence[etree._Element]) -> etree._Element:
    """The outermost element around an embed container that only wraps it: class naming an
    embed ("…EmbedWrapper", "embed-container"), no other embed, nothing of the entry's own
    (heading, time, picture) and little text of its own; else the container itself."""
    others = [c for c in containers if c is not container]
    wrapper, node = container, container.getparent()
    while (node is not None and node not in roots
           and _WRAPPER_CLASS.search(node.get("class") or "")):
        if any(node in c.iterancestors() for c in others):
            break
        rest = [el for el in node.iter() if isinstance(el.tag, str) and el is not node
                and el is not container and container not in el.iterancestors()]
        if not _only_wrapping(rest) or len(element_text(node, {container})) > _WRAPPER_TEXT:
            break
        wrapper, node = node, node.getparent()
    return wrapper


def skip_links_over_embeds(walk: Walk, containers: Sequence[etree._Element]
                           ) -> set[etree._Element]:
    """Skip links over an embed: a link to ``#id`` of a later element of the entry with an
    embed and little else between them. The link, what lies between and a short target
    ("End of twitter post by X") are the embed's, not the entry's text."""
    if not containers:
        return set()
    inner = {d for c in containers for d in c.iter()}
    links = [a for a in walk.elements if a.tag == "a" and a not in inner
             and len((a.get("href") or "").strip()) > 1
             and (a.get("href") or "").strip().startswith("#")]
    if not links:
        return set()
    pos = {el: i for i, el in enumerate(walk.elements)}
    by_id: dict[str, etree._Element] = {}
    for el in walk.elements:
        if el.get("id"):
            by_id.setdefault(el.get("id") or "", el)
    found: set[etree._Element] = set()
    for a in links:
        target = by_id.get((a.get("href") or "").strip()[1:])
        if target is None or pos[target] <= pos[a] or a in target.iterancestors():
            continue
        lo, hi = pos[a], pos[target]
        if not any(lo < pos[c] < hi for c in containers):
            continue
        around = set(target.iterancestors())
        between = [el for el in walk.elements[lo + 1:hi]
                   if el not in around and a not in el.iterancestors()]
        if not _only_wrapping([el for el in between if el not in inner]):
            continue
        members = set(between)
        tops = [el for el in between if el.getparent() not in members]
        skip_inner = set(containers)
        if sum(len(element_text(el, skip_inner)) for el in tops) > _WRAPPER_TEXT:
            continue
        found.add(a)
        found.update(between)
        if len(element_text(target)) <= _SKIP_TARGET_TEXT:
            found.add(target)
    return found
