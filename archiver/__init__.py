"""liveblog-archiver: evidence-grade capture of news liveblogs into WARC and JSON entries."""

from __future__ import annotations

__version__ = "0.1.0"
SOFTWARE_NAME = "liveblog-archiver"
