"""The model itself as JSON, valid against the schema shipped in the package."""

from __future__ import annotations

import json

from builder.model import Page
from builder.render.rendered import RenderedPage

from .base import Linked, Output, PageUnit, Settings, Units, Writer

FILE = "model.json"


def page_json(page: Page) -> str:
    """``json.dumps(page.model_dump(mode="json"), indent=1, ensure_ascii=False)``, from
    pydantic's serialiser, which writes the same text ten times faster (a test holds
    them equal); a string JSON cannot hold (a lone surrogate) takes the slow road."""
    try:
        return page.model_dump_json(indent=1)
    except ValueError:
        return json.dumps(page.model_dump(mode="json"), indent=1, ensure_ascii=False)


class ModelWriter(Writer):
    name = "model"
    description = "the parsed model as JSON (builder/schema/model.schema.json)"
    renders = False

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        # Indented as it sits in the tree (two levels down), so link only joins: the
        # result is byte for byte builder.schema.dump_tree of the whole tree.
        return PageUnit(page.slug, parts=page_json(page).replace("\n", "\n  "))

    def link(self, units: Units, out: Output) -> Linked:
        root = json.dumps(out.settings.tree_root, ensure_ascii=False)
        with out.path(FILE).open("w", encoding="utf-8") as fh:
            fh.write(f'{{\n "schema_version": 1,\n "root": {root},\n "pages": [')
            for n, unit in enumerate(units):
                fh.write(("," if n else "") + "\n  " + unit.parts)
            fh.write("\n ]\n}\n" if len(units) else "]\n}\n")
        return Linked([FILE], [])

