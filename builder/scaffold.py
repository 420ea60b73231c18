"""`new`: a page with one example of each item kind, from templates/scaffold/."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.reader import read_page
from builder.reader.ids import slugify
from builder.source_text import format_page


def scaffold(title: str, into: Path, templates: Path, *, subject: str = "PyTorch",
             field: str = "ml") -> Path:
    """Write ``into/<slug>.txt``; raise FileExistsError rather than overwrite."""
    env = Environment(loader=FileSystemLoader(templates / "scaffold"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    # Source text is not markup: nothing to escape, but the values must stay one line.
    values = {k: " ".join(v.split()) for k, v in
              {"title": title, "subject": subject, "field": field}.items()}
    text = env.get_template("page.txt.j2").render(**values)
    slug = slugify(title)
    target = into / f"{slug}.txt"
    if target.exists():
        raise FileExistsError(target)
    page, diags = read_page(text.encode(), target.as_posix(), slug)
    assert page is not None and not diags, [d.text() for d in diags]
    into.mkdir(parents=True, exist_ok=True)
    # Written back through the formatter so every example carries a pinned `Id:`.
    target.write_text(format_page(page, todos=False, slug=slug), encoding="utf-8")
    return target
