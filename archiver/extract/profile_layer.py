"""Choosing a site profile for a page and finding its entries with the profile's selectors."""

from __future__ import annotations

import logging

from lxml import etree

from archiver.extract.selectors import select
from archiver.profiles import SiteProfile, all_profiles, get_profile, profile_for_url

logger = logging.getLogger(__name__)


def detect_profile(root: etree._Element) -> SiteProfile | None:
    """A profile whose detect_selectors match the page (hosts it does not list, e.g. a replay)."""
    for profile in all_profiles():
        for selector in profile.detect_selectors:
            if select(root, selector):
                return profile
    return None


def choose_profile(explicit: str | None, urls: list[str | None],
                   root: etree._Element) -> SiteProfile | None:
    """Explicit name, then the page URL's or canonical URL's host, then detect_selectors."""
    if explicit:
        return get_profile(explicit)
    for url in urls:
        if url and (profile := profile_for_url(url)) is not None:
            return profile
    return detect_profile(root)


def profile_entries(root: etree._Element, profile: SiteProfile) -> list[etree._Element]:
    if not profile.entry_selector:
        return []
    found = select(root, profile.entry_selector)
    members = set(found)
    # A selector may match nested elements; the outermost is the entry.
    return [el for el in found if not any(a in members for a in el.iterancestors())]


def is_closed(root: etree._Element, profile: SiteProfile | None) -> bool:
    return bool(profile and any(select(root, s) for s in profile.closed_selectors))
