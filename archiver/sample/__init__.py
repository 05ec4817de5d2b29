"""The bundled sample liveblog: a faithful website version of the seed page and its server."""

from __future__ import annotations

from archiver.sample.accesslog import AccessLogEntry
from archiver.sample.clock import LiveClock, ManualClock, SpeedClock
from archiver.sample.server import PortInUseError, SampleServer

__all__ = ["AccessLogEntry", "LiveClock", "ManualClock", "PortInUseError", "SampleServer",
           "SpeedClock"]
