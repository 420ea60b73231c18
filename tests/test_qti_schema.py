"""Every XML file of every QTI package validates against the official IMS schemas
(../shared/xsd, loaded offline): QTI 2.1 items and tests against imsqti_v2p1.xsd, the
2.1 manifest against the QTI 2.1 content-packaging profile, QTI 1.2 documents against
the IMS QTI ASI 1.2 XSD and the 1.2.1 DTD, the Canvas manifest against IMS CP 1.1.4.
Hostile text in every field still gives valid packages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from builder.build import BuildResult
from builder.model import (
    Badge,
    Blank,
    Challenge,
    Cloze,
    CodeBlock,
    Flashcard,
    Matching,
    MultipleChoice,
    Numeric,
    OpenPrompt,
    Option,
    Page,
    Pair,
    ShortAnswer,
    Span,
    Tree,
    TrueFalse,
)

from . import qti_schemas as S
from .conftest import FIXTURES, NO_PDF, ROOT, build_model, run_build

pytestmark = pytest.mark.consumer


@pytest.fixture(scope="session")
def schemas() -> float:
    """Load every schema once; the seconds it took (reported by test_schema_load_time)."""
    started = time.monotonic()
    S.schema(S.QTI21)
    S.schema(S.CP_QTI21)
    S.schema(S.CP)
    S.schema(S.QTI12)
    S.qti12_dtd()
    return time.monotonic() - started


def _validate_outputs(out: Path, result: BuildResult) -> tuple[int, float]:
    started = time.monotonic()
    failures: list[S.Failure] = []
    checked = 0
    for path in result.outputs["qti12"]:
        failures += S.validate_qti12_package(out / path)
        checked += 1
    for path in result.outputs["qti21"]:
        failures += S.validate_qti21_package(out / path)
        checked += 1
    assert not failures, "\n".join(map(str, failures))
    return checked, time.monotonic() - started


def test_sample_packages_validate(schemas: float, sample_build: tuple[Path, BuildResult]
                                  ) -> None:
    out, result = sample_build
    checked, seconds = _validate_outputs(out, result)
    assert checked == 4  # a page and a bank in each format
    print(f"validated {checked} sample packages in {seconds:.2f}s "
          f"(schemas loaded in {schemas:.2f}s)")


def test_source_packages_validate(schemas: float, request: pytest.FixtureRequest) -> None:
    if not any((ROOT / "source").rglob("*.txt")):
        pytest.skip("source/ has no pages yet")
    out, result = request.getfixturevalue("source_build")
    checked, seconds = _validate_outputs(out, result)
    assert checked >= 2
    print(f"validated {checked} source/ packages in {seconds:.2f}s")


def test_answer_kind_packages_validate(schemas: float, tmp_path: Path) -> None:
    """The answer kinds (true/false, numeric, short answer, blanks, matching) as Canvas
    question types: the answer-kinds fixture's QTI 1.2 quiz and bank."""
    out = tmp_path / "dist"
    result = run_build(FIXTURES / "consumers" / "answer-kinds", out, formats=["qti12"],
                       jobs=1, options=NO_PDF)
    assert result.ok
    failures: list[S.Failure] = []
    for path in result.outputs["qti12"]:
        failures += S.validate_qti12_package(out / path)
    assert len(result.outputs["qti12"]) == 2
    assert not failures, "\n".join(map(str, failures))


def test_validators_reject_broken_documents(schemas: float,
                                            sample_build: tuple[Path, BuildResult]) -> None:
    """The validation above can fail: a misplaced element or a bad identifier is caught
    by each schema."""
    out, _ = sample_build
    items21 = S.members(out / "qti21" / "bank.zip")
    name = next(n for n in items21 if n.startswith("items/"))
    doc = S.parse(items21[name])
    doc.getroot().find(f"{{{S_QTI21_NS}}}itemBody").insert(
        0, etree.Element(f"{{{S_QTI21_NS}}}span"))
    assert S.check(name, doc, S.schema(S.QTI21)) is not None
    manifest = S.parse(items21["imsmanifest.xml"])
    manifest.getroot().find(".//{*}resource").set("type", "imsqti_xmlv1p2")
    assert S.check("manifest", manifest, S.schema(S.CP_QTI21)) is not None
    quiz12 = S.members(out / "qti12" / "pages" / "pytorch-ddp-basics.zip")
    name = next(n for n in quiz12 if n.endswith("basics.xml"))
    doc = S.parse(quiz12[name])
    item = doc.getroot().find(".//{*}item")
    assert item is not None
    item.insert(0, etree.Element(f"{{{etree.QName(item).namespace}}}presentation"))
    assert S.check(name, doc, S.schema(S.QTI12)) is not None
    assert S.check(name, S.strip_namespaces(doc), S.qti12_dtd()) is not None


S_QTI21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"

# Text that breaks naive XML or HTML writers: markup, entities, CDATA ends, quotes,
# control characters XML 1.0 forbids, emoji, right-to-left text, a lone surrogate.
HOSTILE = st.lists(
    st.sampled_from([
        "<", ">", "&", "]]>", '"', "'", "\x00", "\x01", "\x0b", "\x1b", "\x7f", "\ufffe",
        "\ud800", "😀", "👩‍💻", "\u202e", "שלום", "مرحبا", "a", " ", "\n", "`", "*", "_",
        "\\n", "<script>", "&amp;", "&#0;", "![x](y.png)", "[l](javascript:x)", "#", "|",
        "    ", "- ", "1. ", "```", "\\(", "\\)", "</pre>", "<![CDATA[",
    ]),
    min_size=1, max_size=12,
).map("".join).filter(lambda s: s.strip() != "")


def _span(line: int) -> Span:
    return Span(file="hostile.txt", start=line, end=line)


