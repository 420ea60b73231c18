"""gift-pegjs (npm), an independent GIFT parser, driven from the tests.

``npm ci`` installs it from package-lock.json the first time a test needs it. The
parser runs as one long-lived Node process reading a GIFT text a line (JSON) and
answering with what it parsed, so hundreds of hypothesis examples cost one start-up.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from functools import cache
from pathlib import Path
from typing import IO, Any

from builder.model import Item, Tree
from builder.render.rendered import render_page
from builder.writers.gift import Mapper, Question, Templates, wanted
from tests.conftest import require_tool

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "parse.js"

Parsed = dict[str, Any]
PEG_TYPES = {"multichoice": "MC", "essay": "Essay", "truefalse": "TF", "numerical": "Numerical",
             "shortanswer": "Short", "match": "Matching"}


@cache
def _install() -> str:
    node = require_tool("node")
    npm = require_tool("npm")
    if not (HERE / "node_modules" / "gift-pegjs").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)],
                       check=True, capture_output=True, timeout=300)
    return node


def ensure_installed() -> str:
    """The node executable, with gift-pegjs installed (skips/fails like require_tool)."""
    return _install()


def parse_many(texts: list[str]) -> list[Parsed]:
    """Parse several GIFT texts in one Node run."""
    node = ensure_installed()
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(texts).encode(),
                          capture_output=True, check=True, timeout=300)
    result: list[Parsed] = json.loads(done.stdout)
    return result


class Parser:
    """One Node process parsing a text per request."""

    def __init__(self) -> None:
        node = ensure_installed()
        self._proc = subprocess.Popen([node, str(SCRIPT), "--lines"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._lock = threading.Lock()

    def parse(self, text: str) -> Parsed:
        stdin: IO[bytes] | None = self._proc.stdin
        stdout: IO[bytes] | None = self._proc.stdout
        assert stdin is not None and stdout is not None
        with self._lock:
            stdin.write(json.dumps(text).encode("ascii") + b"\n")
            stdin.flush()
            line = stdout.readline()
        if not line:
            err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
            raise RuntimeError(f"gift-pegjs stopped: {err}")
        result: Parsed = json.loads(line)
        return result

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait(timeout=30)


def js_trim(text: str) -> str:
    """String.prototype.trim: gift-pegjs trims every field with it."""
    return re.sub(r"^[\s\ufeff]+|[\s\ufeff]+$", "", text)


def moodle_category(line_text: str) -> list[str]:
    """The category names Moodle makes of a ``$CATEGORY:`` text as gift-pegjs returns it.

    gift-pegjs hands the rest of the line over untouched; Moodle first replaces ``\\\\``
    by one backslash (qformat_gift::escapedchar_pre, the only escape pass that line
    gets), then splits at single ``/`` with ``//`` meaning ``/``
    (qformat_default::split_category_path) and trims each name.
    """
    text = line_text.strip().replace("\\\\", "\0")
    for esc, placeholder in (("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"),
                             ("\\{", "&&123;"), ("\\}", "&&125;"), ("\\~", "&&126;"),
                             ("\\n", "&&010")):
        text = text.replace(esc, placeholder)
    text = text.replace("\0", "\\")
    return [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", text)]


def deck_names(deck: str) -> list[str]:
    """The category names a deck name should become (what the writer means)."""
    flat = deck.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    names = [n.strip() for n in flat.split("::")]
    return [n for n in names if n]


def _php_trim(names: list[str]) -> list[str]:
    return [n.strip(" \t\n\r\0\x0b") for n in names]


def round_trip_problems(tree: Tree, parsed: Parsed, templates: Path,
                        flashcards: bool = True) -> list[str]:
    """How what gift-pegjs read from the whole-tree file differs from what the writer meant.

    The writer's intent is its Mapper's Question for every item (the HTML of every
    field); the right answers are checked against the model itself.
    """
    if "error" in parsed:
        return [f"gift-pegjs could not parse the file: {parsed['error']}"]
    expected: list[tuple[list[str], Item, Question]] = []
    for page in tree.pages:
        mapper = Mapper(Templates(templates), render_page(page), [])
        for item in page.items:
            for question in mapper.questions(page, item) if wanted(item, flashcards) else []:
                expected.append((deck_names(page.deck_name) or [page.slug], item, question))
    problems: list[str] = []
    got = list(parsed["questions"])
    category: list[str] | None = None
    for names, item, question in expected:
        while got and got[0]["type"] == "Category":
            category = _php_trim(moodle_category(got.pop(0)["title"]))
        if not got:
            return [*problems, f"{item.id}: missing from the parsed file"]
        problems += [f"{item.id}: {p}" for p in
                     _compare(got.pop(0), item, question, names, category)]
    problems += [f"unexpected question {q.get('title')!r}" for q in got]
    return problems


def _compare(q: Parsed, item: Item, want: Question, names: list[str],
             category: list[str] | None) -> list[str]:
    problems = []

    def same(what: str, parsed: object, meant: object) -> None:
        if parsed != meant:
            problems.append(f"{what}: parsed {parsed!r}, meant {meant!r}")

    same("category", category, names)
    same("type", q["type"], PEG_TYPES[want.qtype])
    same("name", q["title"], want.name)
    same("id", q["id"], want.name if want.idnumber is None else want.idnumber)
    same("tags", q["tags"] or [], list(want.tags))
    if want.tail is None:
        same("text", q["stem"], {"format": "html", "text": js_trim(want.text)})
    else:
        # gift-pegjs trims the text each side of the braces and joins it with ` _____ `
        # (Moodle keeps it as written around `_____`): compared without that space.
        def blank(text: str) -> str:
            return re.sub(r"\s*_____\s*", "_____", text)

        if want.tail.lstrip().startswith("//"):
            # gift-pegjs takes `}//...` for a comment and drops the rest of the line with
            # the blank; Moodle reads only a line that starts with `//` as one.
            same("text", q["stem"]["text"], js_trim(want.text))
        else:
            same("text", blank(q["stem"]["text"]), blank(want.stored_text))
    feedback = q.get("globalFeedback")
    same("general feedback", feedback and feedback["text"],
         want.general_feedback and js_trim(want.general_feedback))
    if want.qtype == "multichoice" and "choices" in q and want.tail is None:
        problems += _compare_choices(q["choices"], item, want)
    else:
        problems += _compare_answers(q, want, same)
    return problems


def spaced(text: str) -> str:
    """gift-pegjs runs whitespace together (U+2028 and no-break spaces included) in the
    plain-text answers, a match's right-hand sides and typed answers: they are compared
    so."""
    return re.sub(r"\s+", " ", js_trim(text))


def _pegjs_subanswer(text: str) -> str:
    """gift-pegjs 1.0.2 leaves its escape placeholders in a match answer (``\\~`` comes
    back as ``&&126;``); Moodle's import puts the characters back (escapedchar_post). The
    writer's right-hand sides are HTML, where ``&`` is ``&amp;``, so a placeholder there
    can only be gift-pegjs's own."""
    for char, placeholder in ((":", "&&058;"), ("#", "&&035;"), ("=", "&&061;"),
                              ("{", "&&123;"), ("}", "&&125;"), ("~", "&&126;"),
                              ("\n", "&&010"), ("\\", "&&092;")):
        text = text.replace(placeholder, char)
    return text


