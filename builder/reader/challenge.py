"""The ``Challenge - N Problems`` section: a badge block, then timed problems.

A problem starts at a category line that is followed by a difficulty line and a timer
line (``2:00remaining``). Options are the run of lines lettered A, B, C... that ends
just before ``Attempts:`` (or the hint), found by walking backwards, so that code lines
beginning with ``A`` or ``B`` are never taken for options.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.diagnostics import error, warning
from builder.model import Badge, Challenge, CodeBlock, Item, Span

from . import markers as mk
from .annotations import is_item_annotation, read_item_annotations
from .code import language_of
from .items import build_options, item_id, reject_keys, span_of
from .lines import Line, dedent
from .recall import Context

_ICON = re.compile(r"^(?P<icon>[^\w\s]+)\s*(?P<name>\w.*)$")


def read_challenges(lines: list[Line], ctx: Context) -> tuple[Badge | None, list[Item]]:
    starts = [i for i in range(len(lines)) if _is_problem_start(lines, i)]
    badge = _badge(lines[: starts[0] if starts else len(lines)], ctx)
    items: list[Item] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        item = _problem(lines[start:end], ctx)
        if item is not None:
            items.append(item)
    return badge, items


def _is_problem_start(lines: list[Line], i: int) -> bool:
    if i + 2 >= len(lines) or lines[i].blank:
        return False
    diff = lines[i + 1].text
    return bool(mk.TIMER.match(lines[i + 2].text)) and (
        mk.is_difficulty(diff) or mk.near_difficulty(diff) is not None)


def _badge(lines: list[Line], ctx: Context) -> Badge | None:
    text = [ln for ln in lines if not ln.blank]
    if not text:
        return None
    icon: str | None = None
    if not any(ch.isalnum() for ch in text[0].text):
        icon = text[0].text
        text = text[1:]
    if not text:
        ctx.diags.append(warning("badge-incomplete", span_of(ctx.path, lines[0]),
                                 "badge block has an icon but no name",
                                 "write the badge name on the line after the icon"))
        return None
    return Badge(icon=icon, name=text[0].text, slogans=tuple(t.text for t in text[1:]),
                 span=span_of(ctx.path, lines[0], lines[-1]))


def _problem(seg: list[Line], ctx: Context) -> Item | None:
    while seg and seg[-1].blank:
        seg = seg[:-1]
    cat_line, diff_line, timer_line = seg[0], seg[1], seg[2]
    icon, category = _category(cat_line.text)
    timer = mk.TIMER.match(timer_line.text)
    assert timer is not None
    rest = seg[3:]
    texts = [ln.text for ln in rest]

    attempts_at = _first(texts, mk.ATTEMPTS.match)
    hint_at = _first(texts, mk.HINT.match)
    note_at = _first(texts, is_item_annotation)
    stop = min(i for i in (attempts_at, hint_at, note_at, len(rest)) if i is not None)

    content = [ln for ln in rest[:stop]]
    while content and content[-1].blank:
        content.pop()
    n_opts = _options_before(content)
    option_lines = content[len(content) - n_opts:]
    head = content[: len(content) - n_opts]
    first = next((i for i, ln in enumerate(head) if not ln.blank), None)
    if first is None:
        ctx.diags.append(error("challenge-incomplete", span_of(ctx.path, cat_line, seg[-1]),
                               "problem has no title", "write its title after the timer line"))
        return None
    title = head[first].text
    body, code = _body_and_code(head[first + 1:], ctx)

    attempts = _attempts(rest, attempts_at)
    hint, after_hint = _hint(rest, hint_at, stop)
    notes, nxt = read_item_annotations(rest, after_hint, ctx.path, ctx.diags)
    reject_keys(notes, ctx.diags, "a challenge problem", concepts=True)
    for ln in rest[nxt:]:
        if not ln.blank:
            ctx.diags.append(error(
                "unrecognised-line", span_of(ctx.path, ln),
                f"unexpected line in a challenge problem: {ln.text[:60]!r}",
                "problems end with `Attempts:`, `N left`, `💡 Hint`, the hint text, then "
                "optional `Answer:`/`Explanation:`/`Id:`/`Tags:` lines"))
            break
    if n_opts == 0:
        ctx.diags.append(error(
            "options-missing", span_of(ctx.path, cat_line),
            f"challenge {title!r} has no options lettered A, B, C...",
            "write the options just before `Attempts:`, one per line, starting A, B, ..."))
    options = build_options(option_lines, notes, ctx.path, ctx.diags, is_output=code is not None)
    ident, explicit = item_id(notes, ctx.slug, title + "\n" + body, ctx.diags)
    end_line = max(seg[-1].no, rest[nxt - 1].no if nxt else seg[-1].no)
    return Challenge(
        id=ident, id_explicit=explicit, tags=tuple(notes.tags), allow=tuple(notes.allow),
        span=Span(file=ctx.path, start=cat_line.no, end=end_line),
        category=category, category_icon=icon, difficulty=diff_line.text.lower(),
        time_limit_s=int(timer[1]) * 60 + int(timer[2]), attempts=attempts, title=title,
        body=body, code=code, options=options, multiple=notes.answer_multiple,
        explanation=notes.explanation, hint=hint, key_span=notes.answer_span,
    )


def _first(texts: list[str], test: Callable[[str], object]) -> int | None:
    """Index of the first text ``test`` accepts (a regex's ``match`` or a predicate)."""
    return next((i for i, t in enumerate(texts) if test(t)), None)


def _category(text: str) -> tuple[str | None, str]:
    m = _ICON.match(text)
    if m:
        return m["icon"], m["name"].strip()
    return None, text


def _options_before(content: list[Line]) -> int:
    """Length of the lettered run A.. that ends the content, read backwards."""
    n = 0
    for ln in reversed(content):
        m = mk.OPTION.match(ln.text)
        if not m or ln.blank:
            break
        n += 1
        if m["letter"] == "A":
            break
    # Check the run reads A, B, C... in order; otherwise there are no options here.
    run = content[len(content) - n:]
    letters = [mk.OPTION.match(ln.text)["letter"] for ln in run]  # type: ignore[index]
    return n if letters == [chr(ord("A") + i) for i in range(n)] else 0


def _body_and_code(lines: list[Line], ctx: Context) -> tuple[str, CodeBlock | None]:
    """Body paragraphs, then optionally a language label line and the code under it."""
    paragraphs: list[list[str]] = [[]]
    for i, ln in enumerate(lines):
        if ln.blank:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        lang = language_of(ln.text)
        if lang is not None and i + 1 < len(lines) and paragraphs[-1] == []:
            code_lines = lines[i + 1:]
            while code_lines and code_lines[-1].blank:
                code_lines = code_lines[:-1]
            while code_lines and code_lines[0].blank:
                code_lines = code_lines[1:]
            if code_lines:
                code = CodeBlock(label=ln.text, language=lang,
                                 text=dedent([c.raw for c in code_lines]),
                                 span=span_of(ctx.path, ln, code_lines[-1]))
                return _join(paragraphs), code
        paragraphs[-1].append(ln.text)
    return _join(paragraphs), None


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def _attempts(rest: list[Line], at: int | None) -> int | None:
    if at is None:
        return None
    m = mk.ATTEMPTS.match(rest[at].text)
    if m and m[1]:
        return int(m[1])
    for ln in rest[at + 1: at + 3]:
        left = mk.ATTEMPTS_LEFT.match(ln.text)
        if left:
            return int(left[1])
    return None


def _hint(rest: list[Line], at: int | None, stop: int) -> tuple[str | None, int]:
    """Hint text after `💡 Hint`, and where the lines after it start."""
    if at is None:
        after = stop
        while after < len(rest) and (rest[after].blank or mk.ATTEMPTS.match(rest[after].text)
                                     or mk.ATTEMPTS_LEFT.match(rest[after].text)):
            after += 1
        return None, after
    i = at + 1
    while i < len(rest) and rest[i].blank:
        i += 1
    hint: list[str] = []
    while i < len(rest) and not rest[i].blank and not is_item_annotation(rest[i].text):
        hint.append(rest[i].text)
        i += 1
    while i < len(rest) and rest[i].blank:
        i += 1
    return ("\n".join(hint) or None), i
