"""Fetching a large body again as a stream into a temporary file, with the page's cookies.

The browser can only hand a body back whole (base64 over Playwright's pipe: about six times
its size in memory), so bodies declared larger than a threshold are fetched again this way."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO, cast

SPOOL_IN_MEMORY = 4 * 1024 * 1024
CHUNK = 1 << 20
# Headers that describe the browser's own connection or that urllib sets itself.
_SKIP = frozenset({"host", "cookie", "content-length", "connection", "accept-encoding",
                   "transfer-encoding", "keep-alive", "upgrade", "te", "trailer"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Streamed:
    status: int
    body: BinaryIO          # positioned at 0; the caller closes it
    length: int
    truncated: bool         # the body was cut at the limit


def stream_fetch(url: str, method: str, headers: Mapping[str, str], cookie: str | None,
                 limit: int, timeout: float = 60.0) -> Streamed:
    """GET/HEAD ``url`` again, identity-encoded, into a spooled temporary file (blocking: run it
    in a thread). Raises OSError (urllib.error.URLError included) when it cannot connect."""
    send = {k: v for k, v in headers.items() if k.lower() not in _SKIP}
    send["Accept-Encoding"] = "identity"
    if cookie:
        send["Cookie"] = cookie
    request = urllib.request.Request(url, method=method, headers=send)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:   # an error status is still an answer
        response = exc
    out = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY))  # noqa: SIM115
    size = 0
    truncated = False
    with response:
        while True:
            chunk = response.read(min(CHUNK, limit - size + 1))
            if not chunk:
                break
            if size + len(chunk) > limit:
                out.write(chunk[: limit - size])
                size = limit
                truncated = True
                break
            out.write(chunk)
            size += len(chunk)
        status = int(response.status)
    out.seek(0)
    return Streamed(status, out, size, truncated)
