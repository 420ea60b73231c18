"""What the QTI 1.2 and QTI 2.1 writers share: one neutral question per model item.

Both formats know only two kinds of question our model needs: a choice question (one
or several right options) and an essay. So a multiple-choice question or a challenge
becomes a choice question; a flashcard, a question that lost its options and an open
prompt become essays whose model answer (the answer, the explanation or the concept
list) is the general feedback. Every text is rendered once, here, through
``builder.render``; the writers only place the HTML.

Local images are packaged (``Media``): each file once per package under a name hashed
from its bytes, the ``<img src>`` rewritten to where the writer stores it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from lxml import etree, html  # type: ignore[import-untyped]
from lxml.html import builder as E  # type: ignore[import-untyped]

from builder.diagnostics import Diagnostic, note, warning
from builder.media import package_images, page_location
from builder.model import (
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Option,
    Page,
    minutes_seconds,
)
from builder.render.markdown import highlight_block, render_block, render_inline

Interaction = Literal["single", "multiple", "essay"]

# Characters XML 1.0 cannot hold at all (not even as &#...; references): C0 controls
# other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Choice:
    ident: str  # NCName, stable: derived from the option letter
    letter: str
    html: str
    correct: bool
    feedback: str | None  # HTML


@dataclass(frozen=True)
class Question:
    """One item as both QTI writers mean it; every text field is safe HTML."""

    item: Item
    ident: str  # NCName, stable: derived from the item id
    title: str  # plain text
    interaction: Interaction
    body: str  # HTML (blocks)
    choices: tuple[Choice, ...] = ()
    feedback: str | None = None  # general feedback: explanation or model answer
    hint: str | None = None
    time_limit_s: int | None = None
    attempts: int | None = None
    media: tuple[str, ...] = ()  # packaged names of the images it shows

    @property
    def answer_key(self) -> list[str]:
        return [c.ident for c in self.choices if c.correct]


@dataclass
class Conversions:
    """What the writer changed to fit the format, reported once per build."""

    essays: Counter[str] = field(default_factory=Counter)
    no_key: list[str] = field(default_factory=list)
    stripped: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def clean_page(page: Page, seen: Conversions) -> Page:
    """The page without characters XML 1.0 forbids; ``seen.stripped`` names the items.

    The reader already removes control bytes from pages; this guards models built any
    other way (an import, a test), since one such character makes a whole package
    unreadable.
    """
    if _clean_json(page):
        return page
    dumped = page.model_dump()
    changed = False
    for key, value in list(dumped.items()):
        if key != "items":
            new, hit = _scrub(value)
            changed |= hit
            dumped[key] = new
    if changed:
        seen.stripped.append(f"the header of {page.path}")
    for item in dumped["items"]:
        new, hit = _scrub(item)
        if hit:
            seen.stripped.append(item["id"])
            changed = True
            item.update(new)
    return Page.model_validate(dumped) if changed else page


# In the model's JSON a character XML forbids shows as \b, \f or \u0000-\u001f (not
# \t \n \r), or raw as U+FFFE/U+FFFF; a lone surrogate makes the JSON fail. Reading
# that from pydantic's fast serialiser spares walking every string of every page.
_JSON_NOT_XML = re.compile(r"\\(?:[bf]|u00(?:0[0-8bcef]|1[0-9a-fA-F]))|[\ufffe\uffff]")


def _clean_json(page: Page) -> bool:
    try:
        text = page.model_dump_json()
    except ValueError:
        return False
    # Escaped backslashes out first, so that what is left starts every escape.
    return _JSON_NOT_XML.search(text.replace("\\\\", "")) is None


def _scrub(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        new = xml_safe(value)
        return new, new != value
    if isinstance(value, dict):
        hit = False
        out = {}
        for k, v in value.items():
            out[k], h = _scrub(v)
            hit |= h
        return out, hit
    if isinstance(value, (list, tuple)):
        pairs = [_scrub(v) for v in value]
        return type(value)(p[0] for p in pairs), any(p[1] for p in pairs)
    return value, False


def ncname(prefix: str, raw: str) -> str:
    """``prefix-raw`` as an NCName; ids and slugs are already [a-z0-9_-], so this only
    guards against anything else by replacing it."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '_', raw)}"


def item_ident(item: Item) -> str:
    return ncname("item", item.id)


def numeric_ident(item_id: str, letter: str) -> str:
    # Canvas's own exports number their answers; a hash of id and letter keeps the
    # number stable across builds and unique within the item.
    digest = hashlib.sha256(f"{item_id}:{letter}".encode()).hexdigest()
    return str(int(digest[:7], 16) + 1000)


