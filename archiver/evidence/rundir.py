"""A capture run directory as evidence: which files are deliverables, which are not."""

from __future__ import annotations

from pathlib import Path

CAPTURE_FILES = ("entries.jsonl", "capture.json", "capture-log.jsonl")
LATER_FILES = ("report.html", "report.pdf")


def warc_files(run_dir: Path) -> list[Path]:
    return sorted((run_dir / "warc").glob("*.warc.gz")) + sorted(run_dir.glob("*.warc.gz"))


def open_warcs(run_dir: Path) -> list[Path]:
    """WARCs still being written (or left by a killed capture: ``archiver recover``)."""
    return sorted((run_dir / "warc").glob("*.warc.gz.open"))


def capture_deliverables(run_dir: Path) -> list[Path]:
    """What a capture itself produces, as far as it exists."""
    files = warc_files(run_dir)
    files += [run_dir / name for name in CAPTURE_FILES if (run_dir / name).is_file()]
    return files


def all_deliverables(run_dir: Path) -> list[Path]:
    """Capture files plus what later steps add (packages, reports). The manifest and the
    custody log are not deliverables: they change as steps are added."""
    files = capture_deliverables(run_dir)
    files += sorted(run_dir.glob("*.wacz"))
    files += [run_dir / name for name in LATER_FILES if (run_dir / name).is_file()]
    return files


def is_run_dir(path: Path) -> bool:
    return path.is_dir() and ((path / "capture.json").is_file() or (path / "warc").is_dir())
