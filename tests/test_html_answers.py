"""The sheets of the kinds answered outside lettered options (issue 16), without a
browser: the fixture's two sheets byte for byte, what each sheet holds where, the fixed
order of a quiz's choices, and text that tries to break out of the markup. Chromium's
view of the same sheets is in test_visuals.py and test_html_browser.py."""

from __future__ import annotations

from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest

from builder.model import Blank, Cloze, Matching, Pair, Tree
from builder.writers.html.answers import letter, lettered, word_bank

from .answer_kinds import (
    answer_kinds_page,
    answers,
    build_sheets,
    hidden_in_quiz,
    span,
)
from .conftest import ROOT, build_model
from .golden import check_golden

GOLDEN = ROOT / "tests" / "golden" / "html"
SHEETS = ("git-answer-kinds.html", "git-answer-kinds.quiz.html")


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sheets(tmp_path_factory.mktemp("answer-kinds") / "dist")


def doc(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


@pytest.mark.parametrize("name", SHEETS)
def test_answer_kind_sheets_match_golden(html_dir: Path, name: str) -> None:
    check_golden(GOLDEN / name, (html_dir / name).read_text(encoding="utf-8"))


def test_the_fixture_has_every_kind() -> None:
    kinds = [item.kind for item in answer_kinds_page().items]
    assert set(kinds) == {"truefalse", "numeric", "short", "cloze", "matching"}
    assert all(kinds.count(k) >= 2 for k in set(kinds))


def test_revision_sheet_shows_every_answer_in_its_item(html_dir: Path) -> None:
    root = doc(html_dir / SHEETS[0])
    assert not root.xpath("//details") and not root.xpath("//*[@class='answer-key']")
    for item in answer_kinds_page().items:
        (li,) = root.xpath(f"//li[@id='i-{item.id}']")
        shown = text_of(li)
        assert all(a in shown for a in answers(item)), (item.id, shown)
    marked = [text_of(m) for m in root.xpath("//mark[@class='filled']")]
    blanks = [b.answer for i in answer_kinds_page().items if isinstance(i, Cloze)
              for b in i.blanks]
    assert marked == blanks
    rows = root.xpath("//table[@class='pairs']//tr")
    pairs = [p for i in answer_kinds_page().items if isinstance(i, Matching) for p in i.pairs]
    assert [(text_of(r[0]), text_of(r[1])) for r in rows] == [(p.left, p.right) for p in pairs]


def _outside_answers(li: lxml.html.HtmlElement) -> str:
    """An item's text without its <details> (the answer a learner opens)."""
    for details in li.xpath(".//details"):
        details.drop_tree()
    return text_of(li)


def test_quiz_keeps_answers_for_the_reveal_and_the_key(html_dir: Path) -> None:
    root = doc(html_dir / SHEETS[1])
    (key,) = root.xpath("//section[@class='answer-key']/ol")
    entries = key.xpath("./li")
    items = answer_kinds_page().items
    assert len(entries) == len(items)
    for item, entry in zip(items, entries, strict=True):
        (li,) = root.xpath(f"//li[@id='i-{item.id}']")
        assert all(a in text_of(li.xpath(".//details")[0]) for a in answers(item))
        if not isinstance(item, Matching):  # its key is letters (below)
            assert all(a in text_of(entry) for a in answers(item)), item.id
        outside = _outside_answers(li)
        assert not [a for a in hidden_in_quiz(item) if a in outside], (item.id, outside)
    assert not root.xpath("//mark | //table[@class='pairs'] | //b[@class='truth'][not("
                          "ancestor::details or ancestor::section[@class='answer-key'])]")


def test_quiz_numbers_each_blank_and_keys_it(html_dir: Path) -> None:
    root = doc(html_dir / SHEETS[1])
    for item in answer_kinds_page().items:
        if not isinstance(item, Cloze):
            continue
        (li,) = root.xpath(f"//li[@id='i-{item.id}']")
        blanks = li.xpath(".//span[@class='blank']")
        assert [text_of(b) for b in blanks] == [str(n + 1) for n in range(len(item.blanks))]
        assert [b.get("title") for b in blanks] == [b.hint for b in item.blanks]
        hints = [text_of(h) for h in li.xpath(".//small[@class='blank-hint']")]
        assert hints == [f"({b.hint})" for b in item.blanks if b.hint]
        key = [text_of(k) for k in li.xpath(".//ol[@class='blank-key']/li")]
        assert key == [f"{n + 1}{b.answer}" for n, b in enumerate(item.blanks)]
        bank = [text_of(w) for w in li.xpath(".//p[@class='word-bank']/span[@class='word']")]
        assert bank == list(word_bank(item))
        assert bool(bank) == bool(item.distractors)


def test_quiz_letters_the_right_hand_texts_and_keys_numbers_to_letters(
        html_dir: Path) -> None:
    root = doc(html_dir / SHEETS[1])
    (key,) = root.xpath("//section[@class='answer-key']/ol")
    items = answer_kinds_page().items
    for item, entry in zip(items, key.xpath("./li"), strict=True):
        if not isinstance(item, Matching):
            continue
        (li,) = root.xpath(f"//li[@id='i-{item.id}']")
        lefts = [text_of(x) for x in li.xpath(".//ol[@class='match-left']/li")]
        assert lefts == [f"{n + 1}{p.left}" for n, p in enumerate(item.pairs)]
        rights = {text_of(x.xpath("./b")[0]): text_of(x.xpath("./span")[0])
                  for x in li.xpath(".//ul[@class='match-right']/li")}
        assert sorted(rights.values()) == sorted([p.right for p in item.pairs]
                                                 + list(item.distractors))
        printed = [text_of(x) for x in entry.xpath(".//ul[@class='match-key']/li")]
        letters = [line.split("→")[1].strip() for line in printed]
        assert [rights[x] for x in letters] == [p.right for p in item.pairs]


def _matching(rights: list[str], distractors: tuple[str, ...] = ()) -> Matching:
    return Matching(question="Match", distractors=distractors, id="m", id_explicit=False,
                    span=span(1), pairs=tuple(Pair(left=f"l{n}", right=r, span=span(1))
                                              for n, r in enumerate(rights)))


def test_lettering_is_sorted_and_the_same_every_time() -> None:
    item = _matching(["b", "C", "a"], ("Ab",))
    first = lettered(item)
    assert first == lettered(item) == lettered(item.model_copy())
    assert [r.text for r in first.rights] == ["a", "Ab", "b", "C"]
    assert first.key == ("C", "D", "A")  # "b", "C", "a"
    assert [letter(n) for n in (0, 25, 26, 27, 52)] == ["A", "Z", "AA", "AB", "BA"]
    many = lettered(_matching([f"r{n:02}" for n in range(30)]))
    assert len({r.letter for r in many.rights}) == 30


def test_hostile_hint_and_pairs_stay_text(tmp_path: Path) -> None:
    nasty = '"><script>alert(1)</script><b x="'
    cloze = Cloze(text=("a ", " b"), blanks=(Blank(answer=nasty, hint=nasty, span=span(2)),),
                  distractors=(nasty + "!",), id="c", id_explicit=False, span=span(2))
    match = _matching([nasty, "y", "z"], (nasty + "?",))
    page = answer_kinds_page().model_copy(update={"items": (cloze, match)})
    build_model(Tree(root=str(tmp_path), pages=(page,)), tmp_path / "dist", ["html"])
    for name in SHEETS:
        root = doc(tmp_path / "dist" / "html" / name)
        assert not root.xpath("//script | //*[@x]")
        assert nasty in text_of(root.xpath("//li[@id='i-c']")[0])
    quiz = doc(tmp_path / "dist" / "html" / SHEETS[1])
    assert quiz.xpath("//span[@class='blank']")[0].get("title") == nasty
