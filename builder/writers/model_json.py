"""The model itself as JSON, valid against the schema shipped in the package."""

from __future__ import annotations

from builder.schema import dump_tree

from .base import BuildContext, Writer


class ModelWriter(Writer):
    name = "model"
    description = "the parsed model as JSON (builder/schema/model.schema.json)"
    order = 0

    def write(self, ctx: BuildContext) -> list[str]:
        ctx.path("model.json").write_text(dump_tree(ctx.tree), encoding="utf-8")
        return ["model.json"]


WRITER = ModelWriter
