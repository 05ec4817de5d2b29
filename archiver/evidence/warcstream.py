"""Inflated bytes of a WARC file, member by member, with the offsets records start at."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterator
from typing import Protocol

CHUNK = 1 << 16
END = b""            # marks the end of a gzip member in the chunk stream


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class HashingReader:
    """Reads through to ``source`` and hashes every byte read (sha256), so that the file's
    hash comes from the same single read as its records."""

    def __init__(self, source: Readable) -> None:
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def finish(self) -> str:
        """Read what the parser left (it stops early on a damaged record); the hex hash."""
        while self.read(CHUNK):
            pass
        return self.digest.hexdigest()


class Corrupt(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def gzip_chunks(fh: Readable) -> Iterator[tuple[int, bytes]]:
    """(member offset, inflated bytes) pieces; (offset, END) when a member ends."""
    offset = 0
    pending = fh.read(CHUNK)
    while pending:
        inflater = zlib.decompressobj(wbits=31)
        used = 0
        while True:
            try:
                out = inflater.decompress(pending)
            except zlib.error as exc:
                raise Corrupt(offset, f"gzip data corrupt ({exc})") from exc
            if out:
                yield offset, out
            if inflater.eof:
                used += len(pending) - len(inflater.unused_data)
                pending = inflater.unused_data or fh.read(CHUNK)
                break
            used += len(pending)
            pending = fh.read(CHUNK)
            if not pending:
                raise Corrupt(offset, "the file ends inside a gzip member (truncated)")
        yield offset, END
        offset += used


def plain_chunks(fh: Readable) -> Iterator[tuple[int, bytes]]:
    offset = 0
    while block := fh.read(CHUNK):
        yield offset, block
        offset += len(block)


class ByteStream:
    def __init__(self, chunks: Iterator[tuple[int, bytes]], gz: bool) -> None:
        self.chunks = chunks
        self.gz = gz
        self.buf = b""
        self.base = 0          # offset of the chunk in buf (plain) or its member (gzip)
        self.pos_in_chunk = 0
        self.member_end = False

    def _more(self) -> bool:
        for offset, data in self.chunks:
            if data == END:
                self.member_end = True
                continue
            if self.member_end or not self.buf:
                self.base, self.pos_in_chunk = offset, 0
            self.member_end = False
            self.buf += data
            return True
        return False

    def position(self) -> int:
        if not self.buf and not self._more():
            return -1
        return self.base if self.gz else self.base + self.pos_in_chunk

    def _take(self, n: int) -> bytes:
        out, self.buf = self.buf[:n], self.buf[n:]
        self.pos_in_chunk += len(out)
        return out

    def read_until(self, delim: bytes, limit: int) -> bytes | None:
        while True:
            at = self.buf.find(delim)
            if at >= 0:
                return self._take(at + len(delim))
            if len(self.buf) > limit or not self._more():
                return None

    def feed(self, n: int, sink: Callable[[bytes], None]) -> int:
        """Pass ``n`` bytes to ``sink``; returns how many there were."""
        done = 0
        while done < n:
            if not self.buf and not self._more():
                break
            piece = self._take(min(n - done, len(self.buf)))
            sink(piece)
            done += len(piece)
        return done
