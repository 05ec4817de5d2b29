"""The targets file (TOML): which liveblogs to watch, how often, and when to stop. Every error
names the file and the line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from archiver.watch.durations import DurationError, parse_duration
from archiver.watch.stoprules import Deadline, StopRules
from archiver.watch.tomllines import Table, TomlLines

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
TOP_KEYS = {"output_root", "max_parallel", "defaults", "target"}
TARGET_KEYS = {"name", "url", "profile", "every", "retry", "until", "stop_after_idle",
               "stop_on_close", "settings"}
DEFAULT_KEYS = TARGET_KEYS - {"name", "url"}
MIN_INTERVAL = 1.0


class TargetsError(ValueError):
    """A targets file that cannot be used; ``str()`` is one line naming file and line."""

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = str(path) if path else "targets"
        super().__init__(f"{where}:{line}: {message}" if line else f"{where}: {message}")


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    every: float                          # seconds between the starts of two passes
    profile: str | None = None
    retry: float | None = None            # seconds before retrying after a failed pass
    stop: StopRules = field(default_factory=StopRules)
    settings: tuple[tuple[str, str], ...] = ()   # ARCHIVER_* / Scrapy settings for the capture

    @property
    def retry_every(self) -> float:
        return self.retry if self.retry is not None else self.every


@dataclass(frozen=True)
class TargetsFile:
    path: Path | None
    targets: tuple[Target, ...]
    output_root: Path | None = None
    max_parallel: int | None = None

    def get(self, name: str) -> Target:
        for target in self.targets:
            if target.name == name:
                return target
        known = ", ".join(t.name for t in self.targets)
        raise TargetsError(self.path, None, f"no target named {name!r} (targets: {known})")


def parse_until(value: str) -> Deadline:
    """``--until``: a duration after the first pass (``6h``) or a time with its offset."""
    return _Parser(None, TomlLines("")).until((), value)


def load_targets(path: Path) -> TargetsFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TargetsError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise TargetsError(path, None, f"not UTF-8 text: {exc.reason}") from exc
    return parse_targets(text, path)


def parse_targets(text: str, path: Path | None = None) -> TargetsFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        message = re.sub(r"\s*\(at end of document\)", " (at the end of the file)", message)
        line = int(match.group(1)) if match else len(text.splitlines()) or None
        raise TargetsError(path, line, f"not valid TOML: {message}") from exc
    return _Parser(path, TomlLines(text)).parse(data)


class _Parser:
    def __init__(self, path: Path | None, lines: TomlLines) -> None:
        self.path = path
        self.lines = lines

    def fail(self, table: Table, key: str | None, message: str) -> TargetsError:
        return TargetsError(self.path, self.lines.line(table, key), message)

    def parse(self, data: Mapping[str, Any]) -> TargetsFile:
        self._unknown((), data, TOP_KEYS, "top-level key")
        defaults = data.get("defaults", {})
        if not isinstance(defaults, dict):
            raise self.fail((), "defaults", "defaults must be a table ([defaults])")
        self._unknown(("defaults",), defaults, DEFAULT_KEYS, "key in [defaults]")
        raw_targets = data.get("target")
        if raw_targets is None:
            raise self.fail((), None, "no targets: add a [[target]] table with name and url")
        if not isinstance(raw_targets, list) or not all(isinstance(t, dict)
                                                        for t in raw_targets):
            raise self.fail((), "target", "target must be an array of tables ([[target]])")
        targets: list[Target] = []
        for index, raw in enumerate(raw_targets):
            target = self._target(("target", index), raw, defaults)
            if any(t.name == target.name for t in targets):
                raise self.fail(("target", index), "name",
                                f"duplicate target name {target.name!r}")
            targets.append(target)
        output_root = data.get("output_root")
        if output_root is not None and not isinstance(output_root, str):
            raise self.fail((), "output_root", "output_root must be a string (a directory)")
        root = None
        if output_root:
            root = Path(output_root).expanduser()
            if not root.is_absolute() and self.path is not None:
                root = self.path.parent / root
        max_parallel = data.get("max_parallel")
        if max_parallel is not None and (not _is_int(max_parallel) or max_parallel < 1):
            raise self.fail((), "max_parallel", "max_parallel must be an integer >= 1")
        return TargetsFile(self.path, tuple(targets), root, max_parallel)

    def _unknown(self, table: Table, data: Mapping[str, Any], allowed: set[str],
                 what: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(table, key, f"unknown {what} {key!r} (known: "
                                f"{', '.join(sorted(allowed))})")

    def _target(self, table: Table, raw: Mapping[str, Any],
                defaults: Mapping[str, Any]) -> Target:
        self._unknown(table, raw, TARGET_KEYS, "key in [[target]]")
        merged = {**defaults, **raw}

        def where(key: str) -> Table:
            return table if key in raw else ("defaults",)

        name = raw.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise self.fail(table, "name", "each target needs a name: letters, digits, '.', "
                            f"'_' or '-', at most 64 (got {name!r})")
        url = raw.get("url")
        if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
            raise self.fail(table, "url", f"target {name!r} needs an http(s) url (got {url!r})")
        if "every" not in merged:
            raise self.fail(table, None, f"target {name!r} needs an interval: every = \"5m\" "
                            "(or in [defaults])")
        every = self._duration(where("every"), "every", merged["every"])
        if every < MIN_INTERVAL:
            raise self.fail(where("every"), "every", "every must be at least 1s")
        retry = (self._duration(where("retry"), "retry", merged["retry"])
                 if "retry" in merged else None)
        until = self.until(where("until"), merged["until"]) if "until" in merged else None
        idle = merged.get("stop_after_idle")
        if idle is not None and (not _is_int(idle) or idle < 1):
            raise self.fail(where("stop_after_idle"), "stop_after_idle",
                            "stop_after_idle must be an integer >= 1 (passes without change)")
        on_close = merged.get("stop_on_close", True)
        if not isinstance(on_close, bool):
            raise self.fail(where("stop_on_close"), "stop_on_close",
                            "stop_on_close must be true or false")
        profile = merged.get("profile")
        if profile is not None:
            self._profile(where("profile"), profile)
        settings = {**self._settings(("defaults", "settings"), defaults.get("settings", {})),
                    **self._settings((*table, "settings"), raw.get("settings", {}))}
        return Target(name, url, every, profile, retry, StopRules(on_close, idle, until),
                      tuple(sorted(settings.items())))

    def _duration(self, table: Table, key: str, value: Any) -> float:
        try:
            return parse_duration(value)
        except DurationError as exc:
            raise self.fail(table, key, f"{key}: {exc}") from None

    def until(self, table: Table, value: Any) -> Deadline:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            raise self.fail(table, "until", "until: give a time with its offset "
                            "(2026-11-27T06:00:00Z) or a duration (6h)")
        elif isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT", value):
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise self.fail(table, "until", f"until: not a time: {value!r}") from None
        else:
            return Deadline(after=self._duration(table, "until", value))
        if moment.tzinfo is None:
            raise self.fail(table, "until", "until: a time needs its UTC offset (Z or +02:00)")
        return Deadline(at=moment.astimezone(UTC))

    def _profile(self, table: Table, value: Any) -> None:
        from archiver.profiles import ProfileError, get_profile

        if not isinstance(value, str):
            raise self.fail(table, "profile", "profile must be a string")
        try:
            get_profile(value)
        except (ProfileError, KeyError) as exc:
            raise self.fail(table, "profile", f"profile: {exc}") from None

    def _settings(self, table: Table, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail(table[:-1], "settings", "settings must be a table of NAME = value")
        out: dict[str, str] = {}
        for key, value in raw.items():
            if not SETTING.match(key):
                raise self.fail(table, key, f"setting names are UPPER_CASE (got {key!r})")
            if isinstance(value, bool):
                out[key] = "true" if value else "false"
            elif isinstance(value, int | float | str):
                out[key] = str(value)
            else:
                raise self.fail(table, key, f"setting {key}: give a string, number or boolean")
        return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
