"""Item identity: an explicit ``Id:`` wins, else a hash of the page and the question.

A derived id survives edits to answers, options, hints and explanations (they are not
hashed) but not to the question text; ``python -m builder pin`` writes derived ids into
the source so that later edits to the question keep identity too.

Derived ids are short by construction: ``<page-slug>-<hash>`` when that fits in
``ID_MAX_LENGTH``, else the slug is cut so that it does (the hash is still of the whole
slug, so ids stay distinct). Every id that fitted before keeps its value, and with it
its Anki note.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from builder.model import ID_MAX_LENGTH, SLUG_MAX_LENGTH

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HASH = 10  # hex digits of the hash in a derived id or a shortened slug


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return shorten(slug or "page", SLUG_MAX_LENGTH, slug or "page")


def shorten(prefix: str, limit: int, hashed: str) -> str:
    """``prefix`` when it fits in ``limit``, else its start and a hash of ``hashed``."""
    if len(prefix) <= limit:
        return prefix
    digest = hashlib.sha256(hashed.encode()).hexdigest()[:_HASH]
    return f"{prefix[: limit - _HASH - 1].rstrip('-_')}-{digest}"


def normalise_question(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def derived_id(page_slug: str, question: str) -> str:
    digest = hashlib.sha256(
        f"{page_slug}\n{normalise_question(question)}".encode()
    ).hexdigest()[:_HASH]
    keep = ID_MAX_LENGTH - _HASH - 1
    prefix = page_slug if len(page_slug) <= keep else page_slug[:keep].rstrip("-_")
    return f"{prefix}-{digest}"
