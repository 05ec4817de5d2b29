"""The quality gate: extraction vs hand-checked expected entries, per fixture and per field.

Usage: ``python -m archiver.extract.evaluate [FIXTURES_DIR] [--check] [--verbose]``.
Each fixture directory holds ``page.html``, ``meta.json`` (url, captured_at, content_type,
frames {frame URL: file}, optional profile) and ``expected.jsonl``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from archiver.extract.core import extract_entries
from archiver.extract.model import PageSnapshot

FIELDS: tuple[str, ...] = (
    "entry_count", "entry_id", "title", "published_at", "time_source", "body_text", "links",
    "authors", "images", "captions", "credits", "embeds",
)
# Pinned at what the extractor reaches on the bundled fixtures; a drop fails the gate test.
FLOORS: dict[str, float] = {name: 1.0 for name in FIELDS}

_Getter = Callable[[dict[str, Any]], Any]
_GETTERS: dict[str, _Getter] = {
    "entry_id": lambda e: e.get("entry_id"),
    "title": lambda e: e.get("title"),
    "published_at": lambda e: e.get("published_at"),
    "time_source": lambda e: e.get("time_source"),
    "body_text": lambda e: e.get("body_text"),
    "links": lambda e: [(x["url"], x["text"]) for x in e.get("links") or []],
    "authors": lambda e: list(e.get("authors") or []),
    "images": lambda e: [(i.get("url"), i.get("alt")) for i in e.get("images") or []],
    "captions": lambda e: [i.get("caption") for i in e.get("images") or []],
    "credits": lambda e: [(i.get("credit"), i.get("credit_raw")) for i in e.get("images") or []],
    "embeds": lambda e: [(m.get("type"), m.get("id"), m.get("url"), m.get("status"),
                          m.get("author_name"), m.get("author_handle"), m.get("text"),
                          m.get("created_at")) for m in e.get("embeds") or []],
}


def default_fixtures_dir() -> Path:
    here = Path.cwd() / "tests" / "fixtures" / "liveblogs"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "liveblogs"


def load_snapshot(directory: Path) -> PageSnapshot:
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    frames = {url: (directory / rel).read_bytes()
              for url, rel in sorted((meta.get("frames") or {}).items())}
    captured = datetime.fromisoformat(str(meta["captured_at"]).replace("Z", "+00:00"))
    return PageSnapshot(url=meta["url"], html=(directory / "page.html").read_bytes(),
                        captured_at=captured, content_type=meta.get("content_type"),
                        frames=frames, profile=meta.get("profile"))


def load_expected(directory: Path) -> list[dict[str, Any]]:
    lines = (directory / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def fixture_dirs(base: Path) -> list[Path]:
    return sorted(p for p in base.iterdir() if (p / "meta.json").is_file()
                  and (p / "expected.jsonl").is_file())


def _align(expected: Sequence[dict[str, Any]], got: Sequence[dict[str, Any]]
           ) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs by entry_id, then by title, then by position; leftovers pair with None."""
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    free = list(range(len(got)))
    pending: list[dict[str, Any]] = []
    for exp in expected:
        j = next((k for k in free if got[k].get("entry_id") == exp.get("entry_id")), None)
        if j is None and exp.get("title"):
            j = next((k for k in free if got[k].get("title") == exp.get("title")), None)
        if j is None:
            pending.append(exp)
            continue
        free.remove(j)
        pairs.append((exp, got[j]))
    for exp in pending:
        j = next((k for k in free if got[k].get("position") == exp.get("position")), None)
        if j is not None:
            free.remove(j)
        pairs.append((exp, got[j] if j is not None else None))
    pairs.extend((None, got[k]) for k in free)
    return pairs


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class FixtureReport:
    name: str
    scores: dict[str, FieldScore] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def evaluate_fixture(directory: Path) -> FixtureReport:
    expected = load_expected(directory)
    got = extract_entries(load_snapshot(directory)).entries
    report = FixtureReport(directory.name)
    count = FieldScore(int(len(got) == len(expected)), 1)
    report.scores["entry_count"] = count
    if not count.correct:
        report.mismatches.append(f"entry_count: expected {len(expected)}, got {len(got)}")
    pairs = _align(expected, got)
    for name, getter in _GETTERS.items():
        score = FieldScore()
        for exp, ext in pairs:
            score.total += 1
            if exp is not None and ext is not None and getter(exp) == getter(ext):
                score.correct += 1
            elif exp is not None:
                shown = getter(ext) if ext is not None else "<missing entry>"
                report.mismatches.append(f"{name} @ {exp.get('position')}: expected "
                                         f"{getter(exp)!r}, got {shown!r}")
            else:
                report.mismatches.append(f"{name}: extra entry {ext and ext.get('entry_id')}")
        report.scores[name] = score
    return report


def overall(reports: Sequence[FixtureReport]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in FIELDS:
        correct = sum(r.scores[name].correct for r in reports)
        total = sum(r.scores[name].total for r in reports)
        out[name] = correct / total if total else 1.0
    return out


def format_table(reports: Sequence[FixtureReport]) -> str:
    width = max([len(r.name) for r in reports] + [7])
    head = "fixture".ljust(width) + "".join(f" {n[:11]:>11}" for n in FIELDS)
    rows = [head, "-" * len(head)]
    for r in reports:
        rows.append(r.name.ljust(width) + "".join(f" {r.scores[n].accuracy:>11.3f}"
                                                  for n in FIELDS))
    total = overall(reports)
    rows.append("-" * len(head))
    rows.append("ALL".ljust(width) + "".join(f" {total[n]:>11.3f}" for n in FIELDS))
    rows.append("floor".ljust(width) + "".join(f" {FLOORS[n]:>11.3f}" for n in FIELDS))
    return "\n".join(rows)


def below_floors(reports: Sequence[FixtureReport]) -> dict[str, float]:
    return {n: v for n, v in overall(reports).items() if v < FLOORS[n]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archiver.extract.evaluate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", nargs="?", type=Path, default=None)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when any field's overall accuracy is below its floor")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    base = args.fixtures or default_fixtures_dir()
    dirs = fixture_dirs(base)
    if not dirs:
        print(f"no fixtures with expected.jsonl under {base}", file=sys.stderr)
        return 2
    reports = [evaluate_fixture(d) for d in dirs]
    print(format_table(reports))
    if args.verbose:
        for r in reports:
            for line in r.mismatches:
                print(f"{r.name}: {line}")
    failing = below_floors(reports)
    if failing:
        print("below floor: " + ", ".join(f"{k}={v:.3f}" for k, v in sorted(failing.items())))
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
