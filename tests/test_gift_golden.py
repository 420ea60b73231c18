"""Expected GIFT for one page of each item kind; UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

import builder.reader.annotations as reader_annotations
from builder.build import BuildResult, build
from builder.model import MultipleChoice
from builder.pipeline import check
from builder.tags import CleanTag
from builder.writers.gift import PAGE_FILE
from tests.conftest import FIXTURES, ROOT, SAMPLE, TEMPLATES, writer_report
from tests.golden import check_golden

GOLDEN = ROOT / "tests" / "golden" / "gift"
EPOCH = 1700000000


def _kind(item: object) -> str:
    if isinstance(item, MultipleChoice) and item.options_lost:
        return "lost-options"
    return str(getattr(item, "kind", ""))


def _source(name: str, root: Path) -> Path:
    """A source tree of one page: the sample page cut down to the items of one kind
    (the others' lines blanked, so every kept item keeps its line), or the
    GIFT-specials page."""
    root.mkdir()
    if name == "gift-specials":
        (root / "gift-specials.txt").write_bytes(
            (FIXTURES / "hostile" / "gift-specials.txt").read_bytes())
        return root
    (page,) = check([SAMPLE]).tree.pages
    lines = (SAMPLE / page.path).read_text(encoding="utf-8").split("\n")
    for item in page.items:
        if _kind(item) != name:
            lines[item.span.start - 1:item.span.end] = [""] * (item.span.end - item.span.start + 1)
    (root / page.path).parent.mkdir()
    (root / page.path).write_text("\n".join(lines), encoding="utf-8")
    return root


def _build_gift(source: Path, out: Path) -> BuildResult:
    result = build(source, out, TEMPLATES, formats=["gift"], keep_going=True)
    assert result.ok
    return result


@pytest.mark.parametrize("name", ["flashcard", "choice", "lost-options", "open", "challenge",
                                  "gift-specials"])
def test_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    source = _source(name, tmp_path / "source")
    (page,) = check([source]).tree.pages
    assert page.items
    assert name == "gift-specials" or {_kind(i) for i in page.items} == {name}
    _build_gift(source, tmp_path / "dist")
    actual = (tmp_path / "dist" / PAGE_FILE.format(slug=page.slug)).read_text(encoding="utf-8")
    check_golden(GOLDEN / f"{name}.gift.txt", actual)


def test_golden_answer_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page with every answer kind (tests/fixtures/consumers/answer-kinds/)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    source = FIXTURES / "consumers" / "answer-kinds"
    (page,) = check([source]).tree.pages
    result = _build_gift(source, tmp_path / "dist")
    assert sorted({d.code for d in writer_report(result, source)}) == [
        "gift-case-sensitive", "gift-cloze-hint", "gift-cloze-split"]
    actual = (tmp_path / "dist" / PAGE_FILE.format(slug=page.slug)).read_text(encoding="utf-8")
    check_golden(GOLDEN / "answer-kinds.gift.txt", actual)


def test_writer_reports_what_gift_cannot_carry(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The reader cleans every tag (`tag-changed`); were a tag GIFT cannot write as it is
    # (an empty `::` level) to get through, the writer leaves it out and says so.
    monkeypatch.setattr(reader_annotations, "clean_tag", lambda raw: CleanTag(raw, ()))
    source = _source("challenge", tmp_path / "source")
    (page,) = check([source]).tree.pages
    first, second = page.items
    lines = (source / page.path).read_text(encoding="utf-8").split("\n")
    lines[second.span.start - 1:second.span.end] = ["Tags: ok no::::good"] + [""] * (
        second.span.end - second.span.start)
    (source / page.path).write_text("\n".join(lines), encoding="utf-8")
    (bad,) = check([source]).tree.pages[0].items
    assert bad.id == first.id and bad.tags == ("ok", "no::::good")
    result = build(source, tmp_path / "dist", TEMPLATES, formats=["gift"], jobs=1)
    report = writer_report(result, source)
    assert sorted(d.code for d in report) == ["gift-challenge", "gift-tag"]
    tag = next(d for d in report if d.code == "gift-tag")
    assert tag.line == bad.span.start and "no::::good" in tag.message
    text = (tmp_path / "dist" / PAGE_FILE.format(slug=page.slug)).read_text(encoding="utf-8")
    assert "[tag:ok]" in text and "no::" not in text
