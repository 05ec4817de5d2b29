"""cdxj-indexer (from the judges' wacz venv) run over WARC files, its lines parsed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .runner import Arg, JudgeError, describe, run
from .venvs import WACZ, judge_program


def parse_cdxj(text: str) -> list[dict[str, str]]:
    """`urlkey timestamp {json}` lines into dicts that also hold ``urlkey`` and ``timestamp``."""
    entries: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(" ", 2)
        if len(parts) != 3 or not parts[2].startswith("{"):
            raise JudgeError(f"CDXJ line {number} is not `urlkey timestamp {{json}}`: {line!r}")
        try:
            fields = json.loads(parts[2])
        except ValueError as exc:
            raise JudgeError(f"CDXJ line {number} has bad JSON: {line!r}") from exc
        entry = {str(k): str(v) for k, v in fields.items()}
        entry["urlkey"], entry["timestamp"] = parts[0], parts[1]
        entries.append(entry)
    return entries


def cdxj_index(paths: Arg | Sequence[Arg], sort: bool = True) -> list[dict[str, str]]:
    """`cdxj-indexer [--sort] W...` parsed; raises :class:`JudgeError` unless it exits 0.

    ``filename`` in each entry is the WARC's base name, as cdxj-indexer writes it.
    """
    inputs = [paths] if isinstance(paths, (str, Path)) else list(paths)  # type: ignore[arg-type]
    program = judge_program(WACZ, "cdxj-indexer")
    result = run([program, *(["--sort"] if sort else []), *inputs])
    if result.returncode != 0:
        raise JudgeError(f"cdxj-indexer failed: {describe(result)}", result)
    return parse_cdxj(result.stdout.decode("utf-8"))
