"""The sample's package files (templates, scripts, styles, images): read once, typed, validated."""

from __future__ import annotations

import gzip
import hashlib
import struct
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from archiver.sample.content import PACKAGE, SampleDataError

# One fixed modification time for everything shipped in the package: the same bytes always get
# the same headers, so re-captures of unchanged resources are byte-identical (revisit dedup).
ASSET_LAST_MODIFIED = "Mon, 16 Jul 2018 04:00:00 GMT"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class Asset:
    name: str                        # path inside the package, e.g. "static/liveblog.css"
    data: bytes
    content_type: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.data).hexdigest()[:20] + '"'

    def text(self) -> str:
        return self.data.decode("utf-8")


@cache
def asset(name: str) -> Asset:
    """A package file by its path (``images/x.png``); SampleDataError if it is not there."""
    suffix = name[name.rfind("."):] if "." in name else ""
    try:
        data = resources.files(PACKAGE).joinpath(name).read_bytes()
    except OSError as exc:
        raise SampleDataError(f"sample asset {name} is missing: {exc}") from exc
    return Asset(name, data, CONTENT_TYPES.get(suffix, "application/octet-stream"))


def has_asset(name: str) -> bool:
    return resources.files(PACKAGE).joinpath(name).is_file()


def image_names() -> list[str]:
    folder = resources.files(PACKAGE).joinpath("images")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".png"))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SampleDataError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@lru_cache(maxsize=64)
def gzipped(data: bytes) -> bytes:
    """Deterministic gzip (mtime 0, no file name): equal input, equal bytes."""
    return gzip.compress(data, compresslevel=6, mtime=0)
