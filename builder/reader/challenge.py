"""The ``Challenge - N Problems`` section: a badge block, then timed problems.

A problem starts at a category line that is followed by a difficulty line and a timer
line (``2:00remaining``). Options are the run of lines lettered A, B, C... that ends
just before ``Attempts:`` (or the hint), found by walking backwards, so that code lines
beginning with ``A`` or ``B`` are never taken for options.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from builder.diagnostics import codes, error, warning
from builder.model import Badge, Challenge, CodeBlock, Item, Span, challenge_identity

from . import markers as mk
from .annotations import Annotations, apply_line, is_item_annotation, is_item_line, near_key
from .code import language_of
from .items import build_options, item_id, letter_of, reject_keys, rising, span_of
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
        ctx.diags.append(warning(codes.BADGE_INCOMPLETE, span_of(ctx.path, lines[0]),
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

    tail_at = _first(texts, _ends_content)
    content = rest[: len(rest) if tail_at is None else tail_at]
    # A misspelt item line between the options and `Attempts:` is no option either.
    while content and (content[-1].blank or near_key(content[-1].text) is not None):
        content = content[:-1]
    n_opts = _options_before(content)
    option_lines = content[len(content) - n_opts:]
    head = content[: len(content) - n_opts]
    first = next((i for i, ln in enumerate(head) if not ln.blank), None)
    if first is None:
        ctx.diags.append(error(codes.CHALLENGE_INCOMPLETE, span_of(ctx.path, cat_line, seg[-1]),
                               "problem has no title", "write its title after the timer line"))
        return None
    title = head[first].text
    ctx.short[head[first].no] = "title"
    ctx.short.update((line.no, "option") for line in option_lines)
    body, code = _body_and_code(head[first + 1:], ctx)

    tail = _tail(rest[len(content):], ctx)
    notes = tail.notes
    reject_keys(notes, ctx.diags, "a challenge problem", concepts=True)
    if n_opts == 0:
        ctx.diags.append(error(
            codes.OPTIONS_MISSING, span_of(ctx.path, cat_line),
            f"challenge {title!r} has no options lettered A, B, C...",
            "write the options just before `Attempts:`, one per line, starting A, B, ..."))
    options = build_options(option_lines, notes, ctx.path, ctx.diags, is_output=code is not None)
    ident, explicit = item_id(notes, ctx.slug, challenge_identity(title, body), ctx.diags)
    end_line = max(seg[-1].no, tail.last.no if tail.last else seg[-1].no)
    return Challenge(
        id=ident, id_explicit=explicit, id_span=notes.id_span if explicit else None,
        tags=tuple(notes.tags), allow=tuple(notes.allow),
        span=Span(file=ctx.path, start=cat_line.no, end=end_line),
        category=category, category_icon=icon, difficulty=diff_line.text.lower(),
        time_limit_s=int(timer[1]) * 60 + int(timer[2]), attempts=tail.attempts,
        title=title, body=body, code=code, options=options, multiple=notes.answer_multiple,
        explanation=notes.explanation, hint=tail.hint, key_span=notes.answer_span,
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
    """Length of the lettered run A.. that ends the content, read backwards.

    The letters must rise from A; a gap (A, B, D) still makes a run, reported by
    ``build_options`` at its line."""
    n = 0
    for ln in reversed(content):
        m = mk.OPTION.match(ln.text)
        if not m or ln.blank:
            break
        n += 1
        if m["letter"] == "A":
            break
    # Check the run reads A, B, C... in order; otherwise there are no options here.
    return n if rising([letter_of(ln) for ln in content[len(content) - n:]]) else 0


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


def _ends_content(text: str) -> bool:
    """`Attempts:`, `💡 Hint` or an item line: the title, body, code and options are
    above it."""
    return bool(mk.ATTEMPTS.match(text) or mk.HINT.match(text) or is_item_annotation(text))


class _Tail(NamedTuple):
    attempts: int | None
    hint: str | None
    notes: Annotations
    last: Line | None  # the last line read, if any


def _tail(lines: list[Line], ctx: Context) -> _Tail:
    """Everything after the options: `Attempts:` (and `N left`), `💡 Hint` and its text,
    and the item lines, which may come anywhere among them."""
    notes = Annotations()
    attempts: int | None = None
    hint: str | None = None
    hinted = False
    last: Line | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        attempts_line = mk.ATTEMPTS.match(line.text)
        if attempts_line:
            attempts, i = _attempts(lines, i, attempts_line["value"].strip(), ctx)
        elif mk.HINT.match(line.text) and not hinted:
            hinted = True
            hint, i = _hint(lines, i)
        elif apply_line(notes, line, ctx.path, ctx.diags):
            i += 1
        else:
            ctx.diags.append(error(
                codes.UNRECOGNISED_LINE, span_of(ctx.path, line),
                f"unexpected line in a challenge problem: {line.text[:60]!r}",
                "after its options a problem has `Attempts:` with `N left`, `💡 Hint` and "
                "one paragraph of hint text, and item lines (`Answer:`, `Explanation:`, "
                "`Feedback X:`, `Id:`, `Tags:`)"))
            break
        last = lines[i - 1]
    return _Tail(attempts, hint, notes, last)


def _attempts(lines: list[Line], at: int, value: str, ctx: Context) -> tuple[int | None, int]:
    """The number of attempts, and where the lines after it start. Pasted pages put the
    number on the next line (`2 left`); our own pages may write `Attempts: 2`."""
    written = f"`Attempts: {value}`" if value else "`Attempts:`"
    found: tuple[int, int] | None = None
    if value:
        count = mk.ATTEMPTS_COUNT.match(value)
        if count:
            found = int(count["n"]), at + 1
    else:
        for k in range(at + 1, min(at + 3, len(lines))):
            left = mk.ATTEMPTS_LEFT.match(lines[k].text)
            if left:
                found = int(left[1]), k + 1
                written += f" … `{lines[k].text}`"
                break
            if not lines[k].blank:
                break
    if found is not None and found[0] > 0:
        return found
    what = "allows no attempt" if found is not None else (
        "is not a number of attempts" if value else
        "gives no number of attempts (and no `N left` line follows it)")
    ctx.diags.append(error(
        codes.BAD_ATTEMPTS, span_of(ctx.path, lines[at]), f"{written} {what}",
        "write how many attempts a learner has, e.g. `Attempts: 2 left` (or `2 left` on "
        "the next line), or delete the line"))
    return None, at + 1 if found is None else found[1]


def _hint(lines: list[Line], at: int) -> tuple[str | None, int]:
    """The hint text after `💡 Hint` (one paragraph), and where the lines after it start."""
    i = at + 1
    while i < len(lines) and lines[i].blank:
        i += 1
    hint: list[str] = []
    while i < len(lines) and not lines[i].blank and not is_item_line(lines[i].text) \
            and not mk.ATTEMPTS.match(lines[i].text):
        hint.append(lines[i].text)
        i += 1
    if not hint:
        return None, at + 1
    return "\n".join(hint), i
