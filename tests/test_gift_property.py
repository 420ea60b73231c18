"""Hostile text in every field of every item kind survives GIFT, as gift-pegjs reads it.

"Same text" is the HTML the writer meant for each field (Markdown rendered once by
builder.render, then composed), compared with what the parser gives back after
unescaping; a wrong or missing escape changes that text, breaks an option list or
the question, and fails. Source text that rendering keeps verbatim (code, printed
output) is also checked against the model directly, so an escape that the writer and
the parser both got wrong in the same way still fails.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.model import (
    Blank,
    Challenge,
    Cloze,
    CodeBlock,
    Flashcard,
    Matching,
    MultipleChoice,
    Numeric,
    OpenPrompt,
    Option,
    Page,
    Pair,
    ShortAnswer,
    Span,
    Tree,
    TrueFalse,
)
from builder.writers.gift import ALL_FILE
from builder.writers.gift import text as gift_text
from tests.conftest import TEMPLATES, build_model
from tests.gift_parser import Parser, round_trip_problems

pytestmark = pytest.mark.consumer

SPAN = Span(file="hostile.txt", start=1, end=1)
PIECES = [*"~=#{}:\\[]%<>&\"'/*_`$|-!()^. \t\n", "a", "Z", "0", "é", "ß", "中", "😀",
          "👩‍💻", "\u00a0", "\u200b", "\u2028", "&&058;", "&amp;", "\\n", "\\\\", "::", "####",
          "//", "[html]", "[plain]", "$CATEGORY:", "%50%", "%-100%", "\r\n", "\r", "\n\n",
          "{=a ~b}", "<script>x</script>", "```\ncode\n```", "\\(x\\)"]
_piece_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
# Every field has something visible, as the reader guarantees.
text = st.tuples(_piece_text, st.sampled_from(["a", "Z", "7", "é", "😀"]), _piece_text).map(
    "".join)
tag = st.text(alphabet=st.sampled_from(list("az09_-:={}#~%é😀")), min_size=1, max_size=6)
deck = st.lists(text, min_size=1, max_size=3).map("::".join).filter(
    lambda d: not re.fullmatch(r"\s*\$[a-z]+\$\s*", d.split("::")[0]))


@st.composite
def options(draw: st.DrawFn, multiple: bool, output: bool = False) -> tuple[Option, ...]:
    count = draw(st.integers(2, 6))
    right = draw(st.sets(st.integers(0, count - 1), min_size=1,
                         max_size=count if multiple else 1))
    return tuple(
        Option(letter="ABCDEF"[i], text=draw(text), correct=i in right,
               feedback=draw(st.none() | text), is_output=output, span=SPAN)
        for i in range(count))


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    n = iter(range(100))

    def ident() -> str:
        return f"item-{next(n)}"

    multiple = draw(st.booleans())
    items = [
        Flashcard(id=ident(), id_explicit=True, tags=tuple(draw(st.lists(tag, max_size=3))),
                  span=SPAN, difficulty=draw(st.none() | st.just("expert")),
                  question=draw(text), answer=draw(text)),
        MultipleChoice(id=ident(), id_explicit=True, span=SPAN, question=draw(text),
                       options=draw(options(multiple)), multiple=multiple,
                       explanation=draw(st.none() | text), options_lost=False),
        MultipleChoice(id=ident(), id_explicit=False, span=SPAN, question=draw(text),
                       options=(), multiple=False, explanation=draw(text), options_lost=True),
        OpenPrompt(id=ident(), id_explicit=True, span=SPAN, prompt=draw(text),
                   hint=draw(st.none() | text), concept_count=draw(st.none() | st.integers(1, 5)),
                   concepts=tuple(draw(st.lists(text, max_size=4)))),
        Challenge(id=ident(), id_explicit=True, span=SPAN, category=draw(text),
                  category_icon=draw(st.none() | st.just("🧠")),
                  difficulty=draw(st.none() | st.just("advanced")),
                  time_limit_s=draw(st.none() | st.integers(1, 600)),
                  attempts=draw(st.none() | st.integers(1, 3)), title=draw(text),
                  body=draw(text),
                  code=draw(st.none() | st.builds(CodeBlock, label=st.just("Python"),
                                                  language=st.sampled_from(["python", ""]),
                                                  text=text, span=st.just(SPAN))),
                  options=draw(options(multiple, output=draw(st.booleans()))),
                  multiple=multiple, explanation=draw(st.none() | text),
                  hint=draw(st.none() | text)),
    ]
    page = Page(path="hostile/page.txt", slug="hostile-page", deck=draw(deck),
                tags=tuple(draw(st.lists(tag, max_size=2))), items=tuple(items), span=SPAN)
    return Tree(root="hostile", pages=(page,))


# A passage is one line of text around its blanks (a fence or code span around a blank
# is the render stage's to cut, reported to it).
# gift-pegjs also reads a `[html]` after the braces as a format (Moodle keeps it as text,
# proved on Moodle's importer).
_passage_piece = st.lists(st.sampled_from([p for p in PIECES if not set(p) & set("\r\n`")
                                           and not p.startswith("[")]),
                          max_size=8).map("".join)
# gift-pegjs 1.0.2 reads no exponent (`1e-05`), which Moodle's import does (is_numeric):
# those are proved on Moodle's importer (tests/test_consumer_moodle_kinds.py).
NUMBERS = st.sampled_from([0.0, 1.0, 40.0, 0.5, 512.0, -3.0, 0.25, 123.456])


@st.composite
def answer_trees(draw: st.DrawFn) -> Tree:
    """The answer kinds, hostile text in every field (a cloze passage's pieces too)."""
    n = iter(range(100))

    def ident() -> str:
        return f"kind-{next(n)}"

    low, high = sorted((draw(NUMBERS), draw(NUMBERS)))
    answer, tolerance = draw(NUMBERS), abs(draw(NUMBERS))
    ranged = draw(st.booleans())
    blanks = draw(st.integers(1, 3))
    items = [
        TrueFalse(id=ident(), id_explicit=True, span=SPAN, statement=draw(text),
                  truth=draw(st.booleans()), explanation=draw(st.none() | text)),
        Numeric(id=ident(), id_explicit=True, span=SPAN, question=draw(text),
                written_as="range" if ranged else "tolerance",
                answer=(low + high) / 2 if ranged else answer,
                tolerance=(high - low) / 2 if ranged else tolerance,
                low=low if ranged else answer - tolerance,
                high=high if ranged else answer + tolerance,
                units=draw(st.none() | text), explanation=draw(st.none() | text)),
        ShortAnswer(id=ident(), id_explicit=True, span=SPAN, question=draw(text),
                    accepted=tuple(draw(st.lists(text, min_size=1, max_size=3))),
                    case_sensitive=draw(st.booleans()), explanation=draw(st.none() | text)),
        Cloze(id=ident(), id_explicit=True, span=SPAN,
              text=tuple(draw(st.lists(_passage_piece, min_size=blanks + 1,
                                       max_size=blanks + 1))),
              blanks=tuple(Blank(answer=draw(text), hint=draw(st.none() | text), span=SPAN)
                           for _ in range(blanks)),
              distractors=tuple(draw(st.lists(text, max_size=2))) if blanks == 1 else (),
              explanation=draw(st.none() | text)),
        Matching(id=ident(), id_explicit=True, span=SPAN, question=draw(text),
                 pairs=tuple(Pair(left=draw(text), right=draw(text), span=SPAN)
                             for _ in range(3)),
                 distractors=tuple(draw(st.lists(text, max_size=2))),
                 explanation=draw(st.none() | text)),
    ]
    page = Page(path="hostile/kinds.txt", slug="hostile-kinds", deck=draw(deck),
                items=tuple(items), span=SPAN)
    return Tree(root="hostile", pages=(page,))


@pytest.fixture(scope="module")
def parser() -> Iterator[Parser]:
    p = Parser()
    yield p
    p.close()


def write_and_parse(tree: Tree, parser: Parser) -> tuple[str, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        build_model(tree, Path(tmp), ["gift"])
        text = (Path(tmp) / ALL_FILE).read_text(encoding="utf-8")
    parsed = parser.parse(text)
    problems = round_trip_problems(tree, parsed, TEMPLATES)
    if not problems:
        problems = _verbatim_problems(tree, parsed["questions"])
    return text, problems


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def _verbatim_problems(tree: Tree, questions: list[dict[str, object]]) -> list[str]:
    """Code and printed output reach the learner character for character."""
    by_name = {q["title"]: q for q in questions}
    problems = []
    for _, item in tree.items():
        if not isinstance(item, Challenge):
            continue
        q: dict[str, object] = by_name[item.id]
        stem = q["stem"]["text"]  # type: ignore[index]
        if item.code and item.code.text.replace("\r\n", "\n").replace("\r", "\n").strip("\n") \
                not in _visible(stem):
            problems.append(f"{item.id}: the code is not in the question text")
        for option, choice in zip(item.options, q["choices"], strict=True):  # type: ignore[call-overload]
            if option.is_output:
                lines = "\n".join(option.output_lines).replace("\r\n", "\n").replace("\r", "\n")
                if _visible(choice["text"]["text"]).strip() != lines.strip():
                    problems.append(f"{item.id}: output option {option.letter} changed")
    return problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_hostile_text_round_trips(tree: Tree, parser: Parser) -> None:
    text, problems = write_and_parse(tree, parser)
    assert not problems, (problems, text)
    assert "\r" not in text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=answer_trees())
def test_hostile_answer_kinds_round_trip(tree: Tree, parser: Parser) -> None:
    text, problems = write_and_parse(tree, parser)
    assert not problems, (problems, text)
    assert "\r" not in text


def _specials_tree() -> Tree:
    hostile = "a " + "".join(map(chr, gift_text._ESCAPES)) + "~=#{}: b"
    options = (
        Option(letter="A", text=f"x {hostile}", correct=True, feedback=hostile, span=SPAN),
        # A blank line would end the question: only the escape keeps it in one.
        Option(letter="B", text="y: {z}\n\nw", correct=False, span=SPAN),
    )
    code = CodeBlock(label="Python", language="", text="a\n\nb \\n {c} = ~d #e :f",
                     span=SPAN)
    item = Challenge(id="c", id_explicit=True, span=SPAN, category="x", difficulty=None,
                     title=hostile, body=hostile, code=code, options=options)
    page = Page(path="p.txt", slug="p", deck="D", items=(item,), span=SPAN)
    return Tree(root=".", pages=(page,))


@pytest.mark.parametrize("unescaped", ["\\", "~", "=", "#", "{", "}", ":", "\n"])
def test_a_missing_escape_fails(unescaped: str, parser: Parser,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The round trip has teeth: leave any one character unescaped and it breaks."""
    tree = _specials_tree()
    assert write_and_parse(tree, parser)[1] == []
    table = {k: v for k, v in gift_text._ESCAPES.items() if k != ord(unescaped)}
    monkeypatch.setattr(gift_text, "_ESCAPES", table)
    assert write_and_parse(tree, parser)[1] != []
