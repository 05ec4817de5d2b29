"""ARCHIVER_* settings parse once into a frozen config, with defaults and cross-checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from archiver.config import ArchiverConfig, ConfigError


def test_defaults() -> None:
    config = ArchiverConfig.from_settings(Settings())
    assert config.render is True and config.robots_obey is False
    assert config.warc_max_size == 1_000_000_000
    assert config.output_root == Path("output")
    assert "liveblog-archiver/" in config.user_agent_token


def test_values_are_converted() -> None:
    config = ArchiverConfig.from_settings(Settings({
        "ARCHIVER_RENDER": "false", "ARCHIVER_WARC_MAX_SIZE": "5000",
        "ARCHIVER_EMBED_TIMEOUT": "2.5", "ARCHIVER_OUTPUT_ROOT": "/tmp/x",
        "ARCHIVER_CONTACT": "archive@example.org"}))
    assert config.render is False and config.warc_max_size == 5000
    assert config.embed_timeout == 2.5 and config.output_root == Path("/tmp/x")
    assert config.user_agent_token.endswith("; archive@example.org)")


@pytest.mark.parametrize(("name", "value", "message"), [
    ("ARCHIVER_WARC_MAX_SIZE", "0", "must be > 0"),
    ("ARCHIVER_RENDER", "maybe", "cannot use"),
    ("ARCHIVER_EMBED_TIMEOUT", "soon", "cannot use"),
    ("ARCHIVER_NETWORK_QUIET", "60", "must not exceed"),
])
def test_bad_values_name_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as err:
        ArchiverConfig.from_settings(Settings({name: value}))
    assert name in str(err.value) or "NETWORK" in str(err.value)


def test_frozen() -> None:
    config = ArchiverConfig()
    with pytest.raises(AttributeError):
        config.render = False  # type: ignore[misc]
