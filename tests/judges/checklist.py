"""The evidence checklist run over WARC files and WACZ packages, judged only by outside tools."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from .evidence import Evidence, gather
from .findings import Finding, Policy
from .items_content import check_content_items
from .items_file import check_file_items
from .items_records import check_record_items
from .wacz_checks import check_wacz

__all__ = ["ITEMS_WARC", "Finding", "Policy", "check_evidence", "check_wacz", "check_warcs",
           "format_findings"]

# The checklist items :func:`check_warcs` decides.
ITEMS_WARC = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 21, 22, 23, 25)


def check_evidence(ev: Evidence, *, policy: Policy | None = None,
                   capture_log_truncated: Collection[str] | None = None) -> list[Finding]:
    """The WARC items over tool output already gathered (see :func:`evidence.gather`)."""
    policy = policy or Policy()
    findings = [*check_file_items(ev, policy),
                *check_record_items(ev, policy, capture_log_truncated),
                *check_content_items(ev, policy)]
    return sorted(findings, key=lambda f: (f.item, f.file, f.offset or -1, f.message))


def check_warcs(paths: Sequence[Path], *, capture_log_truncated: Collection[str] | None = None,
                policy: Policy | None = None) -> list[Finding]:
    """Checklist items 1-16, 18-19, 21-23 and 25 (index part) over one evidence set.

    ``paths`` are all WARC files of the set (revisits are resolved across them).
    ``capture_log_truncated``: URLs the capture log says hit a size or time limit (item 13);
    ``None`` skips that comparison. An empty list means the log says nothing was truncated.
    Returns findings sorted by item; an empty list means every item passed.
    """
    if not paths:
        raise ValueError("check_warcs needs at least one WARC file")
    return check_evidence(gather([Path(p) for p in paths]), policy=policy,
                          capture_log_truncated=capture_log_truncated)


def format_findings(findings: Sequence[Finding]) -> str:
    """One line per finding, for assertion messages."""
    return "\n".join(str(f) for f in findings) or "(no findings)"
