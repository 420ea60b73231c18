"""Characters XML 1.0 cannot hold, and a page without them.

The QTI writers write only such pages; the render stage renders the texts of that page
too, so the HTML of a text that lost such a character is at hand when QTI asks for it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from builder.model import Page

# Characters XML 1.0 cannot hold at all (not even as &#...; references): C0 controls
# other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# In the model's JSON a character XML forbids shows as \b, \f or \u0000-\u001f (not
# \t \n \r), or raw as U+FFFE/U+FFFF; a lone surrogate makes the JSON fail. Reading
# that from pydantic's fast serialiser spares walking every string of every page.
_JSON_NOT_XML = re.compile(r"\\(?:[bf]|u00(?:0[0-8bcef]|1[0-9a-fA-F]))|[\ufffe\uffff]")


class Cleaned(NamedTuple):
    page: Page  # the page itself when it held no such character
    header: bool  # the page's own fields lost one
    items: tuple[str, ...]  # the ids of the items that lost one


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def xml_safe_page(page: Page) -> Cleaned:
    """The page without characters XML 1.0 forbids, and where they were.

    The reader already removes control bytes from pages; this guards models built any
    other way (an import, a test).
    """
    if _clean_json(page):
        return Cleaned(page, False, ())
    dumped = page.model_dump()
    header = False
    for key, value in list(dumped.items()):
        if key != "items":
            new, hit = _scrub(value)
            header |= hit
            dumped[key] = new
    items = []
    for item in dumped["items"]:
        new, hit = _scrub(item)
        if hit:
            items.append(item["id"])
            item.update(new)
    if not header and not items:
        return Cleaned(page, False, ())
    return Cleaned(Page.model_validate(dumped), header, tuple(items))


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
