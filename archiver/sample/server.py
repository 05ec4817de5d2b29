"""SampleServer: the bundled sample liveblog served on 127.0.0.1 (news site) and localhost
(embed platform) from one background thread; static or live."""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Collection
from types import TracebackType

from archiver.sample.accesslog import AccessLog, AccessLogEntry
from archiver.sample.clock import LiveClock, SpeedClock
from archiver.sample.httpd import SampleHTTPServer
from archiver.sample.live import LiveFeed, load_script
from archiver.sample.site import EMBED_HOSTNAME, SampleSite

logger = logging.getLogger(__name__)

DEFAULT_SPEED = 60.0


class PortInUseError(OSError):
    """The port is taken: ``port 8000 on 127.0.0.1 is already in use``."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(errno.EADDRINUSE, f"port {port} on {host} is already in use")
        self.host, self.port = host, port

    def __str__(self) -> str:
        return str(self.strerror)


class SampleServer:
    """The sample liveblog on a real HTTP/1.1 server.

    Static by default (the finished liveblog). ``live=True`` plays the live script: with
    ``clock`` (e.g. :class:`~archiver.sample.clock.ManualClock`) the caller moves time; without
    it a real clock runs ``speed`` liveblog seconds per wall second from ``start()``.
    ``hang_tweets``: tweet ids whose JSON endpoint never answers (held until ``stop()``).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, live: bool = False,
                 speed: float = DEFAULT_SPEED, clock: LiveClock | None = None,
                 hang_tweets: Collection[str] = (), poll_interval: float = 10.0) -> None:
        if clock is not None and not live:
            raise ValueError("clock= drives the live mode: pass live=True as well")
        if not speed > 0 or not poll_interval > 0:
            raise ValueError("speed and poll_interval must be positive")
        self.host, self.port = host, port
        self.speed = speed
        self._own_clock = live and clock is None
        self.live = LiveFeed(load_script(), clock if clock is not None
                             else SpeedClock(speed) if live else None)
        self.site = SampleSite(self.live, poll_interval=poll_interval, hang_tweets=hang_tweets,
                               default_host=self._netloc(port))
        self._log = AccessLog()
        self._httpd: SampleHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Bind and serve in a background thread; PortInUseError if the port is taken."""
        if self._httpd is not None:
            raise RuntimeError("the sample server is already running")
        try:
            httpd = SampleHTTPServer((self.host, self.port), self.site, self._log,
                                     ipv6=":" in self.host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(self.host, self.port) from None
            raise
        self.port = int(httpd.server_address[1])
        self.site.default_host = self._netloc(self.port)
        if self._own_clock:
            self.live.clock = SpeedClock(self.speed)     # the script starts now
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name=f"sample-server-{self.port}", daemon=True)
        self._thread.start()
        logger.info("sample liveblog at %s (%s)", self.liveblog_url,
                    "live" if self.live.live else "static")

    def stop(self) -> None:
        """Stop serving; held requests and idle keep-alive connections are released."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._httpd = self._thread = None
        httpd.shutdown()
        httpd.release_all()
        httpd.server_close()
        if thread is not None:
            thread.join(5)

    def __enter__(self) -> SampleServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    # --- addresses ------------------------------------------------------------------------

    def _netloc(self, port: int) -> str:
        # The news site must not be called "localhost": that name is the embed platform.
        host = self.host
        if host in ("", "0.0.0.0", EMBED_HOSTNAME):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def _require_port(self) -> int:
        if self.port == 0:
            raise RuntimeError("the sample server has no port yet: call start() first")
        return self.port

    @property
    def base_url(self) -> str:
        return f"http://{self._netloc(self._require_port())}"

    @property
    def embed_base_url(self) -> str:
        return f"http://{EMBED_HOSTNAME}:{self._require_port()}"

    @property
    def liveblog_url(self) -> str:
        return self.base_url + self.site.blog.path

    # --- access log -----------------------------------------------------------------------

    @property
    def access_log(self) -> list[AccessLogEntry]:
        """A copy of the log, oldest first."""
        return self._log.entries()

    def clear_log(self) -> None:
        self._log.clear()
