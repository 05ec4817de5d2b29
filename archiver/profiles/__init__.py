"""Site profiles: what the capture and the extractor know about one family of news sites."""

from __future__ import annotations

from archiver.profiles.loader import (
    ProfileError,
    SiteProfile,
    UnknownProfileError,
    all_profiles,
    get_profile,
    load_profile_file,
    profile_for_url,
)

__all__ = [
    "ProfileError",
    "SiteProfile",
    "UnknownProfileError",
    "all_profiles",
    "get_profile",
    "load_profile_file",
    "profile_for_url",
]
