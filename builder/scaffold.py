"""`new`: a page with one example of each item kind, from templates/scaffold/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from builder.diagnostics import codes
from builder.jinja import environment
from builder.model import Page
from builder.reader import read_page, read_paths
from builder.reader.ids import slugify
from builder.source_text import TODO, format_page


class Scaffolded(NamedTuple):
    path: Path
    todos: int  # header lines the author still has to fill in (`Subject: TODO`, ...)


class Heading(NamedTuple):
    subject: str
    field: str | None


def scaffold(title: str, into: Path, templates: Path, *, subject: str | None = None,
             field: str | None = None) -> Scaffolded:
    """Write ``into/<slug>.txt``; raise FileExistsError rather than overwrite.

    Without ``subject``, the subject is the one of the pages already in ``into`` that the
    title names (`Sharded checkpoints in PyTorch` beside pages on PyTorch), with their
    field; failing that, `TODO`, which `check` reports at its line."""
    slug = slugify(title)
    target = into / f"{slug}.txt"
    if target.exists():
        raise FileExistsError(target)
    known = _known_subjects(into)
    if subject is None:
        heading = named_subject(title, known) or Heading(TODO, None)
    else:
        heading = Heading(subject, _usual_field(known.get(subject.casefold())))
    env = environment(templates / "scaffold", markup=False, trim=False,
                      keep_trailing_newline=True)
    # Source text is not markup: nothing to escape, but the values must stay one line.
    values = {k: " ".join(v.split()) for k, v in {
        "title": title, "subject": heading.subject,
        "field": field or heading.field or TODO}.items()}
    text = env.get_template("page.txt.j2").render(**values)
    page, diags = read_page(text.encode(), target.as_posix(), slug)
    assert page is not None and all(d.has(codes.TODO) for d in diags), [d.text() for d in diags]
    into.mkdir(parents=True, exist_ok=True)
    # Written back through the formatter so every example carries a pinned `Id:`.
    target.write_text(format_page(page, todos=False, slug=slug), encoding="utf-8")
    return Scaffolded(target, len(diags))


Known = dict[str, tuple[str, Counter[str | None]]]  # casefolded subject: as written, fields


def _known_subjects(into: Path) -> Known:
    if not into.is_dir():
        return {}
    pages, _ = read_paths([into])
    return subjects_of(pages)


def subjects_of(pages: list[Page]) -> Known:
    known: Known = {}
    for page in pages:
        if page.subject and page.subject != TODO:
            _, fields = known.setdefault(page.subject.casefold(), (page.subject, Counter()))
            fields[page.field if page.field != TODO else None] += 1
    return known


def named_subject(title: str, known: Known) -> Heading | None:
    """The longest known subject the title names as a word of its own, with its field."""
    named = [entry for key, entry in known.items()
             if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", title.casefold())]
    if not named:
        return None
    subject, fields = max(named, key=lambda entry: len(entry[0]))
    return Heading(subject, _usual_field((subject, fields)))


def _usual_field(entry: tuple[str, Counter[str | None]] | None) -> str | None:
    if entry is None:
        return None
    return entry[1].most_common(1)[0][0]
