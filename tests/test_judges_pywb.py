"""The pywb judge: it replays a good capture and its revisits, and fails the broken ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from judges.pywb import Pywb, http_get
from judges.runner import JudgeError
from judges.samples import (
    CSS,
    CSS_BODY,
    CSS_V2,
    PAGE,
    PAGE_TEXT_1,
    PAGE_TEXT_2,
    TS1,
    TS2,
    evidence_set,
)
from judges.tamper import break_gzip_member
from judges.venvs import PYWB, ensure_env

pytestmark = [pytest.mark.judge, pytest.mark.slow]


@pytest.fixture(scope="module")
def good_pywb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pywb]:
    paths = evidence_set().write(tmp_path_factory.mktemp("good"))
    with Pywb(paths) as pywb:
        yield pywb


def test_pywb_venv_passes_pip_check() -> None:
    venv = ensure_env(PYWB)
    assert (venv / "bin" / "wayback").is_file()
    assert (venv / "judge-stamp.json").is_file()


def test_page_replays_with_its_capture_date(good_pywb: Pywb) -> None:
    reply = http_get(good_pywb.replay_url(PAGE, TS1, "mp_"))
    assert reply.status == 200
    assert PAGE_TEXT_1.encode() in reply.body
    assert reply.headers["Memento-Datetime"] == "Wed, 01 May 2024 12:00:00 GMT"
    later = good_pywb.get(PAGE, TS2)
    assert later.status == 200 and PAGE_TEXT_2.encode() in later.body


def test_cdx_lists_both_captures_and_revisits(good_pywb: Pywb) -> None:
    pages = good_pywb.cdx(PAGE)
    assert [p["timestamp"] for p in pages] == [TS1, TS2]
    css = good_pywb.cdx(CSS)
    assert [c["mime"] for c in css] == ["text/css", "warc/revisit"]
    assert good_pywb.cdx("https://news.example/never-captured") == []


@pytest.mark.parametrize("url", [CSS, CSS_V2], ids=["same-url", "other-url"])
def test_revisit_replays_the_original_bytes(good_pywb: Pywb, url: str) -> None:
    reply = good_pywb.get(url, "20240502120001", "id_")
    assert reply.status == 200, reply.body[:300]
    assert reply.body == CSS_BODY
    # The memento is the revisit's own date: pywb resolved the revisit, not the original.
    assert reply.headers["Memento-Datetime"] == "Thu, 02 May 2024 12:00:01 GMT"


def test_errors_for_collection_sees_404(good_pywb: Pywb) -> None:
    assert good_pywb.errors_for_collection() == []
    missing = good_pywb.get("https://news.example/not-archived", TS1, "mp_")
    assert missing.status == 404
    errors = good_pywb.errors_for_collection()
    assert len(errors) == 1 and "/not-archived" in errors[0] and '" 404 ' in errors[0]
    assert "/not-archived" in good_pywb.log_text()


def test_revisit_without_refers_to_target_uri_is_503(tmp_path: Path) -> None:
    """Documented pywb behaviour: a revisit of another URL needs the original's URI."""
    es = evidence_set()
    es.find("css-v2-revisit").drop("WARC-Refers-To-Target-URI")
    with Pywb(es.write(tmp_path)) as pywb:
        assert pywb.get(CSS_V2, "20240502120001", "id_").status == 503
        assert pywb.get(CSS, "20240502120001", "id_").status == 200
        assert any(" 503 " in line for line in pywb.errors_for_collection())


def test_server_stops_and_cleans_up(tmp_path: Path) -> None:
    pywb = Pywb(evidence_set().write(tmp_path, (0,)))
    with pywb:
        base = pywb.base_url
        assert http_get(f"{base}/{pywb.collection}/cdx?url={PAGE}").status == 200
    assert not pywb.workdir.exists()
    with pytest.raises(OSError):
        http_get(f"{base}/", timeout=5)


def test_unindexable_warc_fails_loudly(tmp_path: Path) -> None:
    good = evidence_set().write(tmp_path / "src", (0,))[0]
    broken = tmp_path / good.name
    break_gzip_member(good, broken, record=1)
    with pytest.raises(JudgeError, match="could not index"), Pywb([broken]):
        pass


def test_needs_warcs_or_one_wacz(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Pywb([])
    with pytest.raises(ValueError):
        Pywb([tmp_path / "a.warc.gz"], wacz=tmp_path / "a.wacz")
