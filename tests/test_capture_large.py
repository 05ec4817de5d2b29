"""A page that loads a large file: the body is streamed to the WARC, digest and all."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from capturing import capture
from judges.warcio_cli import warcio_check, warcio_index
from sites import ErrorSite

from archiver.capture.recorder import STREAM_THRESHOLD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _served(size: int) -> bytes:
    block = bytes(range(256)) * 4096
    return (block * (size // len(block) + 1))[:size]


def test_large_body_is_streamed_whole(tmp_path: Path) -> None:
    size = STREAM_THRESHOLD + 5_000_000
    with ErrorSite() as site:
        url = f"{site.base_url}/big/{size}"
        run = capture([f"{site.base_url}/loads-big?size={size}"], tmp_path / "run",
                      settings={"ARCHIVER_NETWORK_IDLE_CAP": 5})
    assert run.returncode == 0, run.stderr[-2000:]
    rows = warcio_index(run.warcs, "warc-type,warc-target-uri,warc-payload-digest,"
                                   "archiver-body-origin,archiver-note,http:content-length")
    [big] = [r for r in rows if r["warc-type"] == "response" and r["warc-target-uri"] == url]
    assert big["warc-payload-digest"] == "sha256:" + hashlib.sha256(_served(size)).hexdigest()
    assert big["http:content-length"] == str(size)
    assert big["archiver-body-origin"] == "refetch" and "stream" in big["archiver-note"]
    assert warcio_check(run.warcs).returncode == 0
