"""pywb as a replay judge: a throw-away collection, `wayback` on 127.0.0.1, its log and answers."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from types import TracebackType

from .runner import JudgeError, free_port, run_ok, tail
from .venvs import PYWB, judge_program

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
# Lines pywb's manager logs when it could not index or add something.
INDEX_FAILURES = ("Error while indexing", "Invalid archives weren't added",
                  "does not contain any warc files", "does not contain any indices")
# pywb's access log: 127.0.0.1 - - [date] "GET /path HTTP/1.1" 200 1234 0.01
ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) ')


@dataclass(frozen=True)
class HttpReply:
    """One answer from pywb, read without following redirects."""

    status: int
    headers: Message
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 60.0) -> HttpReply:
    """GET without redirects or proxies; 4xx/5xx are answers, not exceptions."""
    try:
        with _opener.open(url, timeout=timeout) as resp:
            return HttpReply(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return HttpReply(exc.code, exc.headers, exc.read())


class Pywb:
    """A pywb 2.10 collection of the given WARCs (or one WACZ) served by `wayback`.

    Use as a context manager; the server stops on exit, also when the test failed.
    """

    def __init__(self, warcs: Sequence[Path] = (), *, wacz: Path | None = None,
                 collection: str = "judge", workdir: Path | None = None,
                 startup_timeout: float = 120.0) -> None:
        if bool(warcs) == (wacz is not None):
            raise ValueError("give WARC files or one WACZ, not both or neither")
        self.warcs = [Path(w).resolve() for w in warcs]
        self.wacz = wacz.resolve() if wacz else None
        self.collection = collection
        self._own_dir = workdir is None
        self.workdir = Path(tempfile.mkdtemp(prefix="pywb-judge-")) if workdir is None else workdir
        self.startup_timeout = startup_timeout
        self.port = 0
        self.index_log = ""
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path = self.workdir / "wayback.log"

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Pywb:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _manager(self, *args: str | Path) -> str:
        result = run_ok([judge_program(PYWB, "wb-manager"), *args], cwd=self.workdir,
                        what=f"wb-manager {args[0]}")
        return (result.stdout + result.stderr).decode("utf-8", "replace")

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._manager("init", self.collection)
        if self.wacz is not None:
            added = self._manager("add", "--unpack-wacz", self.collection, self.wacz)
        else:
            added = self._manager("add", self.collection, *self.warcs)
        self.index_log = added
        failures = [line for line in added.splitlines() if any(f in line for f in INDEX_FAILURES)]
        if failures:
            raise JudgeError("wb-manager add could not index the archive(s):\n" + tail(added, 60))
        wayback = judge_program(PYWB, "wayback")
        for _attempt in range(3):  # the free port can be taken before wayback binds it
            self.port = free_port(HOST)
            with self._log_path.open("ab") as log:
                # -b: pywb binds 0.0.0.0 unless told otherwise.
                self._proc = subprocess.Popen(
                    [str(wayback), "-b", HOST, "-p", str(self.port), "-d", str(self.workdir)],
                    cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL)
            if self._wait_ready():
                return
            self._terminate()
            if "Address already in use" not in self.log_text():
                break
        raise JudgeError(f"wayback did not start on port {self.port}; its log:\n"
                         f"{tail(self.log_text(), 60)}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        probe = f"{self.base_url}/{self.collection}/cdx?url=about:blank&limit=1"
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            try:
                if http_get(probe, timeout=5).status < 500:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)

    def stop(self) -> None:
        self._terminate()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def replay_url(self, url: str, ts: str, mod: str = "mp_") -> str:
        """``/COLL/<ts><mod>/<url>``: ``mp_`` unframed page, ``id_`` original bytes."""
        return f"{self.base_url}/{self.collection}/{ts}{mod}/{url}"

    def get(self, url: str, ts: str, mod: str = "id_") -> HttpReply:
        return http_get(self.replay_url(url, ts, mod))

    def cdx(self, url: str, **params: str) -> list[dict[str, str]]:
        """pywb's own index lookup (`/COLL/cdx?url=...&output=json`), one dict per capture."""
        query = urllib.parse.urlencode({"url": url, "output": "json", **params})
        reply = http_get(f"{self.base_url}/{self.collection}/cdx?{query}")
        if reply.status != 200:
            raise JudgeError(f"pywb cdx lookup for {url} answered {reply.status}: "
                             f"{reply.body[:500]!r}")
        return [{str(k): str(v) for k, v in json.loads(line).items()}
                for line in reply.body.decode("utf-8").splitlines() if line.strip()]

    def log_text(self) -> str:
        """Everything `wayback` printed so far (access log and errors)."""
        try:
            return self._log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def errors_for_collection(self) -> list[str]:
        """Access-log lines for this collection answered 404 or 5xx (checklist 27).

        pywb's front end asks its own index server (``/COLL/resource/postreq``) before it
        answers; those internal lines repeat the visible answer and are left out.
        """
        prefix = f"/{self.collection}/"
        internal = f"/{self.collection}/resource/postreq"
        bad: list[str] = []
        for line in self.log_text().splitlines():
            match = ACCESS_LINE.search(line)
            if not match or not match["path"].startswith(prefix) \
                    or match["path"].startswith(internal):
                continue
            status = int(match["status"])
            if status == 404 or status >= 500:
                bad.append(line)
        return bad
