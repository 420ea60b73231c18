"""Characters XML 1.0 cannot hold, taken out of a page before any QTI is written."""

from __future__ import annotations

import re
from typing import Any

from builder.model import Page

from .common import Conversions

# Characters XML 1.0 cannot hold at all (not even as &#...; references): C0 controls
# other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# In the model's JSON a character XML forbids shows as \b, \f or \u0000-\u001f (not
# \t \n \r), or raw as U+FFFE/U+FFFF; a lone surrogate makes the JSON fail. Reading
# that from pydantic's fast serialiser spares walking every string of every page.
_JSON_NOT_XML = re.compile(r"\\(?:[bf]|u00(?:0[0-8bcef]|1[0-9a-fA-F]))|[\ufffe\uffff]")


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
