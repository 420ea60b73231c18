"""Recognise the language label line that pages put above a code block."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

# Frameworks the site labels code with; their code is in the host language.
FRAMEWORKS: Mapping[str, str] = MappingProxyType({
    "pytorch": "python", "torch": "python", "tensorflow": "python", "keras": "python",
    "jax": "python", "numpy": "python", "pandas": "python", "scikit-learn": "python",
    "sklearn": "python", "pyspark": "python", "django": "python", "flask": "python",
    "node": "javascript", "node.js": "javascript", "react": "jsx", "shell": "bash",
    "terminal": "console", "dockerfile": "docker", "kubernetes": "yaml",
})
_LABEL = re.compile(r"^[A-Za-z][\w+#.-]{1,24}$")
# Pygments knows these names, but as a line of their own they are prose, not a label.
_NOT_LABELS = frozenset({"output", "text", "raw", "example", "note", "result", "answer"})


@lru_cache(maxsize=256)
def language_of(label: str) -> str | None:
    """The Pygments alias for a label line, or None when the line is not a label."""
    if not _LABEL.match(label):
        return None
    key = label.lower()
    if key in _NOT_LABELS:
        return None
    if key in FRAMEWORKS:
        return FRAMEWORKS[key]
    try:
        cls = find_lexer_class_by_name(key)
    except ClassNotFound:
        return None
    return cls.aliases[0] if cls.aliases else key
