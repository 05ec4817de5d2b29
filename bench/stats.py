"""Summaries of repeated measurements (median, min-max, IQR) and the A/B alternation loop."""

from __future__ import annotations

import gc
import logging
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)

Measure = Mapping[str, float]


@dataclass(frozen=True)
class Summary:
    """Median and spread of one figure over repeated runs."""

    median: float
    low: float
    high: float
    q1: float
    q3: float
    values: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.values)

    def as_dict(self) -> dict[str, object]:
        return {"median": self.median, "min": self.low, "max": self.high, "q1": self.q1,
                "q3": self.q3, "n": self.n, "values": list(self.values)}


def summarize(values: Sequence[float]) -> Summary:
    if not values:
        raise ValueError("no values to summarize")
    data = sorted(float(v) for v in values)
    if len(data) >= 2:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    else:
        q1 = q3 = data[0]
    return Summary(statistics.median(data), data[0], data[-1], q1, q3, tuple(values))


def ratios(a: Sequence[float], b: Sequence[float]) -> Summary:
    """B/A of each alternation pair: pairs ran side by side, so each ratio sees the same
    machine load, which is what makes the ratio steadier than either figure alone."""
    if len(a) != len(b):
        raise ValueError("A and B need the same number of runs")
    return summarize([y / x for x, y in zip(a, b, strict=True) if x > 0])


@dataclass
class Alternation:
    """The measures of A and B, run by run, in the order they were paired."""

    a: list[Measure]
    b: list[Measure]

    def figure(self, side: str, name: str) -> Summary:
        runs = self.a if side == "a" else self.b
        return summarize([m[name] for m in runs])

    def ratio(self, name: str) -> Summary:
        return ratios([m[name] for m in self.a], [m[name] for m in self.b])


def alternate(run_a: Callable[[], Measure], run_b: Callable[[], Measure], reps: int,
              label: str = "") -> Alternation:
    """A and B, ``reps`` times each, in ABBA order so that a slow drift of the machine (a
    warming cache, another job starting) falls on both sides equally."""
    result = Alternation([], [])
    for rep in range(reps):
        order = (("a", run_a), ("b", run_b)) if rep % 2 == 0 else (("b", run_b), ("a", run_a))
        for side, run in order:
            gc.collect()
            measure = dict(run())
            bad = [k for k, v in measure.items() if not math.isfinite(v)]
            if bad:
                raise RuntimeError(f"{label} {side}: non-finite figures {bad}")
            logger.info("%s rep %d %s: %s", label, rep + 1, side.upper(),
                        ", ".join(f"{k}={v:.4g}" for k, v in measure.items()))
            (result.a if side == "a" else result.b).append(measure)
    return result