def plain(html_text: str, limit: int = 100) -> str:
    """The text of an HTML fragment on one line, shortened for a title attribute."""
    text = " ".join(_fragment(html_text).text_content().split()) if html_text else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# HTML's own whitespace (not U+00A0, which Python's str.split also takes for a space).
_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_BARE_WRAPPERS = frozenset({"p", "span"})


def text_only(html_text: str) -> str | None:
    """The text of an HTML fragment that is nothing but text (bare, or in one ``<p>`` or
    ``<span>`` without attributes), as a browser shows it; None when it has markup."""
    root = _fragment(html_text)
    if len(root):
        inner = root[0]
        if (len(root) > 1 or inner.tag not in _BARE_WRAPPERS or inner.attrib or len(inner)
                or (root.text or "").strip() or (inner.tail or "").strip()):
            return None
    return _HTML_SPACE.sub(" ", root.text_content()).strip()


def _fragment(html_text: str) -> html.HtmlElement:
    return html.fragment_fromstring(html_text, create_parent="div")


def _tostring(*elements: html.HtmlElement) -> str:
    return "".join(html.tostring(e, encoding="unicode") for e in elements)


def _block(text: str | None) -> str:
    if not text or not text.strip():
        return ""
    return render_block(text) or html.tostring(E.P(text.strip()), encoding="unicode")


def with_html(element: html.HtmlElement, fragment: str) -> html.HtmlElement:
    """``element`` with the (already safe) HTML ``fragment`` as its content."""
    parsed = _fragment(fragment)
    element.text = parsed.text
    element.extend(list(parsed))
    return element


def option_html(option: Option) -> str:
    """An option's content: inline Markdown, or the printed lines of an output option."""
    if option.is_output:
        return _tostring(E.PRE(E.CODE("\n".join(option.output_lines))))
    return render_inline(option.text) or _tostring(E.SPAN(option.text.strip() or "\u00a0"))


def _choices(item: MultipleChoice | Challenge) -> tuple[Choice, ...]:
    return tuple(
        Choice(ident=f"choice_{o.letter}", letter=o.letter, html=option_html(o),
               correct=o.correct, feedback=_inline_or_none(o.feedback))
        for o in item.options)


def _inline_or_none(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    return render_inline(text) or _tostring(E.SPAN(text.strip()))


def _challenge_body(item: Challenge) -> str:
    meta = [item.category_icon + " " if item.category_icon else "", item.category]
    if item.difficulty:
        meta.append(" · " + item.difficulty)
    if item.time_limit_s:
        meta.append(f" · {minutes_seconds(item.time_limit_s)}")
    parts = [_tostring(E.P(E.SPAN("".join(meta), E.CLASS("challenge-meta"))))]
    title = render_inline(item.title)
    if title:
        parts.append(_tostring(E.P(E.CLASS("challenge-title"), with_html(E.STRONG(), title))))
    parts.append(_block(item.body))
    if item.code:
        parts.append(highlight_block(item.code.text, item.code.language))
    return "\n".join(p for p in parts if p)


def _open_body(item: OpenPrompt) -> str:
    parts = [_block(item.prompt)]
    if item.concept_count:
        parts.append(_tostring(E.P(E.CLASS("concept-count"),
                                   f"A good answer names {item.concept_count} concepts.")))
    return "\n".join(p for p in parts if p)


def _concepts(item: OpenPrompt) -> str | None:
    if not item.concepts:
        return None
    items = [with_html(E.LI(), render_inline(c)) for c in item.concepts]
    return _tostring(E.P("A good answer names:"), E.UL(*items))


def question(page: Page, item: Item, seen: Conversions) -> Question | None:
    """The neutral question for ``item``; None (and noted in ``seen``) when it has no key."""
    ident = item_ident(item)
    match item:
        case Flashcard():
            seen.essays["flashcard"] += 1
            body = _block(item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=_block(item.answer) or None)
        case MultipleChoice(options_lost=True):
            seen.essays["lost-options question"] += 1
            body = _block(item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=_block(item.explanation) or None)
        case MultipleChoice() | Challenge() if not any(o.correct for o in item.options):
            seen.no_key.append(item.id)
            return None
        case MultipleChoice():
            body = _block(item.question)
            kind: Interaction = "multiple" if item.multiple or len(item.correct_letters) > 1 \
                else "single"
            return Question(item, ident, plain(body), kind, body, _choices(item),
                            feedback=_block(item.explanation) or None)
        case OpenPrompt():
            seen.essays["open prompt"] += 1
            body = _open_body(item)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=_concepts(item), hint=_block(item.hint) or None)
        case Challenge():
            kind = "multiple" if item.multiple or len(item.correct_letters) > 1 else "single"
            title = plain(render_inline(item.title)) or plain(_block(item.body))
            return Question(item, ident, title, kind, _challenge_body(item), _choices(item),
                            feedback=_block(item.explanation) or None,
                            hint=_block(item.hint) or None, time_limit_s=item.time_limit_s,
                            attempts=item.attempts)
    raise TypeError(f"no QTI mapping for {type(item).__name__}")


