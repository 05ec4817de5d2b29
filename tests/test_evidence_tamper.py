"""Tamper tests from the issue: each one found by ``archiver verify`` with the right exit
code and a message naming the file and record; the first three by ``wacz validate`` too."""

from __future__ import annotations

import base64
import json
import shutil
import struct
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from evidence_capture import copy_run, sample_capture, warc_of
from evidence_package import Packaged, packaged
from evidence_tamper import edit_line, flip_body_byte
from judges.wacz import VALID_TEXT, wacz_validate
from judges.wacz_tamper import edit_json, rewrite_wacz

from archiver.cli.exitcodes import EXIT_CANNOT_CHECK, EXIT_OK, EXIT_TAMPERED
from archiver.cli.main import main
from archiver.evidence import signing

pytestmark = pytest.mark.slow
PAGE_SUFFIX = "trump-ontmoet-poetin~b2f5c7e1/"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory, sample_server: Any) -> Iterator[Packaged]:
    run_dir = sample_capture(tmp_path_factory, sample_server)
    with packaged(run_dir, tmp_path_factory.mktemp("tamper")) as made:
        yield made


def verify(capsys: pytest.CaptureFixture[str], path: Path, pkg: Packaged,
           *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", str(path), "--public-key", str(pkg.pub), "--tsa-ca",
                 str(pkg.tsa_ca), "--no-log", *extra])
    return code, capsys.readouterr().out


def fail_lines(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if line.startswith("FAIL"))


