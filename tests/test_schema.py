"""Every expected and every extracted entry line validates against entry-1.0.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from archiver.extract import entry_to_json_line, extract_entries
from archiver.extract.evaluate import load_snapshot
from archiver.extract.model import ENTRY_KEYS
from archiver.schema import ENTRY_SCHEMA_FILE, load_schema

FIXTURES = Path(__file__).parent / "fixtures" / "liveblogs"
DIRS = sorted(p for p in FIXTURES.iterdir() if (p / "meta.json").is_file())


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_file_is_versioned_and_lists_the_contract_keys() -> None:
    schema = load_schema()
    assert ENTRY_SCHEMA_FILE == "entry-1.0.schema.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tuple(schema["properties"]) == ENTRY_KEYS
    assert schema["required"] == list(ENTRY_KEYS)


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_expected_lines_validate(directory: Path,
                                 validator: jsonschema.Draft202012Validator) -> None:
    lines = (directory / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        entry = json.loads(line)
        validator.validate(entry)
        assert tuple(entry) == ENTRY_KEYS


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_extracted_lines_validate(directory: Path,
                                  validator: jsonschema.Draft202012Validator) -> None:
    for entry in extract_entries(load_snapshot(directory)).entries:
        validator.validate(json.loads(entry_to_json_line(entry)))


def _valid_entry() -> dict[str, Any]:
    line = (FIXTURES / "hashed-classes" / "expected.jsonl").read_text(encoding="utf-8")
    entry: dict[str, Any] = json.loads(line.splitlines()[0])
    return entry


@pytest.mark.parametrize("mutate", [
    lambda e: e.update(published_at="2018-07-16T17:42:00"),          # bare local time
    lambda e: e.update(time_source="guess"),
    lambda e: e.update(position=0),
    lambda e: e["embeds"].append({"type": "twitter", "id": None, "url": None,
                                  "status": "loading", "author_name": None,
                                  "author_handle": None, "text": None, "created_at": None}),
    lambda e: e.pop("change"),
    lambda e: e.update(extra=1),
    lambda e: e.update(content_sha256="abc"),
    lambda e: e.update(captured_at="2023-11-13T12:00:00+00:00"),
    lambda e: e["liveblog"].update(url="not a url"),
])
def test_invalid_entries_are_rejected(mutate: Any,
                                      validator: jsonschema.Draft202012Validator) -> None:
    entry = _valid_entry()
    validator.validate(entry)
    mutate(entry)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(entry)
