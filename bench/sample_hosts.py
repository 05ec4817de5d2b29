"""The bundled sample liveblog on several sites at once: one SampleServer per loopback address
(127.0.0.1, 127.0.0.2, ...), all on one port.

SampleServer serves one liveblog path. Several copies on one host would share the archiver's
browser context (one per host name, one page at a time), so they would not run side by side;
several hosts are several sites, as several liveblogs are. The tweet embeds on ``localhost``
reach the copy on 127.0.0.1, which serves the embed platform for all of them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from archiver.sample.server import PortInUseError, SampleServer

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def sample_hosts(count: int, tries: int = 10) -> Iterator[list[str]]:
    """The liveblog URLs of ``count`` sample sites, serving until the block ends."""
    for _ in range(tries):
        first = SampleServer(port=0)
        first.start()
        servers = [first]
        try:
            for k in range(2, count + 1):
                server = SampleServer(host=f"127.0.0.{k}", port=first.port)
                server.start()
                servers.append(server)
        except PortInUseError:
            logger.info("port %d taken on another loopback address; trying another", first.port)
            for server in servers:
                server.stop()
            continue
        try:
            yield [s.liveblog_url for s in servers]
        finally:
            for server in servers:
                server.stop()
        return
    raise RuntimeError(f"no port free on 127.0.0.1-127.0.0.{count} after {tries} tries")
