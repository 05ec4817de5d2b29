"""Hand-built WARC records for judge self-tests: exact headers, sha256 digests, warcio writer."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GzipMode = Literal["per-record", "whole-file", "none"]


def record_id(name: str) -> str:
    """A stable ``<urn:uuid:…>`` for a record name, so tests can point records at each other."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'judge-sample/' + name)}>"


def digest(data: bytes, algorithm: str = "sha256", encoding: str = "hex") -> str:
    """``sha256:<hex>`` (the evidence policy) or another algorithm/encoding, for mutations."""
    raw = hashlib.new(algorithm, data).digest()
    text = raw.hex() if encoding == "hex" else base64.b32encode(raw).decode("ascii")
    return f"{algorithm}:{text}"


@dataclass
class Rec:
    """One record as it will be written: WARC headers in order (Content-Length is set by the
    writer), an optional HTTP head, and the body (for a revisit, the body is not written)."""

    headers: list[tuple[str, str]]
    body: bytes = b""
    http: StatusAndHeaders | None = None
    version: str = "WARC/1.1"
    extra: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def set(self, name: str, value: str) -> None:
        for i, (key, _) in enumerate(self.headers):
            if key.lower() == name.lower():
                self.headers[i] = (key, value)
                return
        self.headers.append((name, value))

    def drop(self, name: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]

    @property
    def type(self) -> str:
        return self.get("WARC-Type") or ""

    @property
    def id(self) -> str:
        return self.get("WARC-Record-ID") or ""

    def http_bytes(self) -> bytes:
        if self.http is None:
            return b""
        self.http.compute_headers_buffer()
        buff: bytes = self.http.headers_buff
        return buff

    def block(self) -> bytes:
        """The record block as the writer will emit it: a revisit keeps only its HTTP head."""
        head = self.http_bytes()
        return head if self.type == "revisit" else head + self.body

    def redigest(self, algorithm: str = "sha256", encoding: str = "hex") -> Rec:
        """(Re)compute WARC-Block-Digest and, where the record has a payload, the payload digest.

        A revisit's payload digest is the original's and is left alone.
        """
        self.set("WARC-Block-Digest", digest(self.block(), algorithm, encoding))
        if self.type in ("response", "resource"):
            self.set("WARC-Payload-Digest", digest(self.body, algorithm, encoding))
        return self


class ExactWARCWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer, minus its habit of adding sha1 digests: tests set every header."""

    def ensure_digest(self, record: object, block: bool = True, payload: bool = True) -> None:
        return None


def _write(out: io.BufferedIOBase | io.BytesIO, records: Iterable[Rec], gzip_each: bool) -> None:
    writer = ExactWARCWriter(out, gzip=gzip_each)
    for rec in records:
        warc_headers = StatusAndHeaders("", [h for h in rec.headers if h[0] != "Content-Length"],
                                        protocol=rec.version)
        payload = io.BytesIO(rec.body)
        record = writer.create_warc_record(
            rec.get("WARC-Target-URI") or "", rec.type, payload=payload, length=len(rec.body),
            warc_content_type=rec.get("Content-Type") or "", warc_headers=warc_headers,
            http_headers=rec.http)
        writer.write_record(record)


def write_warc(path: Path, records: Iterable[Rec], mode: GzipMode = "per-record") -> Path:
    """Write records to ``path``: one gzip member each (the norm), one member for the whole
    file, or not compressed at all (the last two only to break checklist item 1)."""
    if mode == "per-record":
        with path.open("wb") as out:
            _write(out, records, gzip_each=True)
    else:
        buf = io.BytesIO()
        _write(buf, records, gzip_each=False)
        data = buf.getvalue()
        path.write_bytes(gzip.compress(data) if mode == "whole-file" else data)
    return path
