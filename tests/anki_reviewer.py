"""Card sides as Anki's reviewer shows them, for a browser to lay out.

Anki itself (the `anki` package) imports a package and renders each card
(``render_output``: the templates filled with the note's fields, and the note type's
CSS). The reviewer then puts the side into a page whose body has the classes ``card
card1`` and, in night mode, ``nightMode night_mode``; the page below does the same, with
the browser's default body margin (what a 390 px phone leaves is then a 366 px card).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from anki.collection import Collection

from builder.writers.anki.note_types import EVERY_NOTE_TYPE

from .anki_helpers import collection, import_package

ORIGIN = "https://anki.test"  # pages are served here, so that sessionStorage works


@dataclass(frozen=True)
class Side:
    note_type: str  # the key: flashcard, choice, open, challenge, cloze, ...
    item_id: str
    side: str  # "front" or "back"
    html: str
    css: str
    multiple: bool

    @property
    def name(self) -> str:
        return f"{self.note_type}-{self.item_id}-{self.side}"


_TYPED = re.compile(r"\[\[type:(.+?)\]\]")
# What Anki's desktop reviewer puts for ``[[type:Field]]`` (aqt/reviewer.py,
# typeAnsQuestionFilter) on the front, before anything is typed.
_TYPE_BOX = """
<center>
<input type=text id=typeans onkeypress="_typeAnsPress();"
   style="font-family: 'Liberation Sans'; font-size: 20px;">
</center>
"""


def card_sides(package: Path) -> list[Side]:
    """Both sides of every card of ``package``, rendered by Anki."""
    sides = []
    with collection() as col:
        import_package(col, package)
        for cid in sorted(col.find_cards("")):
            card = col.get_card(cid)
            note = card.note()
            kinds = {nt.name: nt.key for nt in EVERY_NOTE_TYPE}
            kind = kinds[note.note_type()["name"]]  # type: ignore[index]
            out = card.render_output(reload=True)
            fields = dict(note.items())
            multiple = 'type="checkbox"' in fields.get("Options", "")
            back = _typed_back(col, out.answer_text, fields)
            for side, html in (("front", _TYPED.sub(_TYPE_BOX, out.question_text)),
                               ("back", back)):
                sides.append(Side(kind, fields["Id"], side, html, out.css, multiple))
    return sides


def _typed_back(col: Collection, html: str, fields: dict[str, str]) -> str:
    """The back as the reviewer shows it after the right answer was typed
    (typeAnsAnswerFilter): Anki's comparison where ``[[type:Field]]`` stands."""
    def compared(match: re.Match[str]) -> str:
        expected = fields[match[1]]
        output = col.compare_answer(expected, _plain(expected))
        return f"\n<div style=\"font-family: 'Liberation Sans'; font-size: 20px\">{output}</div>"
    return _TYPED.sub(compared, html)


def _plain(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", "", html).split()))


def reviewer_page(side: Side, *, night: bool = False) -> str:
    body = "card card1" + (" nightMode night_mode" if night else "")
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(side.name)}</title><style>{side.css}</style></head>"
            f"<body class=\"{body}\"><div id=\"qa\">{side.html}</div></body></html>")


# Everything of an element's content must fit in its box, and every box in the screen:
# a <pre>'s hidden overflow (scrollWidth) and an inline element's run past the edge.
OVERFLOW_JS = """() => {
  const bad = [];
  const screen = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll("pre, code, table, h1, h2, h3, h4, img")) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;  // not shown (a closed <details>)
    const inline = getComputedStyle(el).display.startsWith("inline");
    if (!inline && el.scrollWidth > el.clientWidth) {
      bad.push(`${el.tagName} content ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    if (rect.left < -0.5 || rect.right > screen + 0.5) {
      bad.push(`${el.tagName} from ${rect.left}px to ${rect.right}px of ${screen}px`);
    }
  }
  const page = document.documentElement.scrollWidth;
  if (page > window.innerWidth) bad.push(`document ${page}px wide`);
  return bad;
}"""

OPEN_DETAILS_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
