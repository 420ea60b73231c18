"""The code colours the outputs embed, written from Pygments' styles into committed files.

A note type's CSS is part of what Anki compares to decide whether a note type changed,
and its hash is in the committed lock. Taking Pygments' rules live would tie both to
whichever Pygments a contributor has installed; reading them from files in the package
ties them to what the project decided. Regenerate after bumping Pygments, or after
editing ``templates/code-lines.css`` (how a code line wraps, shared by both outputs and
copied first into each file), with ``python -m builder.render.styles`` and review the
diff; a test fails while the files and their sources disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from builder import resources

from .markdown import code_css

_HEADER = ("/* Written by `python -m builder.render.styles` from code-lines.css and Pygments'"
           " {styles} styles; do not edit. */\n")
LINES = "code-lines.css"


class CodeStyle(NamedTuple):
    path: str  # under the package's templates folder
    styles: str  # for the header
    body: str


def generated(templates: Path | None = None) -> tuple[CodeStyle, ...]:
    """Each committed stylesheet as the installed Pygments would write it."""
    lines = ((templates or resources.templates()) / LINES).read_text(encoding="utf-8")
    dark_screen = ("@media screen and (prefers-color-scheme: dark) {\n"
                   f"{code_css('github-dark')}\n}}\n")
    return (
        # Anki puts .nightMode on the card's ancestors when night mode is on.
        CodeStyle("anki/code.css", "default and github-dark",
                  lines + code_css("default", "github-dark", ".nightMode") + "\n"),
        # Light colours on paper and light screens, dark ones on a dark screen.
        CodeStyle("html/code.css", "default and github-dark",
                  lines + code_css("default") + "\n" + dark_screen),
    )


def text(style: CodeStyle) -> str:
    return _HEADER.format(styles=style.styles) + style.body


def write(templates: Path | None = None) -> list[Path]:
    folder = templates or resources.templates()
    written = []
    for style in generated(folder):
        target = folder / style.path
        target.write_text(text(style), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
