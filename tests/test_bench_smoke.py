"""The benchmark harness at smoke size (so it never rots), and the pieces it relies on."""

from __future__ import annotations

import json
import math
import platform
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ``python -m pytest`` (./dev test) has the repository on the path; a bare ``pytest`` does not,
# and bench/ is not an installed package.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.capture_rendered import max_overlap  # noqa: E402
from bench.plan import PLANS  # noqa: E402
from bench.procs import python_module, run_measured  # noqa: E402
from bench.stats import alternate, ratios, summarize  # noqa: E402
from bench.table import Goal, Line, render  # noqa: E402


def expected_keys() -> list[str]:
    smoke = PLANS["smoke"]
    return ["raw.wall", "raw.rate", "raw.rss", "rendered.wall", "rendered.rss", "rendered.tree",
            *(f"rendered.c{level}" for level in smoke.concurrency),
            "extract.time", "extract.rate", "extract.trafilatura", "warc.time", "warc.rate",
            "memory.big-record", "memory.big-page"]


@pytest.mark.browser
@pytest.mark.slow
def test_smoke_run_prints_and_saves_every_line(tmp_path: Path) -> None:
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "smoke", "--results-dir", str(results),
         "--work", str(tmp_path / "work")],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    files = list(results.glob("*-smoke.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text(encoding="utf-8"))
    lines = {line["key"]: line for line in data["lines"]}
    assert list(lines) == expected_keys()
    for key, line in lines.items():
        assert line["label"] in done.stdout, key
        if key == "extract.trafilatura":
            # Its venv lives in the work directory: a fresh one has none, and smoke runs do
            # not install it.
            assert line["skipped"] and "venv" in line["skipped"]
            continue
        assert line["skipped"] is None, (key, line["skipped"])
        figures = [line[side][stat] for side in ("a", "b", "ratio_b_over_a") if line[side]
                   for stat in ("median", "min", "max")]
        assert figures, key
        assert all(math.isfinite(f) and f > 0 for f in figures), (key, figures)
        if line["a"] and line["b"] and line["ratio_b_over_a"] and key.startswith(
                ("raw.wall", "rendered.wall", "extract.time", "warc.time")):
            # One pair at smoke size: the ratio is that pair's B over A.
            expected = line["b"]["median"] / line["a"]["median"]
            assert line["ratio_b_over_a"]["median"] == pytest.approx(expected, rel=1e-9)
    goals = {k: line["goal"] for k, line in lines.items() if line["goal"]}
    assert goals == {"raw.wall": "B/A <= 1.15", "rendered.wall": "B/A <= 1.5",
                     "extract.time": "B/A <= 4", "warc.time": "B/A <= 1.2",
                     "memory.big-record": "B <= 150"}
    assert data["table"] in done.stdout
    machine = data["machine"]
    assert machine["python"] == platform.python_version()
    assert machine["cores"] >= 1 and machine["ram_mb"] > 0 and machine["cpu_model"]
    assert machine["chromium"]["version"].lower().startswith(("chromium", "google chrome"))
    assert machine["packages"]["scrapy"] and machine["packages"]["warcio"]
    assert len(machine["git"]["commit"]) == 40
    assert data["scale"] == "smoke" and data["duration_seconds"] > 0


def test_own_peak_rss_is_not_the_parents(tmp_path: Path) -> None:
    """ru_maxrss of a child starts at its parent's size; the harness must not report that."""
    ballast = bytearray(300 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    small = run_measured(python_module("bench.big_record", str(REPO / "bench" / "__init__.py"),
                                       str(tmp_path)), timeout=120)
    assert len(ballast) and 5 < small.own_peak_mb < 150
    assert json.loads(small.stdout)["length"] == (REPO / "bench" / "__init__.py").stat().st_size


def test_summaries_and_pairwise_ratios() -> None:
    s = summarize([3.0, 1.0, 2.0, 10.0])
    assert (s.median, s.low, s.high, s.n) == (2.5, 1.0, 10.0, 4)
    assert s.q1 <= s.median <= s.q3
    r = ratios([1.0, 2.0, 4.0], [1.5, 2.0, 2.0])
    assert r.values == (1.5, 1.0, 0.5) and r.median == 1.0
    with pytest.raises(ValueError):
        ratios([1.0], [1.0, 2.0])


def test_alternation_runs_abba() -> None:
    order: list[str] = []
    runs = alternate(lambda: order.append("a") or {"t": 1.0},
                     lambda: order.append("b") or {"t": 2.0}, 3)
    assert order == ["a", "b", "b", "a", "a", "b"]
    assert runs.ratio("t").median == 2.0
    with pytest.raises(RuntimeError, match="non-finite"):
        alternate(lambda: {"t": math.nan}, lambda: {"t": 1.0}, 1)


def test_table_marks_goals_and_skips() -> None:
    good = Line("x.wall", "x wall", "s", summarize([1.0, 1.2]), summarize([1.1, 1.3]),
                ratios([1.0, 1.2], [1.1, 1.3]), Goal("ratio", 1.15))
    bad = Line("y.wall", "y wall", "s", summarize([1.0]), summarize([2.0]),
               ratios([1.0], [2.0]), Goal("ratio", 1.5))
    skipped = Line("z.ref", "z ref", "s", skipped="no venv")
    text = render([good, bad, skipped])
    assert good.met is True and bad.met is False and skipped.met is None
    rows = text.splitlines()
    assert rows[2].endswith("met") and rows[3].endswith("NOT MET")
    assert "skipped: no venv" in rows[4]


def test_max_overlap_counts_pages_open_together() -> None:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    s = timedelta(seconds=1)
    assert max_overlap([]) == 0
    assert max_overlap([(t, t + 2 * s), (t + 3 * s, t + 4 * s)]) == 1
    assert max_overlap([(t, t + 5 * s), (t + s, t + 2 * s), (t + s, t + 6 * s)]) == 3
