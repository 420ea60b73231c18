"""What the QTI 1.2 and QTI 2.1 writers share: one neutral question per model item.

Both formats know only two kinds of question our model needs: a choice question (one
or several right options) and an essay. So a multiple-choice question or a challenge
becomes a choice question; a flashcard, a question that lost its options and an open
prompt become essays whose model answer (the answer, the explanation or the concept
list) is the general feedback. Every text comes rendered by the build
(``builder.render.rendered``) and is placed in ``questions``; the writers only place
the HTML.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]

from builder.diagnostics import Code, Diagnostic, codes, note, warning
from builder.model import Item

Interaction = Literal["single", "multiple", "essay"]


@dataclass(frozen=True)
class Choice:
    ident: str  # NCName, stable: derived from the option letter
    letter: str
    html: str
    correct: bool
    feedback: str | None  # HTML


@dataclass(frozen=True)
class Question:
    """One item as both QTI writers mean it; every text field is safe HTML."""

    item: Item
    ident: str  # NCName, stable: derived from the item id
    title: str  # plain text
    interaction: Interaction
    body: str  # HTML (blocks)
    choices: tuple[Choice, ...] = ()
    feedback: str | None = None  # general feedback: explanation or model answer
    hint: str | None = None
    time_limit_s: int | None = None
    attempts: int | None = None
    media: tuple[str, ...] = ()  # packaged names of the images it shows

    @property
    def answer_key(self) -> list[str]:
        return [c.ident for c in self.choices if c.correct]


@dataclass
class Conversions:
    """What the writer changed to fit the format, reported once per build."""

    essays: Counter[str] = field(default_factory=Counter)
    no_key: list[str] = field(default_factory=list)
    stripped: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    # What an answer kind's item loses in the format: item ids by note code.
    lost: dict[str, list[str]] = field(default_factory=dict)

    def lose(self, code: Code, item_id: str) -> None:
        self.lost.setdefault(code.code, []).append(item_id)


def merge(into: Conversions, other: Conversions) -> None:
    into.essays.update(other.essays)
    into.no_key += other.no_key
    into.stripped += other.stripped
    into.media += other.media
    for code, ids in other.lost.items():
        into.lost.setdefault(code, []).extend(ids)


def ncname(prefix: str, raw: str) -> str:
    """``prefix-raw`` as an NCName; ids and slugs are already [a-z0-9_-], so this only
    guards against anything else by replacing it."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '_', raw)}"


def item_ident(item: Item) -> str:
    return ncname("item", item.id)


def numeric_ident(item_id: str, letter: str) -> str:
    # Canvas's own exports number their answers; a hash of id and letter keeps the
    # number stable across builds and unique within the item.
    digest = hashlib.sha256(f"{item_id}:{letter}".encode()).hexdigest()
    return str(int(digest[:7], 16) + 1000)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 XML, indented for people (a tree without mixed content: lxml's indenter
    would change whitespace that shows)."""
    etree.indent(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def report(seen: Conversions, fmt: str, report_to: list[Diagnostic],
           extra: Iterable[Diagnostic] = ()) -> None:
    """One finding per kind of change for the whole build (not one per item)."""
    label = {"qti12": "QTI 1.2", "qti21": "QTI 2.1"}[fmt]
    if seen.essays:
        what = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in sorted(seen.essays.items()))
        report_to.append(note(
            codes.named(f"{fmt}-essay"), None,
            f"{label} has no flashcard or open-prompt type: {what} became essay questions "
            "(graded by hand) with the answer, explanation or concept list as feedback",
            "nothing to fix; see docs/outputs/qti.md"))
    if seen.no_key:
        report_to.append(warning(
            codes.named(f"{fmt}-no-key"), None,
            f"{len(seen.no_key)} choice question(s) mark no correct option and were left out "
            f"of the {label} packages: {', '.join(seen.no_key[:5])}",
            "add an `Answer:` line naming the right option"))
    if seen.stripped:
        report_to.append(warning(
            codes.named(f"{fmt}-control-character"), None,
            f"characters XML 1.0 cannot hold (control characters) were removed from "
            f"{len(seen.stripped)} item(s) or page header(s): {', '.join(seen.stripped[:5])}",
            "delete the control characters from the page"))
    if seen.media:
        report_to.append(warning(
            codes.named(f"{fmt}-media"), None,
            f"{len(seen.media)} item(s) name images that cannot be packaged (outside the "
            f"source folder, missing or not an image file); the {label} packages show "
            f"their alt text instead ({', '.join(seen.media[:5])})",
            "copy the pictures into the source folder and link them with a path relative "
            "to the page (`check` names each one at its line)"))
    report_to.extend(extra)
