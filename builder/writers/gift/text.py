"""GIFT's text rules as Moodle's importer (``question/format/gift/format.php``) reads them.

Moodle first turns ``\\\\`` into a placeholder, then the escapes ``\\: \\# \\= \\{ \\} \\~ \\n``,
then puts a single backslash back for the placeholder; after splitting the question it
restores the escaped characters (``\\n`` becomes a newline). Every line of a question is
trimmed and a line starting with ``//`` is dropped as a comment, and a blank line ends
the question. So a text field is written on one line: every special character and every
backslash escaped, every line break written as ``\\n``.
"""

from __future__ import annotations

from builder.moodle import normalise_newlines

# Moodle's own exporter (qformat_gift::repchar) escapes exactly this set.
_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", **{c: "\\" + c for c in "~=#{}:"}})


def escape(text: str) -> str:
    """A GIFT text field on one line that both importers read back as ``text``."""
    return normalise_newlines(text).translate(_ESCAPES)


def field(html: str) -> str:
    # `[html]` on every field: Moodle and gift-pegjs read a leading `[html]`, `[plain]`...
    # of the text itself as a format otherwise, and Moodle a leading `%50%` as a weight.
    return "[html]" + escape(html)


def one_line(text: str) -> str:
    """``text`` fit for a ``//`` comment: one line, no ``[`` or ``]``."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def percent(fraction: float) -> str:
    """A GIFT weight: percent with five decimals at most (33.33333 for a third).

    Moodle divides by 100 and matches within 1e-5, so five decimals always match, and
    three thirds (99.99999) still round to the 100% a multi-answer question must total.
    """
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
