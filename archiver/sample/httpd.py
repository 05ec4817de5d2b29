"""The threaded HTTP server under SampleServer: tracks connections and threads so that stopping
releases held and idle keep-alive connections, and keeps client disconnects off stderr."""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any

from archiver.sample.accesslog import AccessLog
from archiver.sample.handler import SampleRequestHandler
from archiver.sample.site import SampleSite

logger = logging.getLogger(__name__)


class SampleHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Threads are tracked here and joined with a timeout in stop(): one stuck handler must
    # not hang the caller.
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: SampleSite, access_log: AccessLog,
                 *, ipv6: bool = False) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.site = site
        self.access_log = access_log
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._handler_threads: list[threading.Thread] = []
        super().__init__(address, SampleRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look up the host's FQDN (a DNS query); not needed here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address), daemon=True,
                                  name=f"sample-http-{client_address[1]}")
        with self._lock:
            self._handler_threads = [t for t in self._handler_threads if t.is_alive()]
            self._handler_threads.append(thread)
        thread.start()

    def track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def release_all(self, timeout: float = 5.0) -> None:
        """Wake held requests, cut idle keep-alive connections, wait for handler threads."""
        self.stopping.set()
        with self._lock:
            connections, threads = list(self._connections), list(self._handler_threads)
        for connection in connections:
            with contextlib.suppress(OSError):    # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                logger.warning("sample server: handler thread %s did not stop", thread.name)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            logger.debug("client %s went away: %s", client_address, exc)
        else:
            logger.error("error while serving %s", client_address, exc_info=True)
