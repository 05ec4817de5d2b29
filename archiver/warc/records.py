"""WARC records as plain values: headers plus a block (an optional prefix and a streamed body)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from archiver.warc import digests

CHUNK = 1 << 16

# A body is held in memory (bytes) or streamed from a seekable binary file object that the
# record does not own, read from its current position for `length` bytes.
Body = bytes | BinaryIO

IdFactory = Callable[[], str]
Clock = Callable[[], datetime]


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def utc_now() -> datetime:
    return datetime.now(UTC)


def warc_date(moment: datetime) -> str:
    """WARC-Date with microseconds (WARC/1.1 allows fractions), always UTC with ``Z``."""
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text + "Z"


def iso_utc(moment: datetime, timespec: str = "seconds") -> str:
    """ISO 8601 in UTC with ``Z``, for summaries, logs and indexes (WARC-Date: warc_date)."""
    return moment.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def parse_warc_date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@dataclass
class BodySource:
    """A record body: bytes, or a stream region read lazily (twice: once to digest, once to
    write), so large bodies are never held in memory."""

    data: Body = b""
    length: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.data, bytes | bytearray | memoryview):
            self.data = bytes(self.data)
            if self.length is None:
                self.length = len(self.data)
            self._start = 0
        else:
            self._start = self.data.tell()
            if self.length is None:
                end = self.data.seek(0, io.SEEK_END)
                self.length = end - self._start
                self.data.seek(self._start)

    @property
    def size(self) -> int:
        assert self.length is not None
        return self.length

    def chunks(self) -> Iterator[bytes]:
        if isinstance(self.data, bytes):
            view = memoryview(self.data)
            for start in range(0, len(view), CHUNK):
                yield bytes(view[start:start + CHUNK])
            return
        stream = self.data
        stream.seek(self._start)
        remaining = self.size
        while remaining > 0:
            buf = stream.read(min(CHUNK, remaining))
            if not buf:
                raise OSError(f"body stream ended {remaining} bytes early")
            remaining -= len(buf)
            yield buf

    def close(self) -> None:
        """Release a streamed body's file (bytes need nothing)."""
        if not isinstance(self.data, bytes):
            self.data.close()

    def read_all(self) -> bytes:
        """The whole body in memory (for small bodies, tests and extraction only)."""
        if isinstance(self.data, bytes):
            return self.data
        return b"".join(self.chunks())


@dataclass
class WarcRecord:
    """One WARC record. ``prefix`` is the HTTP header block of request/response/revisit records
    (part of the block, not of the payload); ``body`` is the payload."""

    rec_type: str
    headers: list[tuple[str, str]]
    prefix: bytes = b""
    body: BodySource = field(default_factory=BodySource)
    # Digests are computed at serialization unless set here (revisits carry the original's).
    payload_digest: str | None = None
    block_digest: str | None = None

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        lname = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != lname]
        self.headers.append((name, value))

    @property
    def record_id(self) -> str:
        value = self.header("WARC-Record-ID")
        assert value is not None
        return value

    @property
    def target_uri(self) -> str | None:
        return self.header("WARC-Target-URI")

    @property
    def date(self) -> str:
        value = self.header("WARC-Date")
        assert value is not None
        return value

    @property
    def content_length(self) -> int:
        return len(self.prefix) + self.body.size

    def compute_digests(self) -> None:
        """Block digest over prefix + body, payload digest over the body: one pass."""
        has_payload = self.rec_type in PAYLOAD_TYPES
        if self.block_digest is not None and (self.payload_digest is not None or not has_payload):
            return
        block = digests.new_hasher()
        payload = digests.new_hasher()
        block.update(self.prefix)
        for chunk in self.body.chunks():
            block.update(chunk)
            payload.update(chunk)
        if self.block_digest is None:
            self.block_digest = digests.label(block)
        if has_payload and self.payload_digest is None:
            self.payload_digest = digests.label(payload)


# Record types whose payload digest is meaningful (checklist C14: none on warcinfo/metadata;
# revisits carry the digest of the payload they stand for, set by the builder).
PAYLOAD_TYPES = frozenset({"response", "resource", "revisit", "conversion"})
