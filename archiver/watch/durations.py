"""Durations as people write them in targets files and on the command line: ``90s``, ``5m``,
``6h``, ``1h30m``, ``2d``."""

from __future__ import annotations

import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")


class DurationError(ValueError):
    """Not a duration; the message says what is accepted."""


def parse_duration(text: str | int | float) -> float:
    """Seconds in ``text``: a number with a unit (s, m, h, d), several summed (``1h30m``).
    A bare number is seconds. Zero and negative durations are refused."""
    if isinstance(text, bool):
        raise DurationError(f"not a duration: {text!r}")
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        value = text.strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", value):
            seconds = float(value)
        else:
            pos = 0
            seconds = 0.0
            for match in _PART.finditer(value):
                if match.start() != pos:
                    break
                seconds += float(match.group(1)) * UNITS[match.group(2)]
                pos = match.end()
            if pos != len(value) or not value:
                raise DurationError(f"not a duration: {text!r} (write e.g. 90s, 5m, 6h, "
                                    "1h30m, 2d)")
    if not seconds > 0:
        raise DurationError(f"a duration must be more than zero, not {text!r}")
    return seconds


def format_duration(seconds: float) -> str:
    """The short form people read: ``45s``, ``5m``, ``1h30m``, ``2d3h``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts[:2])
