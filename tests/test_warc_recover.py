"""Recovering a .open file left by a killed writer: complete records kept, the rest set aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_warc_writer import exchange, files_in, read_back

from archiver.cli.main import main
from archiver.warc.builders import build_request, build_response
from archiver.warc.recover import recover, scan


def _open_file_with_records(tmp_path: Path, n: int) -> Path:
    wf = files_in(tmp_path)
    for i in range(n):
        ex = exchange(body=bytes(i % 256 for i in range(5000 + i)),
                      url=f"http://127.0.0.1:8000/{i}")
        resp = build_response(ex, wf.new_id)
        wf.write([build_request(ex, resp, wf.new_id), resp])
    [path] = tmp_path.glob("*.open")
    # Left as a killed process leaves it: the descriptor goes away, nothing is renamed.
    assert wf._current is not None
    wf._current.handle.close()
    return path


def test_recover_cuts_a_half_written_record(tmp_path: Path) -> None:
    path = _open_file_with_records(tmp_path, 4)
    complete = path.stat().st_size
    with path.open("ab") as fh:  # the start of a gzip member that never finished
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x55" * 300)
    records, good, reason = scan(path)
    assert (records, good) == (9, complete) and reason
    report = recover(path)
    assert report.records == 9 and report.cut_bytes == 310
    assert report.output.name == path.name.removesuffix(".open")
    assert report.cut_file is not None and report.cut_file.stat().st_size == 310
    assert not path.exists()
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(report.output)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert [r[0] for r in read_back(report.output)].count("response") == 4


def test_recover_cli_on_a_clean_file(tmp_path: Path, capsys: object) -> None:
    path = _open_file_with_records(tmp_path, 2)
    assert main(["recover", str(path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "kept 5 complete records" in out and "nothing was cut" in out


def test_recover_cli_missing_file(tmp_path: Path) -> None:
    assert main(["recover", str(tmp_path / "nope.warc.gz.open")]) == 1


def test_scan_names_why_a_whole_member_is_not_a_whole_record(tmp_path: Path) -> None:
    import gzip

    path = _open_file_with_records(tmp_path, 1)
    complete = path.stat().st_size
    record = (b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 100\r\n\r\n" + b"x" * 100
              + b"\r\n\r\n")
    size = len(record)
    cases = [(record[:-30], f"record holds {size - 30} of {size} bytes"),
             (record[:-1] + b"!", f"record holds {size} of {size} bytes"),
             (record.replace(b"Content-Length: 100", b"Content-Length: ten"),
              "bad Content-Length"),
             (record.replace(b"Content-Length: 100", b"X: y"), "no Content-Length"),
             (b"HTTP/1.1 200 OK\r\n\r\n", "no WARC header")]
    for data, reason in cases:
        with path.open("r+b") as fh:
            fh.truncate(complete)
            fh.seek(complete)
            fh.write(gzip.compress(data))
        assert scan(path) == (3, complete, reason)
