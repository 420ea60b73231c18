"""``check``: the build's plan and read phases only, with the same cache and workers.

Facts are cached under the same keys as a build's, so a check after a build (or a
build after a check) reads only the pages that changed, and both report exactly the
same findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from builder.cache import Cache, fingerprint
from builder.clock import ZIP_EPOCH
from builder.diagnostics import Diagnostic, Severity, apply_strict, count
from builder.facts import PageFacts, id_findings
from builder.model import Page
from builder.parallel import Pool
from builder.reader import display_path, list_sources, read_file
from builder.runcode import Limits, check_pages
from builder.writers.base import Settings

from .across import near
from .read import read_facts, read_sources
from .session import Session, worker_count


@dataclass(frozen=True)
class Checked:
    diagnostics: list[Diagnostic]
    pages: int
    items: int
    work: dict[str, int]  # pages read afresh

    @property
    def errors(self) -> int:
        return count(self.diagnostics, Severity.ERROR)


def check(paths: list[Path], templates: Path, *, strict: bool = False,
          cache: Path | None = None, jobs: int | None = None,
          start_method: str | None = None, run_code: Limits | None = None) -> Checked:
    """Every finding ``build`` would report about ``paths``, without compiling; with
    ``run_code``, also what running the Predict Output challenges says of their keys."""
    files, listed = list_sources(paths)
    store = Cache(cache)  # none: nothing is kept (a check reads nothing back)
    root = paths[0] if len(paths) == 1 else Path(".")
    settings = Settings(templates, root, ZIP_EPOCH, display_path(root))
    session = Session(store, settings, fingerprint(templates), {}, False, strict, Path())
    done: Counter[str] = Counter()
    diags = list(listed)
    with Pool(worker_count(jobs, len(files)), session, start_method) as pool:
        sources = read_sources(session, files, diags)
        facts = read_facts(session, sources, pool, lambda _: None, done)
    pages = [f for f in facts if isinstance(f, PageFacts)]
    for f in facts:
        diags += f.diagnostics if isinstance(f, PageFacts) else f
    diags += [*id_findings(pages), *near(session, pages)]
    if run_code is not None:
        diags += _run_code(files, paths, run_code)
    items = sum(n for f in pages for _, n in f.counts)
    return Checked(apply_strict(diags, strict), len(pages), items, dict(done))


def _run_code(files: list[tuple[Path, Path]], paths: list[Path],
              limits: Limits) -> list[Diagnostic]:
    """The facts hold no code, so the pages that may have some are read again; what
    reading them finds was reported already."""
    pages: list[Page] = []
    for file, root in files:
        try:
            data = file.read_bytes()
        except OSError:
            continue  # reported as `unreadable`
        if b"predict output" in data.lower():
            page, _ = read_file(file, root, data)
            pages += [page] if page is not None else []
    project = Path(__file__).resolve().parents[2]  # the code must not read builder either
    return check_pages(pages, [*(p.resolve() for p in paths), project], limits)
