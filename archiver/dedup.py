"""The digest index behind revisit records: which payloads a target has already archived."""

from __future__ import annotations

from typing import Protocol

from archiver.warc.builders import DigestRef


class DigestIndex(Protocol):
    """Looked up before each response is written; shared by every pass of one target.

    Implementations: in memory (one run), SQLite (survives restarts), and later a shared
    database for many workers. ``add`` must be idempotent."""

    def lookup(self, payload_digest: str, url: str) -> DigestRef | None: ...
    def add(self, ref: DigestRef) -> None: ...


class MemoryDigestIndex:
    def __init__(self) -> None:
        self._by_digest: dict[str, DigestRef] = {}

    def lookup(self, payload_digest: str, url: str) -> DigestRef | None:
        return self._by_digest.get(payload_digest)

    def add(self, ref: DigestRef) -> None:
        self._by_digest.setdefault(ref.payload_digest, ref)
