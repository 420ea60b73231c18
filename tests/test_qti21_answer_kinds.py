"""The answer kinds (issue 16) in QTI 2.1: golden files of every item of the answer-kinds
fixture page, what the build reports about them, and what the interactions mean
(case, tolerance, ranges, blanks, pairs) read from the items as a player would read
them. Proof that they score as the model says comes from the QTI player
(tests/test_consumer_qti_player.py); validation from tests/test_qti_schema.py.
Regenerate the goldens with
``UPDATE_GOLDEN=1 python -m pytest tests/test_qti21_answer_kinds.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from builder.build import BuildResult

from . import qti_schemas as S
from .conftest import FIXTURES, ROOT, run_build
from .golden import check_golden

TREE = FIXTURES / "consumers" / "answer-kinds"
GOLDEN = ROOT / "tests" / "golden" / "qti21-answer-kinds"
PACKAGE = "qti21/pages/git-answer-kinds.zip"
NS = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}


@pytest.fixture(scope="module")
def answer_kinds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("answer-kinds") / "dist"
    return out, run_build(TREE, out, formats=["qti21"])


def _item(out: Path, item_id: str) -> etree._Element:
    data = S.members(out / PACKAGE)[f"items/item-{item_id}.xml"]
    return etree.fromstring(data)


def test_golden_answer_kinds(answer_kinds: tuple[Path, BuildResult]) -> None:
    out, _ = answer_kinds
    files = S.members(out / PACKAGE)
    assert len(files) == 13  # the manifest, the test and 11 items
    for name, data in sorted(files.items()):
        check_golden(GOLDEN / name.replace("/", "__"), data.decode("utf-8"))
    expected = {name.replace("/", "__") for name in files}
    assert {p.name for p in GOLDEN.iterdir()} == expected


def test_what_the_build_reports(answer_kinds: tuple[Path, BuildResult]) -> None:
    _, result = answer_kinds
    found = {(d.code, d.message) for d in result.diagnostics}
    assert ("qti21-cloze-distractors", "1 fill-in-the-blanks passage(s) with distractors; their "
            "QTI 2.1 blanks are typed (textEntryInteraction), not chosen, so the distractors "
            "are left out (git-kinds-branch)") in found
    assert not any(code == "qti21-blank-hint-markup" for code, _ in found)
    stats = result.manifest["formats"]["qti21"]  # type: ignore[index]
    assert stats["interactions"] == {"choiceInteraction": 2, "matchInteraction": 2,
                                     "textEntryInteraction": 7}
    assert stats["cardinality"] == {"single": 2}


def test_interactions_mean_what_the_model_says(answer_kinds: tuple[Path, BuildResult]) -> None:
    out, _ = answer_kinds
    tf = _item(out, "git-kinds-stash")
    assert tf.xpath("//q:correctResponse/q:value/text()", namespaces=NS) == ["choice_false"]
    assert tf.xpath("//q:simpleChoice/text()", namespaces=NS) == ["True", "False"]
    tol = _item(out, "git-kinds-big-file")
    (equal,) = tol.xpath("//q:equal", namespaces=NS)
    assert (equal.get("toleranceMode"), equal.get("tolerance")) == ("absolute", "0.5 0.5")
    assert tol.xpath("string(//q:span[@class='units'])", namespaces=NS) == "MB"
    exact = _item(out, "git-kinds-sha1-length")
    assert exact.xpath("//q:equal/@toleranceMode", namespaces=NS) == ["exact"]
    ends = _item(out, "git-kinds-reflog-days")
    assert ends.xpath("//q:and/*/q:baseValue/text()", namespaces=NS) == ["29", "31"]
    short = _item(out, "git-kinds-ignore-file")
    assert short.xpath("//q:mapEntry/@caseSensitive", namespaces=NS) == ["true"]
    ahead = _item(out, "git-kinds-ahead")
    assert ahead.xpath("//q:mapEntry/@mapKey", namespaces=NS) == [
        "git log origin/main..HEAD", "git log @{u}.."]
    assert ahead.xpath("//q:mapEntry/@caseSensitive", namespaces=NS) == ["false", "false"]
    cloze = _item(out, "git-kinds-objects")
    boxes = cloze.xpath("//q:p/q:textEntryInteraction", namespaces=NS)
    assert [b.get("responseIdentifier") for b in boxes] == ["BLANK_1", "BLANK_2"]
    assert [b.get("placeholderText") for b in boxes] == [None, "they list names and modes"]
    match = _item(out, "git-kinds-areas")
    sets = match.xpath("//q:simpleMatchSet", namespaces=NS)
    assert [len(s) for s in sets] == [3, 5]  # two distractors among the targets
    assert match.xpath("//q:mapEntry/@mappedValue", namespaces=NS) == [
        "0.333333", "0.333333", "0.333334"]


def test_a_blank_the_markup_swallowed_still_gets_its_box() -> None:
    """A blank inside an image's alt text (an attribute, where no box can go) is shown as
    ``___`` there, and its box follows the passage."""
    from builder.writers.qti import v21_answers_xml
    from builder.writers.qti.xhtml import append_html, q

    holder = etree.Element(q("div"))
    append_html(holder, '<p>a \U000f0001 b <img src="x.png" alt="c \U000f0001"></p>')
    v21_answers_xml._boxes(holder, "\U000f0001", iter([{"responseIdentifier": "BLANK_1"},
                                                      {"responseIdentifier": "BLANK_2"}]))
    boxes = holder.xpath("//q:textEntryInteraction/@responseIdentifier", namespaces=NS)
    assert boxes == ["BLANK_1", "BLANK_2"]
    assert holder.xpath("//q:img/@alt", namespaces=NS) == ["c ___"]
    assert "\U000f0001" not in etree.tostring(holder, encoding="unicode")
