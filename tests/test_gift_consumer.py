"""The GIFT files, read back by an independent parser (gift-pegjs from npm)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from builder.build import BuildResult
from builder.model import Cloze, Flashcard, MultipleChoice, Tree
from builder.writers.options import GiftOptions, Options
from tests.conftest import FIXTURES, ROOT, SAMPLE, TEMPLATES, run_build
from tests.gift_parser import Parsed, ensure_installed, parse_many, round_trip_problems

pytestmark = pytest.mark.consumer

PEG_TYPES = {"MC": "multichoice", "Essay": "essay", "TF": "truefalse", "Numerical": "numerical",
             "Short": "shortanswer", "Matching": "match"}
ANSWER_TYPES = {"truefalse": "truefalse", "numeric": "numerical", "short": "shortanswer",
                "matching": "match"}


@pytest.fixture(scope="module", autouse=True)
def _parser() -> None:
    ensure_installed()


def _tree(out: Path) -> Tree:
    return Tree.model_validate_json((out / "model.json").read_text(encoding="utf-8"))


def _parse_outputs(out: Path, result: BuildResult) -> dict[str, Parsed]:
    paths = result.outputs["gift"]
    parsed = parse_many([(out / p).read_text(encoding="utf-8") for p in paths])
    return dict(zip(paths, parsed, strict=True))


def _types(parsed: Parsed) -> Counter[str]:
    return Counter(PEG_TYPES.get(q["type"], q["type"]) for q in parsed["questions"])


def _expected_types(tree: Tree, flashcards: bool = True) -> Counter[str]:
    """GIFT types by the model's own item kinds (the mapping in docs/outputs/gift.md)."""
    counts: Counter[str] = Counter()
    for _, item in tree.items():
        card = isinstance(item, Flashcard) or (
            isinstance(item, MultipleChoice) and item.options_lost)
        if card and not flashcards:
            continue
        if isinstance(item, Cloze):
            # One missing-word question per blank.
            counts["multichoice" if item.distractors else "shortanswer"] += len(item.blanks)
        elif item.kind in ANSWER_TYPES:
            counts[ANSWER_TYPES[item.kind]] += 1
        else:
            counts["essay" if card or item.kind == "open" else "multichoice"] += 1
    return counts


def _extra_questions(tree: Tree) -> int:
    """Questions beyond one per item: a passage's second and later blanks."""
    return sum(len(item.blanks) - 1 for _, item in tree.items()
               if isinstance(item, Cloze) and item.blanks)


def check_build(out: Path, result: BuildResult, flashcards: bool = True) -> None:
    parsed = _parse_outputs(out, result)
    errors = {p: r["error"] for p, r in parsed.items() if "error" in r}
    assert not errors, errors
    tree = _tree(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stats = manifest["formats"]["gift"]
    whole = parsed.pop("gift/all.gift.txt")
    questions = _types(whole)
    categories = questions.pop("Category")
    # Counts by type: the parser, the manifest and the model's item kinds agree.
    assert dict(questions) == stats["questions"] == dict(_expected_types(tree, flashcards))
    assert categories == stats["categories"] == len(parsed)
    assert sum(manifest["counts"].values()) == manifest["items"] == (
        sum(questions.values()) - _extra_questions(tree) + stats["left_out"])
    # The page files hold the same questions: each a category then its page's items.
    per_page: Counter[str] = Counter()
    for one in parsed.values():
        types = _types(one)
        assert types.pop("Category") == 1
        per_page += types
    assert per_page == questions
    names = [q["title"] for q in whole["questions"] if q["type"] != "Category"]
    assert len(names) == len(set(names))
    # Every field as the writer meant it, every key as the model has it.
    assert round_trip_problems(tree, whole, TEMPLATES, flashcards) == []
    for path in result.outputs["gift"]:
        data = (out / path).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        data.decode("utf-8")
        assert path.endswith(".txt")  # Moodle's import takes text/plain files only


def test_sample_parses_with_counts_of_the_manifest(
        sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    check_build(out, result)
    # The sample has every item kind, so every GIFT shape we write is exercised.
    stats = result.manifest["formats"]["gift"]  # type: ignore[index]
    assert stats["questions"] == {"essay": 5, "multichoice": 5}


def test_without_flashcards(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = run_build(SAMPLE, out, keep_going=True, formats=["model", "gift"],
                       options=Options(gift=GiftOptions(flashcards=False)))
    check_build(out, result, flashcards=False)
    text = (out / "gift/all.gift.txt").read_text(encoding="utf-8")
    assert "ddp-overlap" not in text and "collectives" in text


def test_hostile_pages_parse(tmp_path: Path) -> None:
    """The hostile fixture corpus (GIFT specials, markup, unicode) reads back intact."""
    source = ROOT / "tests" / "fixtures" / "hostile"
    out = tmp_path / "dist"
    result = run_build(source, out, keep_going=True, formats=["model", "gift"])
    assert result.ok
    check_build(out, result)
    assert any(page.items for page in _tree(out).pages)


def test_answer_kinds_parse(tmp_path: Path) -> None:
    """The page with every answer kind: truefalse, numerical, short, missing word, match."""
    out = tmp_path / "dist"
    result = run_build(FIXTURES / "consumers" / "answer-kinds", out, formats=["model", "gift"])
    assert result.ok
    check_build(out, result)
    assert result.manifest["formats"]["gift"]["questions"] == {  # type: ignore[index]
        "match": 2, "multichoice": 1, "numerical": 3, "shortanswer": 4, "truefalse": 2}


@pytest.mark.parametrize(("old", "new", "found"), [
    ("T\n####", "F\n####", "git-kinds-parent: truth"),
    ("#29..31", "#29..32", "git-kinds-reflog-days: number"),
    ("=[plain].gitignore", "=[plain].gitignor", "git-kinds-ignore-file: answers"),
    ("-> the index", "-> the history", "git-kinds-areas: pairs"),
    ("~[html]tree", "=[html]tree", "git-kinds-branch: answers"),
])
def test_answer_kind_breaks_are_seen(tmp_path: Path, old: str, new: str, found: str) -> None:
    out = tmp_path / "dist"
    assert run_build(FIXTURES / "consumers" / "answer-kinds", out,
                     formats=["model", "gift"]).ok
    text = (out / "gift/all.gift.txt").read_text(encoding="utf-8")
    assert old in text
    (parsed,) = parse_many([text.replace(old, new, 1)])
    problems = round_trip_problems(_tree(out), parsed, TEMPLATES)
    assert any(p.startswith(found) for p in problems), problems


def test_source_parses(request: pytest.FixtureRequest) -> None:
    if not any((ROOT / "source").rglob("*.txt")):
        pytest.skip("source/ has no pages yet")
    out, result = request.getfixturevalue("source_build")
    check_build(out, result)
