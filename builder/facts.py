"""What a build must know of a page without loading it, and the checks made from that.

Reading, validating and linting one page gives its :class:`PageFacts`: every finding
that depends on the page alone, plus the little that checks across pages need (ids,
questions for the near-duplicate rule, ``Allow:`` ranges) and what the manifest lists.
The build keeps facts per page in its cache, so a one-page edit re-reads one page and
then runs only the cross-page checks, from the facts of all pages.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic, Severity, codes, error
from builder.lint import Silenced, lint_page, silenced_in, unsilenced
from builder.lint import near_duplicate as near
from builder.media import image_sources, item_markdown, locate, page_location, source_root
from builder.model import Page, Span
from builder.render import render_block
from builder.validate import IdUse, duplicate_ids, id_use, validate_page

MediaState = tuple[tuple[str, str, int, int], ...]


@dataclass(frozen=True)
class PageFacts:
    path: str  # relative to the source root
    file: str  # as shown in diagnostics
    slug: str
    title: str
    deck: str
    counts: tuple[tuple[str, int], ...]  # items by kind
    diagnostics: tuple[Diagnostic, ...]  # reading, item rules and one-page lint rules
    ids: tuple[IdUse, ...]
    kinds: tuple[str, ...]  # of each item, in the order of ``ids``
    questions: tuple[near.Entry, ...]
    silenced: tuple[Silenced, ...]
    images: tuple[str, ...]  # every image reference, as written
    media: MediaState  # what those references pointed at when the facts were made

    @property
    def items(self) -> int:
        return sum(n for _, n in self.counts)


def page_facts(page: Page, read: Sequence[Diagnostic]) -> PageFacts:
    # `Allow:` silences the reader's warnings too (a long line kept on purpose); never
    # an error.
    silenced = silenced_in(page)
    kept = [d for d in read if d.severity is not Severity.WARNING or unsilenced([d], silenced)]
    found = [*kept, *validate_page(page), *lint_page(page)]
    images = tuple(dict.fromkeys(
        src for item in page.items for text in item_markdown(item)
        if "](" in text or "]:" in text for src in image_sources(render_block(text))))
    return PageFacts(
        path=page.path, file=page.span.file, slug=page.slug, title=page.display_title,
        deck=page.deck_name,
        counts=tuple(sorted(Counter(item.kind for item in page.items).items())),
        diagnostics=tuple(found),
        ids=tuple(id_use(item) for item in page.items),
        kinds=tuple(item.kind for item in page.items),
        questions=tuple(near.entries(page)),
        silenced=tuple(silenced),
        images=images,
        media=media_state(images, *_where(page)),
    )


def _where(page: Page) -> tuple[Path, Path]:
    if not page.items:
        return Path("."), Path(".")
    return page_location(page, page.items[0])


def media_state(images: Iterable[str], root: Path, page_dir: Path) -> MediaState:
    """Each image reference with the file it resolves to, its size and change time: what
    the page's findings and outputs depend on outside its own text."""
    state = []
    for src in images:
        found = locate(src, root, page_dir)
        if found.path is None:
            state.append((src, found.problem or "", -1, -1))
            continue
        try:
            st = os.stat(found.path)
        except OSError:
            state.append((src, "gone", -1, -1))
            continue
        state.append((src, str(found.path), st.st_size, st.st_mtime_ns))
    return tuple(state)


def current_media(facts: PageFacts) -> MediaState:
    if not facts.images:
        return ()
    page_file = Path(facts.file)
    return media_state(facts.images, source_root(page_file, facts.path), page_file.parent)


def tree_findings(pages: Sequence[PageFacts]) -> list[Diagnostic]:
    """What only a look across pages finds: repeated ids, near-duplicate questions."""
    return [*id_findings(pages), *near_findings(pages)[0]]


def id_findings(pages: Sequence[PageFacts]) -> list[Diagnostic]:
    return [*duplicate_ids(use for facts in pages for use in facts.ids),
            *duplicate_slugs(pages)]


def duplicate_slugs(pages: Sequence[PageFacts]) -> Iterator[Diagnostic]:
    """Two paths that name their outputs alike (``a-b.txt`` and ``a/b.txt``)."""
    first: dict[str, PageFacts] = {}
    for facts in pages:
        seen = first.setdefault(facts.slug, facts)
        if seen is not facts:
            yield error(codes.DUPLICATE_SLUG, Span(file=facts.file, start=1, end=1),
                        f"this page's outputs would have the same names as those of "
                        f"{seen.file} (both are {facts.slug!r}); it is left out of builds",
                        "rename or move one of the two files")


def near_findings(pages: Sequence[PageFacts], before: near.NearState | None = None,
                  ) -> tuple[list[Diagnostic], near.NearState]:
    """Near-duplicate questions, and the state a later run can start from."""
    silenced = [s for facts in pages for s in facts.silenced]
    found, state = near.find([q for facts in pages for q in facts.questions], before)
    return unsilenced(found, silenced), state
