"""The generic consent step on walls no profile knows: a plain banner, a banner in an open
shadow root, a banner in an iframe. Each must be accepted and its cookie kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from capturing import capture
from consent_site import ConsentSite

from archiver.rederive import parse_pageinfo
from archiver.warc.reader import iter_records

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site() -> Iterator[ConsentSite]:
    with ConsentSite() as server:
        yield server


@pytest.mark.parametrize("path,button", [("/plain/", "Accept all"),
                                         ("/shadow/", "Alle akzeptieren"),
                                         ("/frame/", "Akkoord")])
def test_a_wall_no_profile_knows_is_accepted(site: ConsentSite, tmp_path: Path, path: str,
                                             button: str) -> None:
    url = site.base_url + path
    run = capture([url], tmp_path / "run")
    assert run.returncode == 0, run.stderr
    info = parse_pageinfo(next(r.payload or b"" for w in run.warcs for r in iter_records(w)
                               if r.target_uri == f"urn:pageinfo:{url}"))
    consent = next(b for b in info["behaviour"] if b["name"] == "consent")
    assert consent["status"] == "done", consent
    assert [c["key"] for c in consent["clicks"]] == [button]
    assert consent["cookies_set"] == ["consent"]
    dom = next((r.payload or b"").decode() for w in run.warcs for r in iter_records(w)
               if r.target_uri == f"urn:dom:{url}")
    assert 'class="wall"' not in dom            # the wall is gone from what was captured
    assert run.summary["counts"]["entries"] == 4
