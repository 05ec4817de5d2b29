"""The judges' own virtual environments under ``<repo>/.judges/``: pins, creation, stamps, locks."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .runner import JudgeError, describe, run, tail

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
DIR_ENV = "ARCHIVER_JUDGES_DIR"  # where the venvs live (default <repo>/.judges)
PYTHON_ENV = "ARCHIVER_JUDGE_PYTHON"  # the interpreter that builds them (default: our base one)
MIN_PYTHON = (3, 8)  # pywb 2.10.0's floor
STAMP_FORMAT = 1
INSTALL_TIMEOUT = 1200.0


class JudgeSetupError(JudgeError):
    """A judge's environment could not be built: the message names the step and the output."""


@dataclass(frozen=True)
class JudgeEnv:
    """One isolated environment: pinned requirements and smoke commands that must succeed.

    ``smoke`` holds (program in the venv's bin/, arguments, text the output must contain).
    """

    name: str
    requirements: tuple[str, ...]
    smoke: tuple[tuple[str, tuple[str, ...], str], ...] = ()


# pywb pins werkzeug, redis and pyOpenSSL exactly, so it cannot share our venv. On Python 3.11
# it needs no extra pins: gevent and brotlipy come as wheels, surt builds from its sdist with
# pip's isolated build (which fetches setuptools itself), and no runtime import needs
# pkg_resources (pyamf's use of it is guarded by a fallback), so a venv without setuptools, as
# Python >= 3.12 creates, works too. `pip check` below catches a resolver regression.
PYWB = JudgeEnv(
    name="pywb",
    requirements=("pywb==2.10.0",),
    smoke=(("wb-manager", ("--help",), "usage: wb-manager"),
           ("wayback", ("--help",), "pywb Wayback Machine Server")),
)

# warcio 1.8.0 broke cdxj-indexer and `wacz create`; 1.8.1 is the first good release.
WACZ = JudgeEnv(
    name="wacz",
    requirements=("wacz==0.6.0", "cdxj-indexer==1.5.0", "warcio>=1.8.1"),
    smoke=(("wacz", ("-V",), "WACZ File Format: 1.1.1"),
           ("cdxj-indexer", ("--help",), "usage: cdxj-indexer")),
)

_ready: dict[tuple[str, Path], Path] = {}


def judges_dir() -> Path:
    return Path(os.environ.get(DIR_ENV) or REPO / ".judges")


def base_python() -> Path:
    """The interpreter our venv was made from: a venv's own python would leak our packages'
    paths into nothing, but its base is the clean interpreter to build other venvs with."""
    chosen = os.environ.get(PYTHON_ENV)
    if chosen:
        return Path(chosen)
    base = getattr(sys, "_base_executable", None)
    if base and Path(base).is_file():
        return Path(base)
    bindir = Path(sys.base_prefix) / "bin"
    for name in (f"python{sys.version_info[0]}.{sys.version_info[1]}", "python3"):
        if (bindir / name).is_file():
            return bindir / name
    raise JudgeSetupError(f"no base Python found (sys._base_executable={base!r}, "
                          f"sys.base_prefix={sys.base_prefix!r}); set {PYTHON_ENV}")


def python_version(python: Path) -> tuple[int, int, int]:
    result = run([python, "-c", "import sys; print('%d %d %d' % sys.version_info[:3])"],
                 timeout=60)
    if result.returncode != 0:
        raise JudgeSetupError(f"cannot run the judges' Python {python}: {describe(result)}")
    major, minor, micro = (int(x) for x in result.stdout.split())
    return major, minor, micro


def _wanted_stamp(spec: JudgeEnv, python: Path) -> dict[str, object]:
    version = python_version(python)
    if version[:2] < MIN_PYTHON:
        raise JudgeSetupError(f"{python} is Python {'.'.join(map(str, version))}; the {spec.name} "
                              f"judge needs >= {'.'.join(map(str, MIN_PYTHON))} "
                              f"(set {PYTHON_ENV})")
    return {"format": STAMP_FORMAT, "requirements": list(spec.requirements),
            "python": str(python), "python_version": list(version)}


