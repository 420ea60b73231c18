"""Characters XML 1.0 cannot hold, taken out of a page before any QTI is written."""

from __future__ import annotations

from builder.model import Page
from builder.xmlsafe import xml_safe_page

from .common import Conversions


def clean_page(page: Page, seen: Conversions) -> Page:
    """The page without characters XML 1.0 forbids; ``seen.stripped`` names the items.

    One such character makes a whole package unreadable (builder.xmlsafe).
    """
    cleaned = xml_safe_page(page)
    if cleaned.header:
        seen.stripped.append(f"the header of {page.path}")
    seen.stripped.extend(cleaned.items)
    return cleaned.page
