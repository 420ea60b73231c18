"""The JSON Schema of the model, generated from ``builder.model`` and shipped as a file."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from builder.model import Tree

SCHEMA_FILE = "model.schema.json"
SCHEMA_ID = "https://study-builder.invalid/schema/model-v1.json"


def generate() -> dict[str, Any]:
    schema = Tree.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema}


@cache
def shipped() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def dump_tree(tree: Tree) -> str:
    return json.dumps(tree.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def schema_errors(document: object) -> list[str]:
    """Every way ``document`` breaks the shipped schema, as ``path: message`` lines."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(shipped())
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.path))]


def write_shipped() -> str:
    """Regenerate the shipped file (``python -m builder.schema``)."""
    from pathlib import Path

    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(json.dumps(generate(), indent=2) + "\n", encoding="utf-8")
    return str(target)