def _stamp_matches(venv: Path, wanted: dict[str, object]) -> bool:
    stamp = venv / "judge-stamp.json"
    if not (venv / "bin" / "python").exists() or not stamp.is_file():
        return False
    try:
        return bool(json.loads(stamp.read_text(encoding="utf-8")) == wanted)
    except (OSError, ValueError):
        return False


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` across processes (pytest-xdist workers, parallel runs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(spec: JudgeEnv, venv: Path, python: Path, wanted: dict[str, object]) -> None:
    started = time.monotonic()
    if venv.exists():
        logger.info("re-creating %s: its stamp does not match %s", venv, wanted)
        shutil.rmtree(venv)
    created = run([python, "-m", "venv", venv], timeout=300)
    if created.returncode != 0:
        raise JudgeSetupError(f"creating the {spec.name} judge venv at {venv} with {python} "
                              f"failed (on Debian/Ubuntu install python3-venv): "
                              f"{describe(created)}", created)
    vpy = venv / "bin" / "python"
    install = run([vpy, "-m", "pip", "install", "--no-input", "--disable-pip-version-check",
                   *spec.requirements], timeout=INSTALL_TIMEOUT)
    (venv / "judge-install.log").write_bytes(install.stdout + install.stderr)
    if install.returncode != 0:
        raise JudgeSetupError(
            f"pip could not install {' '.join(spec.requirements)} into the {spec.name} judge venv "
            f"{venv} (Python {python}); full log in {venv / 'judge-install.log'}:\n"
            f"{tail(install.stdout + install.stderr, 30)}", install)
    checked = run([vpy, "-m", "pip", "check"], timeout=300)
    if checked.returncode != 0:  # checklist item 40
        raise JudgeSetupError(f"`pip check` fails in the {spec.name} judge venv {venv}: "
                              f"{describe(checked)}", checked)
    for program, args, expected in spec.smoke:
        smoke = run([venv / "bin" / program, *args], timeout=300)
        text = (smoke.stdout + smoke.stderr).decode("utf-8", "replace")
        if smoke.returncode != 0 or expected not in text:
            raise JudgeSetupError(f"{spec.name} judge installed but `{program} {' '.join(args)}` "
                                  f"does not work (wanted {expected!r}): {describe(smoke)}", smoke)
    # The stamp goes last: an interrupted build has none and is rebuilt next time.
    tmp = venv / "judge-stamp.json.tmp"
    tmp.write_text(json.dumps(wanted, indent=1), encoding="utf-8")
    tmp.replace(venv / "judge-stamp.json")
    logger.info("built %s judge venv in %.0fs", spec.name, time.monotonic() - started)


def ensure_env(spec: JudgeEnv, root: Path | None = None, python: Path | None = None) -> Path:
    """The judge's venv directory, built on first use and re-built when its pins change."""
    root = judges_dir() if root is None else root
    key = (spec.name, root)
    if key in _ready and python is None:
        return _ready[key]
    python = base_python() if python is None else python
    venv = root / spec.name
    wanted = _wanted_stamp(spec, python)
    if not _stamp_matches(venv, wanted):
        with _locked(root / f".{spec.name}.lock"):
            # Another process may have built it while this one waited for the lock.
            if not _stamp_matches(venv, wanted):
                _build(spec, venv, python, wanted)
    _ready[key] = venv
    return venv


def judge_program(spec: JudgeEnv, program: str, root: Path | None = None) -> Path:
    """The path of ``program`` inside the judge's venv (building the venv if needed)."""
    path = ensure_env(spec, root) / "bin" / program
    if not path.is_file():
        raise JudgeSetupError(f"{spec.name} judge venv has no {program} ({path})")
    return path
