"""Shared fixtures: the bundled sample liveblog on a real server, the browser, temp output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "data" / "seed" / "000_6f0752a61efd4655.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _serve_sample() -> Iterator[object]:
    from archiver.sample.server import SampleServer

    with SampleServer(port=0) as server:
        yield server


@pytest.fixture(scope="session")
def sample_server() -> Iterator[object]:
    """The bundled sample liveblog served on 127.0.0.1, port 0, for the whole session.

    Tests that read the access log must call ``sample_server.clear_log()`` first, or use
    ``fresh_sample_server``.
    """
    yield from _serve_sample()


@pytest.fixture
def fresh_sample_server() -> Iterator[object]:
    """A sample server of the test's own (clean access log, its own port)."""
    yield from _serve_sample()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    from archiver.browser import find_chromium

    choice = find_chromium()
    if choice is None:
        pytest.fail("no Chromium found: run `./dev test` (it installs one) or set "
                    "ARCHIVER_CHROMIUM")
    return choice.path
