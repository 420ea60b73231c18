"""The field values of the answer kinds' notes (issue 16), in their note types' order.

A cloze passage becomes Anki's own cloze markup, ``{{c1::answer::hint}}``, one cloze
number per blank. Anki finds that markup in the field's HTML as text (rslib's
``cloze.rs``: ``{{c<n>::`` opens, ``}}`` closes, the first ``::`` inside starts the
hint), so braces and ``::`` in what we put there are written as character references,
which the card shows unchanged and Anki's tokenizer never sees.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from builder.jinja import environment
from builder.model import Cloze, Matching, Numeric, Pair, ShortAnswer, TrueFalse, number_text
from builder.render.rendered import RenderedPage

from .note_types import FOLDER

Values = tuple[str, ...]


class AnswerFields:
    """Field HTML of the answer kinds: rendered Markdown, sentences through templates."""

    def __init__(self, templates: Path, rendered: RenderedPage) -> None:
        self.rendered = rendered
        env = environment(templates / FOLDER / "fields")
        self._truth = env.get_template("truth.html.j2")
        self._number = env.get_template("number.html.j2")
        self._accepted = env.get_template("accepted.html.j2")

    def truefalse(self, item: TrueFalse) -> Values:
        return (self._block(item.statement), self._truth.render(truth=item.truth).strip(),
                self._block(item.explanation), item.id)

    def numeric(self, item: Numeric) -> Values:
        units = Markup(self.rendered.inline(item.units)) if item.units else None
        answer = self._number.render(
            written_as=item.written_as, answer=number_text(item.answer),
            tolerance=number_text(item.tolerance) if item.tolerance else None,
            low=number_text(item.low), high=number_text(item.high), units=units).strip()
        return (self._block(item.question), answer, self._block(item.explanation), item.id)

    def short(self, item: ShortAnswer) -> Values:
        """The first accepted answer is the one Anki compares the typed text with."""
        accepted = [Markup(self.rendered.inline(a)) for a in item.accepted]
        key = self._accepted.render(accepted=accepted,
                                    case_sensitive=item.case_sensitive).strip()
        return (self._block(item.question), str(accepted[0]), key,
                self._block(item.explanation), item.id)

    def cloze(self, item: Cloze) -> Values:
        pieces = [_outside(p) for p in self.rendered.cloze(item)]
        text = [pieces[0]]
        for number, (blank, after) in enumerate(zip(item.blanks, pieces[1:], strict=True), 1):
            answer = _answer(self.rendered.inline(blank.answer))
            hint = f"::{_inside(self.rendered.inline(blank.hint))}" if blank.hint else ""
            text += [f"{{{{c{number:d}::{answer}{hint}}}}}", after]
        return ("".join(text), self._block(item.explanation), item.id)

    def pair(self, item: Matching, pair: Pair) -> Values:
        inline = self.rendered.inline
        return (inline(pair.left), inline(pair.right), self._block(item.question),
                self._block(item.explanation), item.id)

    def _block(self, text: str | None) -> str:
        return self.rendered.block(text) if text else ""


def _outside(html: str) -> str:
    """Passage HTML between blanks: a ``{{`` there could open a cloze of its own."""
    return html.replace("{{", "{&#123;")


def _inside(html: str) -> str:
    """A blank's hint: no brace may open or close a cloze, no ``::`` start a hint."""
    return html.replace("{", "&#123;").replace("}", "&#125;").replace("::", ":&#58;")


def _answer(html: str) -> str:
    """A blank's answer, as a hint is; a last ``:`` would join the hint's ``::``."""
    safe = _inside(html)
    return safe[:-1] + "&#58;" if safe.endswith(":") else safe
