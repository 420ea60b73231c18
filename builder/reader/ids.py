"""Item identity: an explicit ``Id:`` wins, else a hash of the page and the question.

A derived id survives edits to answers, options, hints and explanations (they are not
hashed) but not to the question text; ``python -m builder pin`` writes derived ids into
the source so that later edits to the question keep identity too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "page"


def normalise_question(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def derived_id(page_slug: str, question: str) -> str:
    digest = hashlib.sha256(
        f"{page_slug}\n{normalise_question(question)}".encode()
    ).hexdigest()
    return f"{page_slug}-{digest[:10]}"
