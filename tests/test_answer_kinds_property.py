"""Any answer-kind item the model can hold, written as source text, reads back as the
same item (what `import` and `new` rely on), and its key lines never leak into a
neighbour."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.model import (
    Blank,
    Cloze,
    Item,
    Matching,
    Numeric,
    Page,
    Pair,
    ShortAnswer,
    Span,
    TrueFalse,
)
from builder.reader import read_page
from builder.source_text import format_page

SPAN = Span(file="p.txt", start=1, end=1)
# Words only: the kinds' own punctuation (`[[`, `->`, `;`, `:`) is what the reader cuts at.
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789_", min_size=1,
               max_size=8).filter(lambda w: not w[0].isupper())
phrase = st.lists(word, min_size=1, max_size=5).map(" ".join)
question = phrase.map(lambda p: f"Why {p}?")
number = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                     allow_infinity=False).map(float)


def _common(n: int) -> dict[str, object]:
    return {"id": f"item-{n}", "id_explicit": True, "span": SPAN}


@st.composite
def numeric(draw: st.DrawFn, n: int) -> Numeric:
    a, b = sorted((draw(number), draw(number)))
    units = draw(st.none() | word)
    if draw(st.booleans()):
        return Numeric(question=draw(question), written_as="range", answer=(a + b) / 2,
                       tolerance=(b - a) / 2, low=a, high=b, units=units, **_common(n))
    tol = abs(draw(number))
    return Numeric(question=draw(question), written_as="tolerance", answer=a, tolerance=tol,
                   low=a - tol, high=a + tol, units=units, **_common(n))


@st.composite
def item(draw: st.DrawFn, n: int) -> Item:
    kind = draw(st.sampled_from(["truefalse", "numeric", "short", "cloze", "matching"]))
    if kind == "truefalse":
        return TrueFalse(statement=draw(phrase) + ".", truth=draw(st.booleans()), **_common(n))
    if kind == "numeric":
        return draw(numeric(n))
    if kind == "short":
        accepted = draw(st.lists(phrase, min_size=1, max_size=3, unique_by=str.casefold))
        return ShortAnswer(question=draw(question), accepted=tuple(accepted),
                           case_sensitive=draw(st.booleans()), **_common(n))
    if kind == "cloze":
        answers = draw(st.lists(phrase, min_size=1, max_size=3))
        text = [draw(phrase) + " " for _ in answers] + [" " + draw(phrase)]
        blanks = tuple(Blank(answer=a, hint=draw(st.none() | phrase), span=SPAN)
                       for a in answers)
        return Cloze(text=tuple(text), blanks=blanks, **_common(n))
    lefts = draw(st.lists(phrase, min_size=3, max_size=5, unique_by=str.casefold))
    rights = draw(st.lists(phrase, min_size=len(lefts), max_size=len(lefts),
                           unique_by=str.casefold))
    return Matching(question=draw(question), pairs=tuple(
        Pair(left=a, right=b, span=SPAN) for a, b in zip(lefts, rights, strict=True)),
        **_common(n))


def _essence(items: tuple[Item, ...]) -> list[dict[str, object]]:
    out = []
    for it in items:
        dumped = it.model_dump(exclude={"span", "id_span", "key_span"})
        for part in ("blanks", "pairs"):
            for entry in dumped.get(part, ()):
                entry.pop("span")
        for key in ("answer", "tolerance", "low", "high"):
            if key in dumped:  # written back with number_text: the same float
                dumped[key] = round(dumped[key], 6)
        out.append(dumped)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(), min_size=1, max_size=6).flatmap(
    lambda ns: st.tuples(*(item(n) for n in range(len(ns))))))
def test_written_back_items_read_the_same(items: tuple[Item, ...]) -> None:
    page = Page(path="p.txt", slug="p", title="P", subject="S", items=items, span=SPAN)
    text = format_page(page, todos=False)
    again, diags = read_page(text.encode(), "p.txt")
    assert again is not None and not diags, (text, [d.text() for d in diags])
    assert _essence(again.items) == _essence(items), text
