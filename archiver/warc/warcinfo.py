"""The warcinfo fields: who recorded, with what software, how, and under which conventions."""

from __future__ import annotations

import ctypes
import json
import socket
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from archiver import SOFTWARE_NAME, __version__
from archiver.warc import digests
from archiver.warc.httpblock import BODY_CONVENTION

CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
FORMAT = "WARC File Format 1.1"
PROJECT_URL = "https://github.com/liveblog-archiver/liveblog-archiver"


def package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def software_line(browser: str | None = None, mode: str = "rendered") -> str:
    parts = [f"{SOFTWARE_NAME}/{__version__} (+{PROJECT_URL})"]
    for dist, label in (("warcio", "warcio"), ("scrapy", "Scrapy"),
                        ("scrapy-playwright", "scrapy-playwright"),
                        ("playwright", "Playwright")):
        if mode == "raw" and dist in ("scrapy-playwright", "playwright"):
            continue
        found = package_version(dist)
        if found:
            parts.append(f"{label}/{found}")
    if browser and mode == "rendered":
        parts.append(browser.replace(" ", "/", 1) if "/" not in browser else browser)
    return " ".join(parts)


def local_ip() -> str | None:
    """The address this host uses to reach the network (no packet is sent)."""
    for target in ("192.0.2.1", "127.0.0.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((target, 9))
                return str(sock.getsockname()[0])
        except OSError:
            continue
    return None


def clock_sync_status() -> str:
    """Whether the host clock is NTP-synchronised at capture time (checklist H38): systemd's
    view when there is one, else the kernel's own (adjtimex), which needs no service."""
    try:
        out = subprocess.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"],
                             capture_output=True, text=True, timeout=5, check=False)
        value = out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        value = ""
    if value in ("yes", "no"):
        return {"yes": "synchronized", "no": "not synchronized"}[value] + " (timedatectl)"
    return _kernel_clock_state()


class _Timex(ctypes.Structure):
    # struct timex (linux/timex.h): modes, then 10 longs, then padding; only `status` and
    # the return value matter here.
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
                ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long),
                ("status", ctypes.c_int), ("constant", ctypes.c_long),
                ("precision", ctypes.c_long), ("tolerance", ctypes.c_long),
                ("time_sec", ctypes.c_long), ("time_usec", ctypes.c_long),
                ("tick", ctypes.c_long), ("pad", ctypes.c_byte * 256)]


def _kernel_clock_state() -> str:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        timex = _Timex()
        state = libc.adjtimex(ctypes.byref(timex))
    except (OSError, AttributeError):
        return "unknown (neither timedatectl nor adjtimex available)"
    time_error = 5   # TIME_ERROR: the kernel clock is not synchronised
    if state < 0:
        return "unknown (adjtimex failed)"
    if state == time_error:
        return "not synchronized (kernel adjtimex: TIME_ERROR)"
    return f"synchronized (kernel adjtimex state {state}, max error {timex.maxerror} us)"


def config_digest(config: Mapping[str, object]) -> str:
    blob = json.dumps(config, sort_keys=True, default=str, separators=(",", ":"))
    return digests.of_bytes(blob.encode("utf-8"))


@dataclass(frozen=True)
class WarcinfoContext:
    """What a capture knows about itself when it opens a file."""

    operator: str
    user_agent: str
    mode: str = "rendered"                  # "rendered" (browser) or "raw" (Scrapy downloader)
    browser: str | None = None              # e.g. "Chromium 150.0.7871.100"
    robots: str = "ignore"
    description: str = "Liveblog capture"
    config: Mapping[str, object] = field(default_factory=dict)
    is_part_of: str | None = None
    hostname: str = field(default_factory=socket.gethostname)

    def fields(self) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = [
            ("software", software_line(self.browser, self.mode)),
            ("format", FORMAT),
            ("conformsTo", CONFORMS_TO),
            ("operator", self.operator),
            ("hostname", self.hostname),
            ("ip", local_ip() or "unknown"),
            ("http-header-user-agent", self.user_agent),
            ("robots", self.robots),
            ("description", self.description),
            ("archiver-capture-mode", self.mode),
            ("digest-algorithm", f"{digests.ALGORITHM}, {digests.ENCODING}: "
                                          "WARC-Block-Digest and WARC-Payload-Digest on every "
                                          "record that has them"),
            ("body-decoding", BODY_CONVENTION),
            ("archiver-config-sha256", config_digest(self.config)),
            ("archiver-clock-sync", clock_sync_status()),
        ]
        if self.browser:
            items.append(("archiver-browser", self.browser))
        if self.is_part_of:
            items.append(("isPartOf", self.is_part_of))
        return items
