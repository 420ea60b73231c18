"""The shipped JSON Schema is the model's own, and the model exports valid against it."""

from __future__ import annotations

import json

import pytest

from builder.model import Tree
from builder.pipeline import check
from builder.schema import dump_tree, generate, schema_errors, shipped

from .conftest import FIXTURES, SAMPLE, SEEDS


def test_shipped_schema_is_up_to_date() -> None:
    assert shipped() == generate(), "run `python -m builder.schema` to regenerate it"


@pytest.mark.parametrize("root", [SAMPLE, FIXTURES / "reader", SEEDS],
                         ids=["sample", "reader-fixtures", "seeds"])
def test_exported_model_is_valid_and_round_trips(root: object) -> None:
    from pathlib import Path

    assert isinstance(root, Path)
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    tree = check([root]).tree
    assert tree.pages
    document = json.loads(dump_tree(tree))
    assert schema_errors(document) == []
    assert Tree.model_validate(document) == tree


@pytest.mark.parametrize("corrupt", ["bad-id", "extra-field", "no-span", "bad-kind",
                                     "bad-letter"])
def test_schema_rejects_what_the_model_rejects(corrupt: str) -> None:
    tree = check([SAMPLE]).tree
    document = json.loads(dump_tree(tree))
    assert schema_errors(document) == []
    items = document["pages"][0]["items"]
    flashcard, choice = items[0], items[2]
    if corrupt == "bad-id":
        flashcard["id"] = "Not An Id"
    elif corrupt == "extra-field":
        flashcard["surprise"] = True
    elif corrupt == "no-span":
        del flashcard["span"]
    elif corrupt == "bad-kind":
        flashcard["kind"] = "poem"
    else:
        choice["options"][0]["letter"] = "AA"
    assert schema_errors(document)
