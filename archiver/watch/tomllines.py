"""Where things are in a TOML file: the line of a table or a key, for error messages that
name the line (``tomllib`` parses but forgets positions)."""

from __future__ import annotations

import re

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]\s*(#.*)?$")
_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")

Table = tuple[str | int, ...]


class TomlLines:
    """Line numbers (1-based) of tables and keys. Tables are paths such as ``()``,
    ``("defaults",)``, ``("target", 0)``, ``("target", 0, "settings")``: an array of tables
    adds the element's index."""

    def __init__(self, text: str) -> None:
        self.tables: dict[Table, int] = {(): 1}
        self.keys: dict[tuple[Table, str], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        current: Table = ()
        for number, line in enumerate(text.splitlines(), start=1):
            array = _ARRAY_HEADER.match(line)
            header = array or _HEADER.match(line)
            if header:
                parts = tuple(p.strip() for p in header.group(1).split("."))
                current = self._resolve(parts, counts, array is not None)
                self.tables.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                self.keys.setdefault((current, key.group(1).strip("\"'")), number)

    def _resolve(self, parts: tuple[str, ...], counts: dict[tuple[str, ...], int],
                 is_array: bool) -> Table:
        """``[target.settings]`` after the 2nd ``[[target]]`` is ("target", 1, "settings")."""
        path: list[str | int] = []
        for i, part in enumerate(parts):
            path.append(part)
            prefix = parts[: i + 1]
            last = i == len(parts) - 1
            if last and is_array:
                counts[prefix] = counts.get(prefix, 0) + 1
                path.append(counts[prefix] - 1)
            elif prefix in counts:
                path.append(counts[prefix] - 1)
        return tuple(path)

    def line(self, table: Table, key: str | None = None) -> int | None:
        """The key's line, else its table's, else the nearest enclosing table's."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        while table:
            if table in self.tables:
                return self.tables[table]
            table = table[:-1]
        return None
