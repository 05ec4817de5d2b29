"""What the capture needs to know about a site: the capture-side fields of a site profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.profiles import SiteProfile

# Known embed containers on news sites, whatever the site (outermost match wins).
GENERIC_EMBED_SELECTORS = (
    "blockquote.twitter-tweet", "twitter-widget", ".twitter-tweet",
    "iframe[src*='platform.twitter.com']", "iframe[src*='platform.x.com']",
    "blockquote.instagram-media", "iframe[src*='instagram.com']",
    ".fb-post", "iframe[src*='facebook.com/plugins']",
    "iframe[src*='youtube.com/embed']", "iframe[src*='youtube-nocookie.com/embed']",
    "blockquote.tiktok-embed", "iframe[src*='tiktok.com/embed']",
    "[data-embed-url]", "[data-tweet-id]", "[data-tweet-url]",
)

# Inside an embed's frame: any of these means the embed has rendered its content.
RENDERED_IN_FRAME = (
    "[data-testid='tweetText']", "article[data-testid='tweet']", "[data-testid='tweet']",
    ".EmbeddedMedia", ".Embed", ".EmbedCaption", "video", ".ytp-cued-thumbnail-overlay",
    ".html5-video-player", "._2p3a", "[data-testid='post_message']",
)

# Text an embed shows while it is still loading.
PLACEHOLDER_TEXT = r"wordt geladen|is loading|loading tweet|laden\.\.\.|wird geladen|chargement"


@dataclass(frozen=True)
class CaptureHints:
    profile: str | None = None
    consent_selectors: tuple[str, ...] = ()
    consent_url_patterns: tuple[str, ...] = ()
    load_more_selectors: tuple[str, ...] = ()
    entry_selector: str | None = None
    embed_selectors: tuple[str, ...] = ()
    detect_selectors: tuple[str, ...] = ()
    closed_selectors: tuple[str, ...] = ()

    @property
    def all_embed_selectors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.embed_selectors, *GENERIC_EMBED_SELECTORS)))


def hints_from_profile(profile: SiteProfile | None) -> CaptureHints:
    """The capture fields of a site profile (none: the generic capture)."""
    if profile is None:
        return CaptureHints()
    return CaptureHints(
        profile=profile.name,
        consent_selectors=profile.consent_selectors,
        consent_url_patterns=profile.consent_url_patterns,
        load_more_selectors=profile.load_more_selectors,
        entry_selector=profile.entry_selector,
        embed_selectors=profile.embed_selectors,
        detect_selectors=profile.detect_selectors,
        closed_selectors=profile.closed_selectors,
    )
