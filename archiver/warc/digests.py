"""The one digest policy of the project: sha256, lowercase hex, ``sha256:<hex>``."""

from __future__ import annotations

import hashlib
from typing import Protocol

ALGORITHM = "sha256"
ENCODING = "base16 (lowercase hex)"
PREFIX = "sha256:"


class _Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


def new_hasher() -> _Hash:
    return hashlib.sha256()


def label(hasher: _Hash) -> str:
    """The WARC header value for a finished hasher."""
    return PREFIX + hasher.hexdigest()


def of_bytes(data: bytes) -> str:
    return PREFIX + hashlib.sha256(data).hexdigest()


def hex_of(label_value: str) -> str:
    """The hex part of a ``sha256:<hex>`` label (ValueError for any other form)."""
    if not label_value.startswith(PREFIX) or len(label_value) != len(PREFIX) + 64:
        raise ValueError(f"not a sha256 hex digest: {label_value!r}")
    return label_value[len(PREFIX):]