def test_untouched_package_verifies(pkg: Packaged, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify(capsys, pkg.wacz, pkg)
    assert code == EXIT_OK, out
    assert "VERIFIED" in out


def _warc_member(pkg: Packaged) -> str:
    return f"archive/{warc_of(pkg.run_dir).name}"


@pytest.mark.judge
@pytest.mark.parametrize("rehash", [False, True], ids=["as-is", "manifest-rehashed"])
def test_byte_flipped_in_a_warc_body(pkg: Packaged, tmp_path: Path, rehash: bool,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    member = _warc_member(pkg)
    holder: dict[str, str] = {}

    def flip(data: bytes) -> bytes:
        new, holder["id"] = flip_body_byte(data, tmp_path / "w.warc.gz", PAGE_SUFFIX)
        return new

    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz", edit={member: flip}, rehash=rehash)
    code, out = verify(capsys, bad, pkg)
    fails = fail_lines(out)
    assert code == EXIT_TAMPERED, out
    assert f"{member}: record at offset" in fails and holder["id"] in fails
    assert "block digest mismatch" in fails and PAGE_SUFFIX in fails
    if rehash:   # the manifest agrees with the edit: the signature and timestamp do not
        assert "signature" in fails and "timestamp" in fails
    else:
        assert f"{member}: sha256 is" in fails
        validated = wacz_validate(bad)
        assert validated.returncode != 0 and VALID_TEXT not in validated.stdout


@pytest.mark.judge
def test_entries_line_edited(pkg: Packaged, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    with zipfile.ZipFile(pkg.wacz) as zf:
        member = next(n for n in zf.namelist() if n.startswith("entries/"))
        third = json.loads(zf.read(member).split(b"\n")[2])
    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz", edit={
        member: lambda d: edit_line(d, 3, b'"title":"', b'"title":"Edited: ')})
    code, out = verify(capsys, bad, pkg)
    fails = fail_lines(out)
    assert code == EXIT_TAMPERED, out
    assert f"{member} line 3 (entry_id {third['entry_id']!r})" in fails
    assert f"{member}: sha256 is" in fails
    assert wacz_validate(bad).returncode != 0


@pytest.mark.judge
def test_datapackage_edited(pkg: Packaged, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    def retitle(package: dict[str, object]) -> None:
        package["title"] = "Something else entirely"
    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz",
                       edit={"datapackage.json": edit_json(retitle)})
    code, out = verify(capsys, bad, pkg)
    assert code == EXIT_TAMPERED, out
    assert "datapackage-digest.json: says datapackage.json is" in fail_lines(out)
    assert "datapackage.json was edited" in fail_lines(out)
    assert wacz_validate(bad).returncode != 0


def _member_data_at(wacz: bytes, info: zipfile.ZipInfo) -> int:
    """Where a member's data starts: after its local header, whose extra field need not be
    the central directory's."""
    name_len, extra_len = struct.unpack("<HH", wacz[info.header_offset + 26:
                                                     info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


@pytest.mark.parametrize("kind", ["stored", "deflated"])
def test_a_byte_changed_in_the_zip_file_itself(pkg: Packaged, tmp_path: Path, kind: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A byte changed in the package file as it lies on disk (damage, a careless edit), not
    rewritten as a ZIP: the ZIP's own CRC (or its deflate stream) no longer holds. The
    verdict is tampered, with the member named, not a crash."""
    with zipfile.ZipFile(pkg.wacz) as zf:
        info = next(i for i in zf.infolist() if i.file_size > 1000 and
                    (i.compress_type == zipfile.ZIP_STORED) == (kind == "stored"))
    data = bytearray(pkg.wacz.read_bytes())
    data[_member_data_at(bytes(data), info) + info.compress_size // 2] ^= 0x20
    bad = tmp_path / "bad.wacz"
    bad.write_bytes(bytes(data))
    code, out = verify(capsys, bad, pkg)
    assert code == EXIT_TAMPERED, out
    assert f"bad.wacz!{info.filename}: " in fail_lines(out)


def _resign(pkg: Packaged, tmp_path: Path, keep_public_key: bool) -> Path:
    signing.generate_keypair(tmp_path / "other.key", tmp_path / "other.pub")
    other = signing.load_private_key(tmp_path / "other.key")

    def swap(doc: dict[str, Any]) -> None:
        signed = doc["signedData"]
        forged = signing.sign_hash(other, signed["hash"], signed["created"], signed["software"])
        signed["signature"] = forged["signature"]
        if not keep_public_key:
            signed["publicKey"] = forged["publicKey"]
    return rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz",
                        edit={"datapackage-digest.json": edit_json(swap)})


def test_signature_from_another_key(pkg: Packaged, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    forged = _resign(pkg, tmp_path, keep_public_key=False)
    code, out = verify(capsys, forged, pkg)
    assert code == EXIT_TAMPERED, out
    assert "datapackage-digest.json: signature: signed by key" in fail_lines(out)
    assert "not by the expected key" in fail_lines(out)
    # Without the published key the forgery is self-consistent: the fingerprint tells.
    capsys.readouterr()
    assert main(["verify", str(forged), "--no-log"]) in (EXIT_OK, EXIT_CANNOT_CHECK)
    assert signing.fingerprint(signing.load_public_key(pkg.pub)) not in capsys.readouterr().out


def test_signature_swapped_under_the_same_public_key(pkg: Packaged, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    forged = _resign(pkg, tmp_path, keep_public_key=True)
    code, out = verify(capsys, forged, pkg)
    assert code == EXIT_TAMPERED and "does not verify" in fail_lines(out)


def test_pages_removed(pkg: Packaged, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz", drop=("pages/pages.jsonl",))
    code, out = verify(capsys, bad, pkg)
    assert code == EXIT_TAMPERED, out
    assert "pages/pages.jsonl: listed in datapackage.json but missing" in fail_lines(out)


def test_timestamp_swapped_for_one_over_other_data(pkg: Packaged, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    other = pkg.tsa.stamp_file(b"another package altogether")

    def swap(doc: dict[str, Any]) -> None:
        doc["timestamp"]["token"] = base64.b64encode(other).decode()
    bad = rewrite_wacz(pkg.wacz, tmp_path / "bad.wacz",
                       edit={"datapackage-digest.json": edit_json(swap)})
    code, out = verify(capsys, bad, pkg)
    assert code == EXIT_TAMPERED, out
    assert "datapackage-digest.json: timestamp: the token is over other data" in fail_lines(out)


# -- the capture directory ------------------------------------------------------------------

@pytest.fixture
def run_copy(pkg: Packaged, tmp_path: Path) -> Path:
    return copy_run(pkg.run_dir, tmp_path / "run")


def test_untouched_capture_verifies(run_copy: Path, pkg: Packaged,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify(capsys, run_copy, pkg)
    assert code == EXIT_OK, out


def test_capture_warc_body_flipped(run_copy: Path, pkg: Packaged, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    warc = warc_of(run_copy)
    new, record_id = flip_body_byte(warc.read_bytes(), tmp_path / "w.warc.gz", PAGE_SUFFIX)
    warc.write_bytes(new)
    code, out = verify(capsys, run_copy, pkg)
    fails = fail_lines(out)
    assert code == EXIT_TAMPERED, out
    assert f"warc/{warc.name}: record at offset" in fails and record_id in fails
    assert f"warc/{warc.name}: sha256" in fails and "SHA256SUMS" in fails


def test_capture_entries_line_edited(run_copy: Path, pkg: Packaged,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = run_copy / "entries.jsonl"
    path.write_bytes(edit_line(path.read_bytes(), 2, b'"title":"', b'"title":"X'))
    code, out = verify(capsys, run_copy, pkg)
    assert code == EXIT_TAMPERED, out
    assert "entries.jsonl line 2 (entry_id" in fail_lines(out)


@pytest.mark.parametrize("change", ["no-sums", "custody-line-removed",
                                    "custody-last-line-misshapen"])
def test_capture_bookkeeping(run_copy: Path, pkg: Packaged, change: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    actions: dict[str, Callable[[], None]] = {
        "no-sums": lambda: (run_copy / "SHA256SUMS").unlink(),
        "custody-line-removed": lambda: _drop_first_custody_line(run_copy),
        "custody-last-line-misshapen": lambda: _misshape_last_custody_line(run_copy),
    }
    actions[change]()
    code, out = verify(capsys, run_copy, pkg)
    expected = EXIT_CANNOT_CHECK if change == "no-sums" else EXIT_TAMPERED
    assert code == expected, out


def _drop_first_custody_line(run_dir: Path) -> None:
    from archiver.evidence.custody import append
    log = run_dir / "custody.jsonl"
    append(log, "verify", {})
    lines = log.read_bytes().split(b"\n")
    log.write_bytes(b"\n".join(lines[1:]))


def _misshape_last_custody_line(run_dir: Path) -> None:
    """The last line has no successor to carry its hash: edit it into another shape."""
    log = run_dir / "custody.jsonl"
    lines = log.read_bytes().rstrip(b"\n").split(b"\n")
    last = json.loads(lines[-1])
    last["seq"], last["files"] = "last", sorted(last["files"])
    log.write_bytes(b"\n".join([*lines[:-1], json.dumps(last).encode()]) + b"\n")


@pytest.mark.judge
def test_the_shared_capture_was_not_touched(pkg: Packaged) -> None:
    assert shutil.which("sha256sum")
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=pkg.run_dir,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
