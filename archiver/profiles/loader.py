"""Loading profile data files (TOML, one per site family) into frozen SiteProfile objects."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ProfileError(ValueError):
    """A profile file is malformed, or a profile name is unknown."""


class UnknownProfileError(ProfileError, KeyError):
    """No bundled profile has that name (a KeyError too, as lookups by name raise)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class SiteProfile:
    """One site family. Selectors are CSS (``document.querySelectorAll`` in the browser and
    lxml's cssselect in the extractor), so they must stay within CSS Selectors level 3."""

    name: str
    domains: tuple[str, ...]
    detect_selectors: tuple[str, ...]
    timezone: str
    language: str | None = None
    description: str = ""
    # capture steps
    consent_selectors: tuple[str, ...] = ()
    consent_url_patterns: tuple[str, ...] = ()
    load_more_selectors: tuple[str, ...] = ()
    entry_selector: str | None = None
    embed_selectors: tuple[str, ...] = ()
    closed_selectors: tuple[str, ...] = ()
    # extraction (all optional: what is not given falls back to the generic rules)
    title_selector: str | None = None
    time_selector: str | None = None
    body_selector: str | None = None
    figure_selector: str | None = None
    caption_selector: str | None = None
    credit_selector: str | None = None
    author_selector: str | None = None
    pinned_selector: str | None = None
    remove_selectors: tuple[str, ...] = ()
    id_attributes: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    domain_timezones: tuple[tuple[str, str], ...] = field(default=())

    def matches_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def timezone_for(self, url: str | None) -> str:
        host = (urlsplit(url).hostname or "") if url else ""
        for domain, zone in self.domain_timezones:
            if host == domain or host.endswith("." + domain):
                return zone
        return self.timezone


_TUPLE_FIELDS = {f.name for f in fields(SiteProfile)
                 if str(f.type).startswith("tuple[str, ...]")}
_REQUIRED = ("name", "domains", "detect_selectors", "timezone")


def _from_mapping(data: dict[str, Any], origin: str) -> SiteProfile:
    known = {f.name for f in fields(SiteProfile)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProfileError(f"{origin}: unknown keys {unknown}; known: {sorted(known)}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ProfileError(f"{origin}: missing required keys {missing}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "domain_timezones":
            if not isinstance(value, dict):
                raise ProfileError(f"{origin}: domain_timezones must be a table")
            values[key] = tuple(sorted((str(k), str(v)) for k, v in value.items()))
        elif key in _TUPLE_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ProfileError(f"{origin}: {key} must be a list of strings")
            values[key] = tuple(value)
        elif not isinstance(value, str):
            raise ProfileError(f"{origin}: {key} must be a string")
        else:
            values[key] = value
    profile = SiteProfile(**values)
    for zone in (profile.timezone, *(z for _, z in profile.domain_timezones)):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ProfileError(f"{origin}: unknown timezone {zone!r}") from exc
    for pattern in profile.consent_url_patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(f"{origin}: bad consent_url_patterns entry {pattern!r}: "
                               f"{exc}") from exc
    return profile


def load_profile_file(path: str | Path) -> SiteProfile:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    return _from_mapping(data, str(path))


@functools.lru_cache(maxsize=1)
def all_profiles() -> tuple[SiteProfile, ...]:
    """Every bundled profile, sorted by name (files in archiver/profiles/data/*.toml)."""
    found: list[SiteProfile] = []
    base = resources.files("archiver.profiles") / "data"
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(_from_mapping(data, f"archiver/profiles/data/{entry.name}"))
    names = [p.name for p in found]
    if len(set(names)) != len(names):
        raise ProfileError(f"duplicate profile names: {names}")
    return tuple(sorted(found, key=lambda p: p.name))


def get_profile(name: str) -> SiteProfile:
    for profile in all_profiles():
        if profile.name == name:
            return profile
    known = ", ".join(p.name for p in all_profiles())
    raise UnknownProfileError(f"unknown site profile {name!r}; known profiles: {known}")


def profile_for_url(url: str) -> SiteProfile | None:
    host = urlsplit(url).hostname or ""
    if not host:
        return None
    for profile in all_profiles():
        if profile.matches_host(host):
            return profile
    return None
