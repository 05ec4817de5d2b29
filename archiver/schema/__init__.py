"""The published JSON Schemas (entry-1.0.schema.json) and a loader for them."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

ENTRY_SCHEMA_VERSION = "1.0"
ENTRY_SCHEMA_FILE = f"entry-{ENTRY_SCHEMA_VERSION}.schema.json"


@functools.lru_cache(maxsize=4)
def load_schema(name: str = ENTRY_SCHEMA_FILE) -> dict[str, Any]:
    """A bundled schema as a dict (validate with ``jsonschema.Draft202012Validator``)."""
    text = (resources.files("archiver.schema") / name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
