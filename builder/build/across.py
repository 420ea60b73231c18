"""The checks across pages, between the read and compile phases: repeated ids and
slugs (cheap, every build), and near-duplicate questions, which start from the last
run's state in the cache so an edit compares only the questions it can affect."""

from __future__ import annotations

from builder.cache import digest
from builder.diagnostics import Diagnostic
from builder.facts import PageFacts, near_findings
from builder.lint.near_duplicate import NearState

from .session import Session


def near(session: Session, pages: list[PageFacts]) -> list[Diagnostic]:
    """In a worker or here: near-duplicate findings over ``pages``."""
    key = digest(session.print_, b"near", str(session.settings.source_root.resolve()))
    before = session.cache.get("near", key)
    found, state = near_findings(pages, before if isinstance(before, NearState) else None)
    session.cache.put("near", key, state)
    return found
