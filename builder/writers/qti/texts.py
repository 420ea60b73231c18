"""The sentences and labels a learner reads in a QTI package, from ``templates/qti``.

Templates autoescape; HTML that is already made (and safe) goes in as ``Markup``,
source text through the ``text`` filter.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from builder.jinja import environment

from .fragments import text

FOLDER = "qti"


class Labels(NamedTuple):
    """QTI 2.1's labels, as plain text (lxml escapes them in the attributes)."""

    show_hint: str
    answer: str
    explanation: str
    hint: str


class Texts:
    def __init__(self, templates: Path) -> None:
        self._env = environment(templates / FOLDER, filters=(("text", text),))

    def render(self, name: str, **values: object) -> str:
        return self._env.get_template(name).render(**values)

    def labels(self) -> Labels:
        macros = self._env.get_template("labels.j2").module
        return Labels(*(Markup(getattr(macros, name)()).unescape() for name in Labels._fields))