@st.composite
def hostile_trees(draw: st.DrawFn) -> Tree:
    def t() -> str:
        return draw(HOSTILE)

    options = tuple(Option(letter=letter, text=t(), correct=letter in "AC",
                           feedback=t() if letter == "B" else None, span=_span(5))
                    for letter in "ABCD")
    output_options = tuple(Option(letter=letter, text=t(), correct=letter == "A",
                                  is_output=True, span=_span(9)) for letter in "AB")
    items = (
        Flashcard(id="h-card", id_explicit=True, difficulty="beginner", question=t(),
                  answer=t(), span=_span(1)),
        MultipleChoice(id="h-multi", id_explicit=True, question=t(), options=options,
                       multiple=True, explanation=t(), options_lost=False, span=_span(4)),
        MultipleChoice(id="h-single", id_explicit=True, question=t(),
                       options=tuple(o.model_copy(update={"correct": o.letter == "A"})
                                     for o in options),
                       multiple=False, explanation=None, options_lost=False, span=_span(5)),
        MultipleChoice(id="h-lost", id_explicit=True, question=t(), options=(),
                       multiple=False, explanation=t(), options_lost=True, span=_span(6)),
        OpenPrompt(id="h-open", id_explicit=True, prompt=t(), hint=t(), concept_count=2,
                   concepts=(t(), t()), span=_span(7)),
        Challenge(id="h-chal", id_explicit=True, category=t(), category_icon="🧠",
                  difficulty="expert", time_limit_s=75, attempts=2, title=t(), body=t(),
                  code=CodeBlock(label="Python", language="python", text=t(), span=_span(8)),
                  options=output_options, explanation=t(), hint=t(), span=_span(8)),
    )
    page = Page(path="hostile.txt", slug="hostile", title=t(), subtitle=t(), subject=t(),
                deck=t(), tags=("a",), badge=Badge(name=t(), span=_span(1)), items=items,
                span=_span(1))
    return Tree(root="src", pages=(page,))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=hostile_trees())
def test_hostile_text_gives_valid_packages(schemas: float, tmp_path_factory:
                                           pytest.TempPathFactory, tree: Tree) -> None:
    out = tmp_path_factory.mktemp("hostile")
    built = build_model(tree, out, ["qti12", "qti21"], epoch=315532800)
    written = built.written
    assert len(written) == 4
    failures: list[S.Failure] = []
    for path in written:
        check = S.validate_qti12_package if path.startswith("qti12") \
            else S.validate_qti21_package
        failures += check(out / path)
    assert not failures, "\n".join(map(str, failures))
    dumped = repr(tree.model_dump())
    if any(c in dumped for c in ("\\x00", "\\x01", "\\x0b", "\\x1b", "\\ufffe", "\\ud800")):
        codes = {d.code for d in built.report}
        assert {"qti12-control-character", "qti21-control-character"} <= codes


def test_answer_kinds_qti21_packages_validate(schemas: float, tmp_path: Path) -> None:
    """Every answer kind (tests/fixtures/consumers/answer-kinds): true or false, numbers
    with and without tolerance and as a range, short answers, passages with blanks and
    matching questions, in QTI 2.1 items that validate."""
    out = tmp_path / "dist"
    result = run_build(ROOT / "tests" / "fixtures" / "consumers" / "answer-kinds", out,
                       formats=["qti21"])
    assert result.ok
    failures = [f for path in result.outputs["qti21"]
                for f in S.validate_qti21_package(out / path)]
    assert len(result.outputs["qti21"]) == 2 and not failures, "\n".join(map(str, failures))


@st.composite
def hostile_answer_kinds(draw: st.DrawFn) -> Tree:
    def t() -> str:
        return draw(HOSTILE)

    blanks = tuple(Blank(answer=t(), hint=draw(st.none() | HOSTILE), span=_span(5))
                   for _ in range(draw(st.integers(1, 3))))
    items = (
        TrueFalse(id="h-tf", id_explicit=True, statement=t(), truth=draw(st.booleans()),
                  explanation=t(), span=_span(1)),
        Numeric(id="h-num", id_explicit=True, question=t(), written_as="tolerance",
                answer=2.5, tolerance=0.5, low=2, high=3, units=t(), span=_span(2)),
        Numeric(id="h-range", id_explicit=True, question=t(), written_as="range",
                answer=30, tolerance=1, low=29, high=31, span=_span(3)),
        ShortAnswer(id="h-short", id_explicit=True, question=t(), accepted=(t(), t(), t()),
                    case_sensitive=draw(st.booleans()), explanation=t(), span=_span(4)),
        Cloze(id="h-cloze", id_explicit=True, text=tuple(t() for _ in range(len(blanks) + 1)),
              blanks=blanks, distractors=(t(),), explanation=t(), span=_span(5)),
        Matching(id="h-match", id_explicit=True, question=t(),
                 pairs=tuple(Pair(left=t(), right=t(), span=_span(6)) for _ in range(3)),
                 distractors=(t(),), explanation=t(), span=_span(6)),
    )
    page = Page(path="hostile.txt", slug="hostile", title=t(), items=items, span=_span(1))
    return Tree(root="src", pages=(page,))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=hostile_answer_kinds())
def test_hostile_answer_kinds_give_valid_qti21(schemas: float, tmp_path_factory:
                                               pytest.TempPathFactory, tree: Tree) -> None:
    """Hostile text in every field of every answer kind (a blank inside code, a list, a
    table, emphasis) still gives valid QTI 2.1 packages."""
    out = tmp_path_factory.mktemp("hostile-kinds")
    built = build_model(tree, out, ["qti21"], epoch=315532800)
    failures = [f for path in built.written for f in S.validate_qti21_package(out / path)]
    assert len(built.written) == 2 and not failures, "\n".join(map(str, failures))
