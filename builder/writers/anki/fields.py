"""Each note's field values, in the order of its note type's fields.

Markdown comes rendered (builder.render.rendered); lists and sentences go through
templates/anki/fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

from builder.jinja import environment
from builder.model import (
    Challenge,
    Flashcard,
    MultipleChoice,
    OpenPrompt,
    Option,
    minutes_seconds,
)
from builder.render.rendered import RenderedPage

from .note_types import FOLDER

Values = tuple[str, ...]


class OptionView(NamedTuple):
    """An option as the field templates see it (``opt.letter`` or ``opt["letter"]``).

    Not a dict: Jinja looks ``opt.letter`` up as an attribute first, and on a dict that
    raises and catches an AttributeError every time, a third of these templates' cost.
    """

    letter: str
    correct: bool
    html: Markup
    feedback: Markup | None


class Fields:
    """Field HTML: the page's rendered Markdown, lists through templates/anki/fields."""

    def __init__(self, templates: Path, rendered: RenderedPage) -> None:
        self.rendered = rendered
        env = environment(templates / FOLDER / "fields")
        self._options = env.get_template("options.html.j2")
        self._key = env.get_template("key.html.j2")
        self._concepts = env.get_template("concepts.html.j2")
        self._instruction = env.get_template("instruction.html.j2")
        self._attempts = env.get_template("attempts.html.j2")
        self._no_answer = env.get_template("no-answer.html.j2").render().strip()
        self._instructions: dict[tuple[bool, bool], str] = {}  # one of three sentences

    def flashcard(self, item: Flashcard) -> Values:
        block = self._block
        return (block(item.question), block(item.answer), _plain(item.difficulty), item.id)

    def options_lost(self, item: MultipleChoice) -> Values:
        """A question without its options, as a flashcard: its explanation the back."""
        return (self._block(item.question), self._block(item.explanation) or self._no_answer,
                "", item.id)

    def choice(self, item: MultipleChoice) -> Values:
        return (self._block(item.question),
                *self._choices(item.id, item.options, item.multiple),
                self._block(item.explanation), self._instruction_for(item), item.id)

    def open(self, item: OpenPrompt) -> Values:
        return (self._block(item.prompt), self._block(item.hint),
                self._concepts_for(item.concepts, item.concept_count),
                _plain(item.concept_count), item.id)

    def challenge(self, item: Challenge) -> Values:
        rendered, block = self.rendered, self._block
        code = rendered.code(item.code.text, item.code.language) if item.code else ""
        attempts = None
        if item.attempts is not None:
            attempts = Markup(self._attempts.render(count=item.attempts).strip())
        limit = minutes_seconds(item.time_limit_s) if item.time_limit_s else None
        return (rendered.inline(item.title), block(item.body), code,
                *self._choices(item.id, item.options, item.multiple), block(item.explanation),
                block(item.hint), _plain(_category(item)), _plain(item.difficulty),
                _plain(limit), _plain(attempts), item.id)

    def option_html(self, opt: Option) -> Markup:
        if opt.is_output:
            return Markup(self.rendered.output(opt.output_lines))
        return Markup(self.rendered.inline(opt.text))

    def _option_values(self, options: tuple[Option, ...]) -> list[OptionView]:
        return [OptionView(o.letter, o.correct, self.option_html(o),
                           Markup(self.rendered.block(o.feedback)) if o.feedback else None)
                for o in options]

    def _choices(self, note: str, options: tuple[Option, ...],
                 multiple: bool) -> tuple[str, str]:
        """The front's options and the back's key, from one rendering of each option."""
        if not options:
            return "", ""
        values = self._option_values(options)
        right = [o.letter for o in options if o.correct]
        return (self._options.render(note=note, multiple=multiple, options=values).strip(),
                self._key.render(note=note, multiple=multiple, right=right,
                                 options=values).strip())

    def _instruction_for(self, item: MultipleChoice) -> str:
        key = (item.multiple, item.says_pick_all)
        if key not in self._instructions:
            self._instructions[key] = self._instruction.render(
                multiple=key[0], stated=key[1]).strip()
        return self._instructions[key]

    def _concepts_for(self, concepts: tuple[str, ...], count: int | None) -> str:
        return self._concepts.render(
            count=count, concepts=[Markup(self.rendered.inline(c)) for c in concepts]).strip()

    def _block(self, text: str | None) -> str:
        return self.rendered.block(text) if text else ""


def _plain(text: object) -> str:
    return str(escape(text)) if text is not None else ""


def _category(item: Challenge) -> str:
    """The badge shows the category's emoji, as the sheets do (tags keep the bare name)."""
    return f"{item.category_icon} {item.category}" if item.category_icon else item.category
