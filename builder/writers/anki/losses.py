"""What the answer kinds' notes cannot carry, said once per build (not once per item)."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, codes, note

from ..base import Units
from .parts import Parts


def loss_notes(units: Units) -> list[Diagnostic]:
    found: dict[str, list[str]] = {}
    for unit in units:
        parts: Parts = unit.parts
        for item_id, what in parts.losses:
            found.setdefault(what, []).append(item_id)
    report = []
    if "distractors" in found:
        ids = found["distractors"]
        report.append(note(
            codes.ANKI_DISTRACTORS, None,
            f"Anki cloze and matching cards offer no choices: the distractors of "
            f"{len(ids)} item(s) are not on their cards ({_some(ids)})",
            "nothing to fix; see docs/outputs/anki.md#answer-kinds"))
    if "typed" in found:
        ids = found["typed"]
        report.append(note(
            codes.ANKI_TYPED_ANSWER, None,
            f"Anki checks a typed answer letter for letter against one text: {len(ids)} "
            f"short-answer item(s) accept other answers or any case ({_some(ids)}), which "
            "their cards list on the back for the learner to judge",
            "nothing to fix; see docs/outputs/anki.md#answer-kinds"))
    return report


def _some(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
