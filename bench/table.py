"""Lines of the result table: A, B, B/A with their spread, goals; the printed table and JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from bench.stats import Summary


@dataclass(frozen=True)
class Goal:
    """``ratio``: B/A (median) at most ``limit``; ``value``: B (median) at most ``limit``."""

    kind: str
    limit: float

    def text(self) -> str:
        return f"B/A <= {self.limit:g}" if self.kind == "ratio" else f"B <= {self.limit:g}"


@dataclass
class Line:
    key: str                       # stable id, e.g. "raw.wall"
    label: str
    unit: str
    a: Summary | None = None
    b: Summary | None = None
    ratio: Summary | None = None   # B/A per alternation pair
    goal: Goal | None = None
    note: str = ""
    skipped: str | None = None     # why the line has no figures
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.skipped:
            return None
        figure = self.ratio if self.goal.kind == "ratio" else self.b
        if figure is None:
            return None
        return figure.median <= self.goal.limit

    def figures(self) -> list[float]:
        out: list[float] = []
        for s in (self.a, self.b, self.ratio):
            if s is not None:
                out += [s.median, s.low, s.high]
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label, "unit": self.unit,
            "a": self.a.as_dict() if self.a else None,
            "b": self.b.as_dict() if self.b else None,
            "ratio_b_over_a": self.ratio.as_dict() if self.ratio else None,
            "goal": self.goal.text() if self.goal else None, "met": self.met,
            "note": self.note, "skipped": self.skipped, "extra": self.extra,
        }


def fmt(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def cell(s: Summary | None) -> str:
    if s is None:
        return "-"
    if s.n == 1:
        return fmt(s.median)
    return f"{fmt(s.median)} ({fmt(s.low)}-{fmt(s.high)})"


def verdict(line: Line) -> str:
    if line.skipped:
        return "skipped"
    met = line.met
    return "" if met is None else ("met" if met else "NOT MET")


def render(lines: list[Line]) -> str:
    """One fixed-width table: median (min-max) of A, B and the pairwise B/A."""
    header = ("line", "unit", "A", "B", "B/A", "goal", "")
    rows = [header]
    for line in lines:
        if line.skipped:
            rows.append((line.label, line.unit, "-", "-", "-", line.goal.text() if line.goal
                         else "", f"skipped: {line.skipped}"))
            continue
        rows.append((line.label, line.unit, cell(line.a), cell(line.b), cell(line.ratio),
                     line.goal.text() if line.goal else "", verdict(line)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    out = []
    for index, row in enumerate(rows):
        text = "  ".join(c.ljust(w) if i < 2 else c.rjust(w) if i < 5 else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=False)))
        out.append(f"{text}  {row[-1]}".rstrip())
        if index == 0:
            out.append("-" * len(out[0]))
    notes = [f"  [{line.key}] {line.note}" for line in lines if line.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)
