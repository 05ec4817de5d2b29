"""Every ``ARCHIVER_*`` setting, parsed once into a frozen, typed config with its defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from archiver import SOFTWARE_NAME, __version__
from archiver.warc.warcinfo import PROJECT_URL


class SettingsLike(Protocol):
    """The part of ``scrapy.settings.Settings`` the config reads (a plain dict works too)."""

    def get(self, name: str, default: Any = None) -> Any: ...


class ConfigError(ValueError):
    """A setting has a value that cannot work; the message names the setting."""


def default_user_agent_token(contact: str | None) -> str:
    """Names the tool, where to read about it and, when configured, whom to contact."""
    extra = f"; {contact}" if contact else ""
    return f"{SOFTWARE_NAME}/{__version__} (+{PROJECT_URL}{extra})"


@dataclass(frozen=True)
class ArchiverConfig:
    output_root: Path = Path("output")
    run_dir: Path | None = None            # this run's directory; derived by the CLI when unset
    operator: str = "unknown operator"
    contact: str | None = None          # e-mail or URL put in the user agent
    user_agent: str | None = None          # full override; default: browser UA + our token
    warc_prefix: str = "liveblog"
    warc_max_size: int = 1_000_000_000
    render: bool = True
    chromium: str | None = None
    headless: bool = True
    profile: str | None = None
    robots_obey: bool = False
    screenshot: bool = True
    navigation_timeout: float = 60.0
    consent_timeout: float = 15.0
    load_more_max_clicks: int = 50
    load_more_timeout: float = 90.0
    scroll_timeout: float = 30.0
    scroll_step_delay: float = 0.15
    embed_timeout: float = 15.0
    network_quiet: float = 0.5
    network_idle_cap: float = 10.0
    page_timeout: float = 300.0
    max_body_size: int = 512 * 1024 * 1024
    refetch_missing_bodies: bool = True
    viewport_width: int = 1280
    viewport_height: int = 900
    follow_links: bool = False
    pagination_max_pages: int = 20         # further pages (?page=2, rel=next) per URL; 0: none
    extract: bool = True
    progress: bool = True
    dedup_index: Path | None = None
    history_db: Path | None = None
    target: str | None = None

    @property
    def user_agent_token(self) -> str:
        return default_user_agent_token(self.contact)

    def as_dict(self) -> dict[str, Any]:
        """For the warcinfo config digest: paths as text, nothing secret in here."""
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_settings(cls, settings: SettingsLike | Mapping[str, Any]) -> ArchiverConfig:
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = "ARCHIVER_" + f.name.upper()
            raw = settings.get(name)
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(name, str(f.type), raw)
        if "chromium" not in values and os.environ.get("ARCHIVER_CHROMIUM"):
            values["chromium"] = os.environ["ARCHIVER_CHROMIUM"]
        config = cls(**values)
        config.check()
        return config

    def check(self) -> None:
        positive = ("warc_max_size", "navigation_timeout", "consent_timeout", "load_more_timeout",
                    "scroll_timeout", "embed_timeout", "network_idle_cap", "page_timeout",
                    "max_body_size", "viewport_width", "viewport_height")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ConfigError(f"ARCHIVER_{name.upper()} must be > 0, "
                                  f"got {getattr(self, name)!r}")
        for name in ("load_more_max_clicks", "pagination_max_pages"):
            if getattr(self, name) < 0:
                raise ConfigError(f"ARCHIVER_{name.upper()} must be >= 0")
        if self.network_quiet > self.network_idle_cap:
            raise ConfigError("ARCHIVER_NETWORK_QUIET must not exceed ARCHIVER_NETWORK_IDLE_CAP")


def _convert(name: str, type_name: str, raw: Any) -> Any:
    try:
        if "bool" in type_name:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if "Path" in type_name:
            return Path(raw)
        if type_name.startswith("int"):
            return int(raw)
        if type_name.startswith("float"):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: cannot use {raw!r} ({type_name})") from exc