class Media:
    """The images a writer's questions show, stored once under content-hashed names.

    ``place`` turns a packaged name into the ``src`` an item uses (where the writer
    puts the file, seen from the item's XML).
    """

    def __init__(self, place: Callable[[str], str]) -> None:
        self._place = place
        self.files: dict[str, bytes] = {}  # packaged name -> bytes

    def package(self, page: Page, qn: Question, seen: Conversions) -> Question:
        texts = [qn.body, qn.feedback, qn.hint, *(c.html for c in qn.choices),
                 *(c.feedback for c in qn.choices)]
        if not any(t and "<img" in t for t in texts):
            return qn
        root, page_dir = page_location(page, qn.item)
        used: set[str] = set()
        dropped = False

        def fix(text: str) -> str:
            nonlocal dropped
            done = package_images(text, root, page_dir, self._place)
            for name, data in done.files.items():
                self.files.setdefault(name, data)
                used.add(name)
            dropped |= bool(done.dropped)
            return done.html

        def fix_or_none(text: str | None) -> str | None:
            return None if text is None else fix(text)

        choices = tuple(replace(c, html=fix(c.html), feedback=fix_or_none(c.feedback))
                        for c in qn.choices)
        packaged = replace(qn, body=fix(qn.body), choices=choices,
                           feedback=fix_or_none(qn.feedback), hint=fix_or_none(qn.hint))
        if dropped:
            seen.media.append(qn.item.id)
        return replace(packaged, media=tuple(sorted(used)))

    def members(self, questions: Iterable[Question], folder: str) -> list[tuple[str, bytes]]:
        """(path in the package, bytes) of every image ``questions`` show, by name."""
        names = sorted({n for qn in questions for n in qn.media})
        return [(f"{folder}/{name}", self.files[name]) for name in names]

    def used(self, questions: Iterable[Question]) -> tuple[tuple[str, bytes], ...]:
        """(packaged name, bytes) of every image ``questions`` show, by name."""
        names = sorted({n for qn in questions for n in qn.media})
        return tuple((name, self.files[name]) for name in names)


def report(seen: Conversions, fmt: str, report_to: list[Diagnostic],
           extra: Iterable[Diagnostic] = ()) -> None:
    """One finding per kind of change for the whole build (not one per item)."""
    label = {"qti12": "QTI 1.2", "qti21": "QTI 2.1"}[fmt]
    if seen.essays:
        what = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in sorted(seen.essays.items()))
        report_to.append(note(
            f"{fmt}-essay", None,
            f"{label} has no flashcard or open-prompt type: {what} became essay questions "
            "(graded by hand) with the answer, explanation or concept list as feedback",
            "nothing to fix; see docs/outputs/qti.md"))
    if seen.no_key:
        report_to.append(warning(
            f"{fmt}-no-key", None,
            f"{len(seen.no_key)} choice question(s) mark no correct option and were left out "
            f"of the {label} packages: {', '.join(seen.no_key[:5])}",
            "add an `Answer:` line naming the right option"))
    if seen.stripped:
        report_to.append(warning(
            f"{fmt}-control-character", None,
            f"characters XML 1.0 cannot hold (control characters) were removed from "
            f"{len(seen.stripped)} item(s) or page header(s): {', '.join(seen.stripped[:5])}",
            "delete the control characters from the page"))
    if seen.media:
        report_to.append(warning(
            f"{fmt}-media", None,
            f"{len(seen.media)} item(s) name images that cannot be packaged (outside the "
            f"source folder, missing or not an image file); the {label} packages show "
            f"their alt text instead ({', '.join(seen.media[:5])})",
            "copy the pictures into the source folder and link them with a path relative "
            "to the page (`check` names each one at its line)"))
    report_to.extend(extra)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 XML, indented for people (a tree without mixed content: lxml's indenter
    would change whitespace that shows)."""
    etree.indent(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def page_questions(page: Page, seen: Conversions, media: Media) -> tuple[Page, list[Question]]:
    """The page made XML-safe, and its questions with their images packaged into
    ``media``."""
    page = clean_page(page, seen)
    return page, [media.package(page, qn, seen)
                  for qn in (question(page, item, seen) for item in page.items) if qn]


def merge(into: Conversions, other: Conversions) -> None:
    into.essays.update(other.essays)
    into.no_key += other.no_key
    into.stripped += other.stripped
    into.media += other.media
