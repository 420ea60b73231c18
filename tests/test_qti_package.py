"""What the QTI packages hold, read back with lxml and compared with the model: item
counts by interaction type, manifests that list every file, Canvas settings from the
challenges, identifiers that stay put across builds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from builder.build import BuildResult
from builder.model import Challenge, Flashcard, MultipleChoice, OpenPrompt, Tree

from . import qti_schemas as S
from .conftest import SAMPLE, run_build

QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
QTIM = "{http://www.imsglobal.org/xsd/imsqti_metadata_v2p1}"
PAGE = "pytorch-ddp-basics"


def _expected(out: Path) -> Counter[str]:
    """Question types the model asks for, counted from the model the build wrote."""
    tree = Tree.model_validate_json((out / "model.json").read_text(encoding="utf-8"))
    kinds: Counter[str] = Counter()
    for _, item in tree.items():
        if isinstance(item, Flashcard | OpenPrompt) or (
                isinstance(item, MultipleChoice) and item.options_lost):
            kinds["essay"] += 1
        elif isinstance(item, MultipleChoice | Challenge):
            kinds["multiple" if len(item.correct_letters) > 1 else "single"] += 1
    return kinds


def test_qti21_counts_match_manifest_items_and_stats(sample_build: tuple[Path, BuildResult]
                                                     ) -> None:
    out, result = sample_build
    stats = result.manifest["formats"]["qti21"]  # type: ignore[index]
    files = S.members(out / "qti21" / "bank.zip")
    manifest = etree.fromstring(files["imsmanifest.xml"])
    declared = Counter(e.text for e in manifest.iter(f"{QTIM}interactionType"))
    found: Counter[str] = Counter()
    cardinality: Counter[str] = Counter()
    for name, data in files.items():
        if name.startswith("items/"):
            root = etree.fromstring(data)
            for tag in ("choiceInteraction", "extendedTextInteraction",
                        "endAttemptInteraction"):
                found[tag] += len(root.findall(f".//{QTI21}{tag}"))
            choice = root.find(f".//{QTI21}choiceInteraction")
            if choice is not None:
                cardinality["single" if choice.get("maxChoices") == "1" else "multiple"] += 1
    assert declared == found == Counter(stats["interactions"])
    expected = _expected(out)
    assert found["extendedTextInteraction"] == expected["essay"] == 5
    assert dict(cardinality) == stats["cardinality"] == {"single": expected["single"],
                                                         "multiple": expected["multiple"]}
    items = [n for n in files if n.startswith("items/")]
    assert len(items) == stats["items"] == sum(expected.values()) == 10
    listed = {f.get("href") for f in manifest.iter("{*}file")}
    assert listed == set(items)


def test_qti21_page_package_has_a_test_over_its_items(sample_build: tuple[Path, BuildResult]
                                                      ) -> None:
    out, _ = sample_build
    files = S.members(out / "qti21" / "pages" / f"{PAGE}.zip")
    manifest = etree.fromstring(files["imsmanifest.xml"])
    types = Counter(r.get("type") for r in manifest.iter("{*}resource"))
    assert types == {"imsqti_test_xmlv2p1": 1, "imsqti_item_xmlv2p1": 10}
    assert {f.get("href") for f in manifest.iter("{*}file")} == set(files) - {"imsmanifest.xml"}
    test = etree.fromstring(files[f"tests/test-{PAGE}.xml"])
    refs = test.findall(f".//{QTI21}assessmentItemRef")
    assert len(refs) == 10
    timed = {r.get("identifier"): (r.find(f"{QTI21}timeLimits").get("maxTime"),
                                   r.find(f"{QTI21}itemSessionControl").get("maxAttempts"))
             for r in refs if r.find(f"{QTI21}timeLimits") is not None}
    assert timed == {"item-world-size-print": ("180", "1"),
                     next(iter(set(timed) - {"item-world-size-print"})): ("90", "2")}


def test_qti21_hint_is_an_end_attempt_with_modal_feedback(
        sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    item = etree.fromstring(S.members(out / "qti21" / "bank.zip")[
        "items/item-world-size-print.xml"])
    assert item.get("adaptive") == "true"
    end = item.find(f".//{QTI21}endAttemptInteraction")
    assert end is not None and end.get("responseIdentifier") == "HINTREQUEST"
    hint = item.find(f"{QTI21}modalFeedback[@identifier='HINT']")
    assert hint is not None and "Integer division" in "".join(hint.itertext())
    # the printed-output options keep their line break inside <pre>, not indentation
    pre = item.find(f".//{QTI21}simpleChoice/{QTI21}pre")
    assert pre is not None and "".join(pre.itertext()) == "16\n64"


def test_qti12_counts_and_canvas_settings(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    stats = result.manifest["formats"]["qti12"]  # type: ignore[index]
    files = S.members(out / "qti12" / "pages" / f"{PAGE}.zip")
    manifest = etree.fromstring(files["imsmanifest.xml"])
    hrefs = {f.get("href") for f in manifest.iter("{*}file")}
    assert hrefs == set(files) - {"imsmanifest.xml"}
    quiz = etree.fromstring(files[f"quiz-{PAGE}/quiz-{PAGE}.xml"])
    types = Counter(
        f.findtext("{*}fieldentry") for f in quiz.iter("{*}qtimetadatafield")
        if f.findtext("{*}fieldlabel") == "question_type")
    expected = _expected(out)
    assert types == Counter(stats["question_types"]) == {
        "essay_question": expected["essay"], "multiple_choice_question": expected["single"],
        "multiple_answers_question": expected["multiple"]}
    bank = S.members(out / "qti12" / "bank.zip")
    bank_items = [i for name, data in bank.items() if name != "imsmanifest.xml"
                  for i in etree.fromstring(data).iter("{*}item")]
    assert len(bank_items) == stats["items"] == sum(expected.values())
    meta = etree.fromstring(files[f"quiz-{PAGE}/assessment_meta.xml"])
    # 1:30 + 3:00 of challenges -> 5 minutes; attempts 2 and 1 -> the fewest
    assert meta.findtext("{*}time_limit") == "5"
    assert meta.findtext("{*}allowed_attempts") == "1"
    codes = {d.code for d in result.diagnostics}
    assert {"qti12-essay", "qti12-time-limit", "qti12-attempts", "qti12-hint",
            "qti21-essay"} <= codes


def test_qti12_feedback_is_linked_per_option(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    files = S.members(out / "qti12" / "pages" / f"{PAGE}.zip")
    quiz = etree.fromstring(files[f"quiz-{PAGE}/quiz-{PAGE}.xml"])
    for item in quiz.iter("{*}item"):
        feedback = {f.get("ident") for f in item.iter("{*}itemfeedback")}
        linked = {d.get("linkrefid") for d in item.iter("{*}displayfeedback")}
        assert feedback == linked
        labels = {r.get("ident") for r in item.iter("{*}response_label")
                  if r.getparent().tag.endswith("render_choice")}
        assert {f[:-3] for f in feedback if f != "general_fb"} <= labels


def test_identifiers_are_stable_and_reproducible(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = run_build(SAMPLE, tmp_path / "a", keep_going=True, formats=["qti12", "qti21"])
    run_build(SAMPLE, tmp_path / "b", keep_going=True, formats=["qti12", "qti21"])
    for fmt in ("qti12", "qti21"):
        for path in first.outputs[fmt]:
            assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    names = S.members(tmp_path / "a" / "qti21" / "bank.zip")
    assert "items/item-collectives.xml" in names and "items/item-ddp-overlap.xml" in names
