"""The targets file: what it accepts, and one-line errors that name the line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.watch.durations import DurationError, format_duration, parse_duration
from archiver.watch.targets import TargetsError, load_targets, parse_targets, parse_until

EXAMPLE = """\
# Liveblogs to watch
output_root = "archive"
max_parallel = 2

[defaults]
every = "5m"
until = "12h"
stop_after_idle = 12

[defaults.settings]
ARCHIVER_OPERATOR = "news desk"

[[target]]
name = "helsinki"
url = "https://www.volkskrant.nl/nieuws-achtergrond/trump-ontmoet-poetin~b2f5c7e1/"
profile = "dpg-media"
every = "2m"

[target.settings]
ARCHIVER_EMBED_TIMEOUT = 5

[[target]]
name = "election-night"
url = "https://example.org/live/election"
until = 2026-11-27T06:00:00Z
stop_on_close = false
retry = "30s"
"""


@pytest.mark.parametrize(("text", "seconds"), [
    ("90s", 90), ("5m", 300), ("6h", 21600), ("1h30m", 5400), ("2d", 172800), ("45", 45),
    (" 1h 30m ", 5400), ("0.5m", 30), (120, 120),
])
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5x", "m5", "5m3", "-5m", "0s", "0", "5 minutes"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_format_duration() -> None:
    assert [format_duration(s) for s in (0, 45, 300, 5400, 90061)] == \
        ["0s", "45s", "5m", "1h30m", "1d1h"]


def test_example_file(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    tfile = load_targets(path)
    assert tfile.output_root == tmp_path / "archive"   # relative to the file
    assert tfile.max_parallel == 2
    helsinki, election = tfile.targets
    assert (helsinki.name, helsinki.every, helsinki.profile) == ("helsinki", 120, "dpg-media")
    assert helsinki.stop.idle_passes == 12 and helsinki.stop.on_close
    assert helsinki.stop.until is not None and helsinki.stop.until.after == 12 * 3600
    assert dict(helsinki.settings) == {"ARCHIVER_OPERATOR": "news desk",
                                       "ARCHIVER_EMBED_TIMEOUT": "5"}
    assert election.every == 300 and election.retry_every == 30
    assert election.stop.until is not None
    assert election.stop.until.at == datetime(2026, 11, 27, 6, tzinfo=UTC)
    assert not election.stop.on_close
    assert tfile.get("helsinki") is helsinki
    with pytest.raises(TargetsError, match="no target named 'nope'"):
        tfile.get("nope")


def _error(text: str) -> TargetsError:
    with pytest.raises(TargetsError) as info:
        parse_targets(text, Path("t.toml"))
    return info.value


@pytest.mark.parametrize(("change", "line", "words"), [
    (('every = "2m"', 'every = "2x"'), 17, "every: not a duration: '2x'"),
    (('name = "election-night"', 'name = "helsinki"'), 23, "duplicate target name"),
    (('url = "https://example.org/live/election"', 'url = "ftp://x"'), 24, "http(s) url"),
    (('stop_after_idle = 12', 'stop_after_idle = 0'), 8, "stop_after_idle must be"),
    (('stop_on_close = false', 'stop_on_close = "no"'), 26, "true or false"),
    (('ARCHIVER_EMBED_TIMEOUT = 5', 'embed_timeout = 5'), 20, "UPPER_CASE"),
    (('profile = "dpg-media"', 'profile = "no-such-site"'), 16, "profile:"),
    (('retry = "30s"', 'retri = "30s"'), 27, "unknown key in [[target]] 'retri'"),
    (('max_parallel = 2', 'max_parallel = 0'), 3, "max_parallel"),
    (('until = 2026-11-27T06:00:00Z', 'until = 2026-11-27T06:00:00'), 25, "UTC offset"),
    (('until = 2026-11-27T06:00:00Z', 'until = 2026-11-27'), 25, "offset"),
    (('url = "https://example.org/live/election"', 'url = "https://x/" = 1'), 24,
     "not valid TOML"),
    (('[defaults]', '[defaults'), 5, "not valid TOML"),
])
def test_errors_name_the_line(change: tuple[str, str], line: int, words: str) -> None:
    assert change[0] in EXAMPLE
    error = _error(EXAMPLE.replace(change[0], change[1], 1))
    assert error.line == line, str(error)
    assert words in str(error)
    assert str(error).startswith(f"t.toml:{line}: ")
    assert "\n" not in str(error)


def test_missing_keys() -> None:
    assert str(_error('[[target]]\nname = "a"\nevery = "5m"\n')).startswith("t.toml:1: ")
    error = _error('[[target]]\nname = "a"\nurl = "http://x/"\nevery = "1m"\n\n'
                   '[[target]]\nname = "b"\nurl = "http://y/"\n')
    assert error.line == 6 and "needs an interval" in str(error)
    assert "no targets" in str(_error('every = "5m"\n'.replace("every", "output_root")))
    assert "unknown top-level key 'targets'" in str(_error('[[targets]]\nname = "a"\n'))
    bad_name = _error('[[target]]\nname = "a b"\nurl = "http://x/"\nevery = "1m"\n')
    assert bad_name.line == 2


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(TargetsError, match="cannot read"):
        load_targets(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'# caf\xe9\n')
    with pytest.raises(TargetsError, match="not UTF-8"):
        load_targets(latin)


def test_until_on_the_command_line() -> None:
    assert parse_until("6h").after == 21600
    moment = parse_until("2026-11-27T08:00:00+02:00").at
    assert moment == datetime(2026, 11, 27, 6, tzinfo=UTC)
    with pytest.raises(TargetsError):
        parse_until("2026-11-27T08:00:00")
