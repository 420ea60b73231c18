"""The fixed lines a page is built from: section headers, item markers, the header noise."""

from __future__ import annotations

import difflib
import re

from builder.model import DIFFICULTIES

from .annotations import is_item_line
from .answer_keys import is_answer_key

RECALL = re.compile(r"^Recall\s*&\s*Review$", re.IGNORECASE)
CHALLENGE = re.compile(r"^Challenge\s*[-–—]\s*(\d+)\s*Problems?$", re.IGNORECASE)
REVEAL = re.compile(r"^Click to reveal answer$", re.IGNORECASE)
VERDICT = re.compile(r"^[✗✓✘✔×]?\ufe0f?\s*(Incorrect|Correct)$", re.IGNORECASE)
CONCEPTS = re.compile(r"^You got\s*(\d*)\s*/\s*(\d+)\s*concepts?\.?$", re.IGNORECASE)
TIMER = re.compile(r"^(\d{1,3}):([0-5]\d)\s*remaining$", re.IGNORECASE)
# Any `Attempts:` line: its value is checked (`bad-attempts`), never read as an option.
ATTEMPTS = re.compile(r"^Attempts\s*:\s*(?P<value>.*)$", re.IGNORECASE)
ATTEMPTS_COUNT = re.compile(r"^(?P<n>\d+)(?:\s*left)?$", re.IGNORECASE)
ATTEMPTS_LEFT = re.compile(r"^(\d+)\s*left$", re.IGNORECASE)
HINT = re.compile(r"^(?:💡\ufe0f?\s*)?Hint$", re.IGNORECASE)
VOTES = re.compile(r"^\d+$")
STYLE = re.compile(r"^Choose your learning style\s*\d*\s*modes? available$", re.IGNORECASE)
# "PyTorchml~20 mins": subject and field run together, then the reading time.
SUBJECT_LINE = re.compile(r"^(?P<glued>\S.*?)\s*~\s*(?P<minutes>\d+)\s*min(?:ute)?s?$")
_DASH = re.compile(r"\s[-–—]\s")
OPTION = re.compile(r"^(?P<letter>[A-F])(?:[.):]\s+)?(?P<text>\S.*)$")
WORD = re.compile(r"^[a-z]+$")
# A cloze passage's marker line, and a matching pair (`left -> right`).
FILL = re.compile(r"^Fill in the blanks?\s*:?$", re.IGNORECASE)
ARROW = re.compile(r"\s*(?:->|→)\s*")

# Fields the site glues after the subject, longest first so "dataeng" wins over "data".
KNOWN_FIELDS: tuple[str, ...] = tuple(sorted((
    "ml", "ai", "dl", "nlp", "cv", "rl", "devops", "mlops", "data", "dataeng", "python",
    "java", "javascript", "typescript", "web", "cloud", "security", "sql", "math", "stats",
    "systems", "networking", "dsa", "backend", "frontend", "mobile", "tools", "go", "rust",
), key=len, reverse=True))


def split_title(text: str) -> tuple[str, str | None]:
    """``Title - Cheat Sheet & Quick Revision`` → (title, subtitle), at the last dash."""
    # A scan, not a backtracking regex: titles can be pasted as one enormous line.
    last = None
    for found in _DASH.finditer(text):
        last = found
    if last is None:
        return text, None
    title, subtitle = text[: last.start()].strip(), text[last.end():].strip()
    return (title, subtitle) if title and subtitle else (text, None)


def is_pair(text: str) -> bool:
    return ARROW.search(text) is not None and not is_item_line(text) and not is_answer_key(text)


def is_difficulty(text: str) -> bool:
    return text.lower() in DIFFICULTIES


def near_difficulty(text: str) -> str | None:
    """The difficulty a one-word line probably meant, for a typo like ``begginer``."""
    if not WORD.match(text.lower()):
        return None
    close = difflib.get_close_matches(text.lower(), DIFFICULTIES, n=1, cutoff=0.75)
    return close[0] if close else None


def split_subject(glued: str) -> tuple[str, str | None]:
    """Split ``PyTorchml`` into (``PyTorch``, ``ml``) using the site's known fields."""
    for fld in KNOWN_FIELDS:
        if glued.endswith(fld) and len(glued) > len(fld):
            return glued[: -len(fld)].strip(), fld
    return glued, None


def option_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` are options lettered A, B, C... in order.

    A lettered line that opens the next item is not an option: after options A-D,
    "Explain ..." followed by a hint and `You got /4 concepts.` is an open prompt, and
    `Explanation: ...` (or a misspelt `Explenation:`) is an item line, not option E.
    """
    n = 0
    while start + n < len(lines):
        m = OPTION.match(lines[start + n])
        if not m or m["letter"] != chr(ord("A") + n) or is_item_line(lines[start + n]):
            break
        if n > 0 and starts_item(lines, start + n):
            break
        n += 1
    return n


def starts_item(lines: list[str], k: int) -> bool:
    """Does line ``k`` open an item, judging by the marker lines after it?"""
    def at(i: int) -> str:
        return lines[i] if i < len(lines) else ""

    # A verdict line after a lettered line is read as the verdict of the options above
    # it, so only prompts and new option runs end a run here.
    return bool(CONCEPTS.match(at(k + 1)) or CONCEPTS.match(at(k + 2))
                or option_run(lines, k + 1) >= 2)
