"""Options such as "all of the above" that test reading order, not knowledge."""

from __future__ import annotations

import re
from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, MultipleChoice, Tree

from .base import Rule

_ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them|"
                    r"the\s+options|the\s+answers)\b", re.IGNORECASE)


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, MultipleChoice | Challenge):
            continue
        for opt in item.options:
            m = _ABOVE.search(opt.text)
            if m:
                yield warning(codes.ALL_OF_THE_ABOVE, opt.span,
                              f"option {opt.letter} says {m[0]!r}: it breaks when options "
                              "are shuffled and rewards test-taking tricks",
                              "use `Answers:` for several correct options, or write a "
                              "real distractor")


RULE = Rule(codes.ALL_OF_THE_ABOVE, check)
