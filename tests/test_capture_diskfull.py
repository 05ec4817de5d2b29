"""The disk fills up in the middle of a capture: a clear error, a meaningful exit code, and
every record written before stays valid (the process file-size limit stands in for a full
disk: the write fails the same way, with the same rollback)."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
from pathlib import Path

import pytest
from capturing import REPO, archiver_cmd
from judges.warcio_cli import warcio_check, warcio_index

pytestmark = pytest.mark.slow

LIMIT = 40_000


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_full_disk_during_a_raw_capture(tmp_path: Path, sample_server: object) -> None:
    from archiver.sample.assets import image_names

    run_dir = tmp_path / "run"
    base = sample_server.base_url  # type: ignore[attr-defined]
    urls = [f"{base}/images/{name}" for name in image_names()]  # PNGs: they do not compress
    out = subprocess.run(
        archiver_cmd("capture", *urls, "--no-render", "-o", str(run_dir), "--json",
                     "--concurrency", "1"),
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
        preexec_fn=_limit_file_size)
    assert out.returncode == 5, out.stderr[-2000:]
    assert "could not write" in out.stderr
    summary = json.loads(out.stdout)
    assert "could not write" in summary["fatal_error"]
    warcs = sorted((run_dir / "warc").glob("*.warc.gz"))
    assert warcs and not list((run_dir / "warc").glob("*.open"))
    assert warcio_check(warcs).returncode == 0
    kept = [r for r in warcio_index(warcs, "warc-type") if r["warc-type"] == "response"]
    assert 0 < len(kept) < len(urls)
