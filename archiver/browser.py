"""Finding, installing and launching Chromium: discovery order, install fallbacks, launch flags."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ENV_VAR = "ARCHIVER_CHROMIUM"
SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Flags that keep a headless Chromium quiet on a closed network and deterministic for capture.
# Background networking, component updates and sync reach Google hosts on every start.
BASE_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
)

INSTALL_HELP = (
    "No Chromium browser was found and none could be installed. Install one of:\n"
    "  - as root on Debian/Ubuntu: apt-get install -y chromium\n"
    "  - anywhere with internet: python -m playwright install chromium\n"
    "or point ARCHIVER_CHROMIUM (or the ARCHIVER_CHROMIUM setting) at a Chromium executable."
)


class BrowserNotFound(RuntimeError):
    """No usable Chromium: the message says exactly what to install."""


@dataclass(frozen=True)
class BrowserChoice:
    """A Chromium executable and where it was found (``setting``, ``env``, ``playwright``,
    ``system``)."""

    path: str
    source: str


def _is_executable(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.is_file() and os.access(p, os.X_OK)


def playwright_browsers_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    custom = env.get("PLAYWRIGHT_BROWSERS_PATH")
    if custom and custom != "0":
        return Path(custom)
    return Path.home() / ".cache" / "ms-playwright"


def _playwright_chromium_revision() -> str | None:
    """The Chromium revision the installed Playwright driver expects (from its browsers.json)."""
    try:
        import playwright
    except ImportError:
        return None
    browsers_json = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        data = json.loads(browsers_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for browser in data.get("browsers", []):
        if browser.get("name") == "chromium":
            revision = browser.get("revision")
            return str(revision) if revision else None
    return None


def find_playwright_chromium(env: Mapping[str, str] | None = None) -> str | None:
    """Playwright's own downloaded Chromium, if ``playwright install chromium`` has run."""
    base = playwright_browsers_dir(env)
    revision = _playwright_chromium_revision()
    patterns = [f"chromium-{revision}/*/chrome"] if revision else []
    patterns.append("chromium-*/*/chrome")
    for pattern in patterns:
        for candidate in sorted(base.glob(pattern), reverse=True):
            if _is_executable(candidate):
                return str(candidate)
    return None


def find_system_chromium(which: Callable[[str], str | None] = shutil.which) -> str | None:
    for name in SYSTEM_CANDIDATES:
        found = which(name)
        if found and _is_executable(found):
            return found
    for path in SYSTEM_PATHS:
        if _is_executable(path):
            return path
    return None


def find_chromium(
    explicit: str | None = None,
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> BrowserChoice | None:
    """Discovery order: explicit setting, ``ARCHIVER_CHROMIUM``, Playwright's own browser,
    a system Chromium. An explicit path that does not exist is an error, not a fallthrough."""
    env = os.environ if env is None else env
    if explicit:
        if not _is_executable(explicit):
            raise BrowserNotFound(f"ARCHIVER_CHROMIUM setting points at {explicit!r}, "
                                  "which is not an executable file.")
        return BrowserChoice(explicit, "setting")
    from_env = env.get(ENV_VAR)
    if from_env:
        if not _is_executable(from_env):
            raise BrowserNotFound(f"{ENV_VAR}={from_env!r} is not an executable file.")
        return BrowserChoice(from_env, "env")
    own = find_playwright_chromium(env)
    if own:
        return BrowserChoice(own, "playwright")
    system = find_system_chromium(which)
    if system:
        return BrowserChoice(system, "system")
    return None


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def is_debian_like() -> bool:
    return shutil.which("apt-get") is not None


Runner = Callable[[Sequence[str]], int]


def _run(cmd: Sequence[str]) -> int:
    logger.info("running: %s", " ".join(cmd))
    try:
        return subprocess.call(list(cmd))
    except OSError as exc:
        logger.warning("could not run %s: %s", cmd[0], exc)
        return 127


def install_commands(root: bool, debian: bool) -> list[list[str]]:
    """What the set-up tries, in order, when no browser is found."""
    commands: list[list[str]] = []
    if root and debian:
        env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
        commands.append([*env_prefix, "apt-get", "install", "-y", "--no-install-recommends",
                         "chromium"])
        # A fresh machine may have empty package lists: update once and retry.
        commands.append(["sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get update && "
                         "DEBIAN_FRONTEND=noninteractive apt-get install -y "
                         "--no-install-recommends chromium"])
    commands.append([sys.executable, "-m", "playwright", "install", "chromium"])
    return commands


def ensure_chromium(
    explicit: str | None = None,
    run: Runner = _run,
    find: Callable[[], BrowserChoice | None] | None = None,
    root: bool | None = None,
    debian: bool | None = None,
) -> BrowserChoice:
    """Find a Chromium, installing one if none is found; raise :class:`BrowserNotFound`
    with install instructions if every attempt fails."""
    finder = find or (lambda: find_chromium(explicit))
    choice = finder()
    if choice:
        return choice
    root = is_root() if root is None else root
    debian = is_debian_like() if debian is None else debian
    for cmd in install_commands(root, debian):
        if run(cmd) == 0:
            choice = finder()
            if choice:
                return choice
    raise BrowserNotFound(INSTALL_HELP)


def needs_no_sandbox() -> bool:
    """Chromium's sandbox cannot run as root; elsewhere keep it unless told otherwise."""
    return is_root() or os.environ.get("ARCHIVER_CHROMIUM_NO_SANDBOX", "") not in ("", "0")


def launch_options(executable: str, headless: bool = True,
                   extra_args: Sequence[str] = ()) -> dict[str, Any]:
    """Playwright ``launch()`` keyword arguments: the one place launch flags are chosen."""
    return {
        "executable_path": executable,
        "headless": headless,
        "args": [*BASE_ARGS, *extra_args],
        # Playwright adds --no-sandbox itself when chromium_sandbox is False.
        "chromium_sandbox": not needs_no_sandbox(),
    }


def browser_version(executable: str) -> str | None:
    """``Chromium 150.0.7871.100 …`` as the executable reports it (no browser launch)."""
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True,
                             timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = out.stdout.strip().splitlines()
    return text[0].strip() if text else None
