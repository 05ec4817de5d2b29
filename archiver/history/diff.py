"""What changed between two passes: entries added, edited and removed (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from archiver.history.model import DELETED


@dataclass
class PassDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    edited: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "edited": self.edited, "removed": self.removed,
                "unchanged": self.unchanged}


def shown(observations: Sequence[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The entries a pass showed (its deleted ones were no longer there)."""
    return {(o["page_url"], o["entry_id"]): o for o in observations if o["change"] != DELETED}


def diff_passes(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> PassDiff:
    """Compare what two passes showed, entry by entry (paired by page and entry_id)."""
    old, new = shown(before), shown(after)
    out = PassDiff()

    def item(o: dict[str, Any]) -> dict[str, Any]:
        return {"entry_id": o["entry_id"], "title": o.get("title"), "version": o["version"],
                "content_sha256": o["content_sha256"], "page_url": o["page_url"]}

    for key, o in new.items():
        if key not in old:
            out.added.append(item(o))
        elif old[key]["content_sha256"] != o["content_sha256"]:
            out.edited.append({**item(o), "from_version": old[key]["version"],
                               "from_content_sha256": old[key]["content_sha256"],
                               "from_title": old[key].get("title")})
        else:
            out.unchanged += 1
    out.removed = [item(o) for key, o in old.items() if key not in new]
    return out
