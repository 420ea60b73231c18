"""Moodle GIFT: one file per page and one for the whole tree, every field in ``[html]``.

Mapping (docs/outputs/gift.md has the full table): a choice question or a challenge is
a multichoice question (``=``/``~``, or ``~%w%`` weights when several options are
right); a flashcard, a question that lost its options and an open prompt are essay
questions whose general feedback (``####``) is the answer, the explanation or the
concept list. Question names are the item ids, so a rebuilt file names every question
as before.

Modules: ``questions`` maps items to ``Question`` (the HTML of each field, from ``html``
and the templates/gift partials), ``files`` writes them as GIFT text (``text``
escapes, ``categories`` the ``$CATEGORY:`` line), ``writer`` is the ``GiftWriter``.
What Moodle's import then does to categories and grades is ``builder.moodle``.
"""

from __future__ import annotations

from .files import ALL_FILE, PAGE_FILE
from .question import Choice, Question
from .questions import Mapper, wanted
from .templates import Templates
from .writer import GiftWriter

__all__ = ["ALL_FILE", "PAGE_FILE", "Choice", "GiftWriter", "Mapper", "Question",
           "Templates", "wanted"]
