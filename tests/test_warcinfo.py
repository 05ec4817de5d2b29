"""The warcinfo fields: who, with what, how; the host's clock state."""

from __future__ import annotations

import hashlib

from archiver.warc.warcinfo import WarcinfoContext, clock_sync_status, config_digest


def test_fields_name_software_versions_and_conventions() -> None:
    ctx = WarcinfoContext(operator="Jane", user_agent="UA/1", browser="Chromium 150.0.1",
                          config={"a": 1})
    fields = dict(ctx.fields())
    for key in ("software", "format", "conformsTo", "operator", "hostname", "ip",
                "http-header-user-agent", "robots", "archiver-capture-mode",
                "digest-algorithm", "body-decoding", "archiver-config-sha256",
                "archiver-clock-sync"):
        assert fields.get(key), key
    assert fields["format"] == "WARC File Format 1.1"
    for name in ("liveblog-archiver/", "warcio/", "Scrapy/", "scrapy-playwright/",
                 "Playwright/", "Chromium/150.0.1"):
        assert name in fields["software"]
    assert fields["archiver-config-sha256"] == config_digest({"a": 1}) == \
        "sha256:" + hashlib.sha256(b'{"a":1}').hexdigest()
    raw = dict(WarcinfoContext(operator="J", user_agent="UA", mode="raw").fields())
    assert "Playwright" not in raw["software"] and raw["archiver-capture-mode"] == "raw"


def test_clock_sync_is_stated_on_one_line() -> None:
    state = clock_sync_status()
    assert state.split(" ")[0] in ("synchronized", "not", "unknown")
    assert "\n" not in state
