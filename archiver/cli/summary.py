"""Printing a run summary for a person: pages, counts, and every file with size and sha256."""

from __future__ import annotations

import json
from typing import Any, TextIO


def show_summary(summary: dict[str, Any], as_json: bool, out: TextIO) -> None:
    """The run summary as JSON (``--json``, for scripts) or as lines for a person."""
    if as_json:
        out.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    else:
        print_summary(summary, out)


def print_summary(summary: dict[str, Any], out: TextIO) -> None:
    counts = summary.get("counts", {})
    out.write(f"Captured {counts.get('pages', 0)} page(s) in "
              f"{summary.get('duration_seconds', 0):.1f}s ({summary.get('mode')} mode) "
              f"into {summary.get('run_dir')}\n")
    for page in summary.get("pages", []):
        if page.get("error"):
            out.write(f"  FAILED {page['url']}: {page['error']}\n")
        else:
            out.write(f"  {page.get('final_url') or page['url']}: HTTP {page.get('status')}, "
                      f"{page.get('entries', 0)} entries, {page.get('embeds_rendered', 0)} "
                      f"embeds rendered, {page.get('embeds_failed', 0)} failed"
                      f"{', closed' if page.get('closed') else ''}\n")
    out.write(f"  records: {counts.get('responses', 0)} responses, {counts.get('revisits', 0)} "
              f"revisits, {counts.get('truncated', 0)} truncated, "
              f"{counts.get('refetched', 0)} refetched\n")
    files = list(summary.get("warc_files", []))
    if summary.get("entries_file"):
        files.append(summary["entries_file"])
    for item in files:
        out.write(f"  {item['path']}  {item['bytes']:,} bytes  sha256 {item['sha256']}\n")
    if summary.get("fatal_error"):
        out.write(f"  ERROR: {summary['fatal_error']}\n")
