"""Expected GIFT for one page of each item kind; UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model import MultipleChoice, Page, Tree
from builder.pipeline import buildable, check
from builder.writers.base import BuildContext
from builder.writers.gift import PAGE_FILE, GiftWriter
from tests.conftest import FIXTURES, ROOT, SAMPLE, TEMPLATES
from tests.golden import check_golden

GOLDEN = ROOT / "tests" / "golden" / "gift"
EPOCH = 1700000000


def _pages() -> dict[str, Page]:
    """The sample page cut into one page per item kind, plus the GIFT-specials page."""
    sample, _ = buildable(check([SAMPLE]))
    page = sample.pages[0]

    def only(keep: str) -> Page:
        def kind(item: object) -> str:
            if isinstance(item, MultipleChoice) and item.options_lost:
                return "lost-options"
            return str(getattr(item, "kind", ""))

        return page.model_copy(update={"items": tuple(i for i in page.items if kind(i) == keep)})

    pages = {k: only(k) for k in ("flashcard", "choice", "lost-options", "open", "challenge")}
    hostile, _ = buildable(check([FIXTURES / "hostile" / "gift-specials.txt"]))
    pages["gift-specials"] = hostile.pages[0]
    return pages


@pytest.mark.parametrize("name", ["flashcard", "choice", "lost-options", "open", "challenge",
                                  "gift-specials"])
def test_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    page = _pages()[name]
    assert page.items
    ctx = BuildContext(tree=Tree(root="source", pages=(page,)), out=tmp_path,
                       source_root=tmp_path, templates=TEMPLATES, epoch=EPOCH)
    GiftWriter().write(ctx)
    actual = (tmp_path / PAGE_FILE.format(slug=page.slug)).read_text(encoding="utf-8")
    check_golden(GOLDEN / f"{name}.gift.txt", actual)


def test_writer_reports_what_gift_cannot_carry(tmp_path: Path) -> None:
    page = _pages()["challenge"]
    bad = page.items[0].model_copy(update={"tags": ("ok", "no]good")})
    tree = Tree(root="source", pages=(page.model_copy(update={"items": (bad,)}),))
    ctx = BuildContext(tree=tree, out=tmp_path, source_root=tmp_path, templates=TEMPLATES,
                       epoch=EPOCH)
    GiftWriter().write(ctx)
    codes = sorted(d.code for d in ctx.report)
    assert codes == ["gift-challenge", "gift-tag"]
    tag = next(d for d in ctx.report if d.code == "gift-tag")
    assert tag.line == bad.span.start and "no]good" in tag.message
    text = (tmp_path / PAGE_FILE.format(slug=page.slug)).read_text(encoding="utf-8")
    assert "[tag:ok]" in text and "no]good" not in text