def _compare_answers(q: Parsed, want: Question, same: Any) -> list[str]:
    """The keys of the answer kinds (and of a missing word) as the writer meant them."""
    if want.qtype == "truefalse":
        same("truth", q["isTrue"], want.key == "T")
    elif want.qtype == "numerical":
        key = q["choices"]
        parsed = ((key["numberLow"], key["numberHigh"]) if key["type"] == "high-low"
                  else (key["number"], key["range"]))
        meant = re.split(r"\.\.|:", want.key or "")
        same("number", tuple(map(float, parsed)), tuple(map(float, meant)))
    elif want.qtype == "match":
        pairs = [(p["subquestion"]["text"], spaced(_pegjs_subanswer(p["subanswer"])))
                 for p in q["matchPairs"]]
        same("pairs", pairs, [(js_trim(left), spaced(right)) for left, right in want.pairs])
    elif "choices" in q:
        # gift-pegjs trims a typed answer before it unescapes it (`a\\n` stays `a` + a line
        # break); Moodle trims after.
        typed = want.qtype == "shortanswer"
        answers = [(spaced(c["text"]["text"]) if typed else c["text"]["text"], c["isCorrect"])
                   for c in q["choices"]]
        same("answers", answers, [(spaced(c.text) if typed else js_trim(c.text), c.correct)
                                  for c in want.choices])
    return []


def _compare_choices(choices: list[Parsed], item: Item, want: Question) -> list[str]:
    options = getattr(item, "options", ())
    if len(choices) != len(options):
        return [f"{len(choices)} options parsed, {len(options)} in the model"]
    problems = []
    weights = []
    for choice, meant, option in zip(choices, want.choices, options, strict=True):
        text = choice["text"]["text"]
        if (text, choice["text"]["format"]) != (js_trim(meant.text), "html"):
            problems.append(f"option {option.letter}: parsed {text!r}, meant {meant.text!r}")
        feedback = choice["feedback"] and choice["feedback"]["text"]
        if feedback != (meant.feedback and js_trim(meant.feedback)):
            problems.append(f"feedback {option.letter}: parsed {feedback!r}")
        weight = choice["weight"]
        if weight is None:
            right = choice["isCorrect"]
        else:
            right = weight > 0
            weights.append(weight)
        if right != option.correct:
            problems.append(f"option {option.letter} parsed as {'right' if right else 'wrong'}")
    if weights:
        plus = sum(w for w in weights if w > 0)
        minus = sum(w for w in weights if w < 0)
        if abs(plus - 100) > 0.001 or (minus and abs(minus + 100) > 0.001):
            problems.append(f"weights {weights} do not total +100 and -100")
    elif sum(c["isCorrect"] for c in choices) != 1:
        problems.append("a single-answer question needs exactly one `=` option")
    return problems
