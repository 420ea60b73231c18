"""QTI 1.2 feedback that is only text is written as ``text/plain`` (the form Canvas's own
exports use for a plain comment), feedback with markup as ``text/html``; the text is
what the rendered HTML shows, escapes decoded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from builder.pipeline import check
from builder.render.rendered import render_page
from builder.writers.qti.common import Conversions
from builder.writers.qti.fragments import text_only
from builder.writers.qti.questions import question
from builder.writers.qti.texts import Texts
from builder.writers.qti.v12_item import QTI_NS, item_xml

from .conftest import TEMPLATES

Q = f"{{{QTI_NS}}}"
TEXTS = Texts(TEMPLATES)
FIXTURE = Path(__file__).parent / "fixtures" / "consumers" / "canvas-feedback-escaping"


@pytest.mark.parametrize(("html", "text"), [
    ("<p>2 &lt; 3 &amp; 3 &gt; 2</p>", "2 < 3 & 3 > 2"),
    ("No: 3 &gt; 2, &quot;so&quot;", 'No: 3 > 2, "so"'),
    ("<span>a &amp; b</span>", "a & b"),
    ("<p>two\nlines  joined</p>\n", "two lines joined"),
    ("<p>kept\u00a0non-breaking</p>", "kept\u00a0non-breaking"),
])
def test_text_only_reads_plain_fragments(html: str, text: str) -> None:
    assert text_only(html) == text


@pytest.mark.parametrize("html", [
    "<p>a <code>&lt;b&gt;</code></p>",
    "<p>one</p>\n<p>two</p>",
    '<p class="x">classed</p>',
    "<p>a<br>b</p>",
    "before <em>x</em>",
    "<ul><li>a &lt; b</li></ul>",
    "text <p>then a paragraph</p>",
])
def test_text_only_refuses_markup(html: str) -> None:
    assert text_only(html) is None


def _feedback(item: etree._Element) -> dict[str, tuple[str | None, str | None]]:
    found = {}
    for fb in item.iter(f"{Q}itemfeedback"):
        mattext = fb.find(f".//{Q}mattext")
        assert mattext is not None
        found[fb.get("ident") or ""] = (mattext.get("texttype"), mattext.text)
    return found


def _item(page_text: str, tmp_path: Path) -> etree._Element:
    path = tmp_path / "page.txt"
    path.write_text(page_text, encoding="utf-8")
    page = check([path]).tree.pages[0]
    qn = question(page, render_page(page), page.items[0], Conversions(), TEXTS)
    assert qn is not None
    holder = etree.Element(f"{Q}section")
    item_xml(holder, qn, TEXTS)
    return holder[0]


def test_plain_feedback_is_text_and_markup_stays_html(tmp_path: Path) -> None:
    item = _item(
        "Title: T\nSubject: Python\nRecall & Review\nWhich is true?\nA2 < 3\nB2 > 3\n"
        "Cneither\nAnswer: A\nExplanation: So 2 < 3 & 3 > 2.\n"
        "Feedback B: No: 3 > 2 <really>.\nFeedback C: Compare with `<` & `>`.\n", tmp_path)
    found = _feedback(item)
    assert found.pop("general_fb") == ("text/plain", "So 2 < 3 & 3 > 2.")
    by_text = sorted(found.values(), key=lambda v: v[0] or "")
    assert by_text[1] == ("text/plain", "No: 3 > 2 <really>.")
    assert by_text[0][0] == "text/html" and "<code>&lt;</code>" in (by_text[0][1] or "")
    # The serialised XML escapes each once: what Canvas's importer decodes once.
    assert b"So 2 &lt; 3 &amp; 3 &gt; 2." in etree.tostring(item)


def test_flashcard_answer_is_plain_general_feedback(tmp_path: Path) -> None:
    item = _item("Title: T\nSubject: Python\nRecall & Review\nbeginner\nWhat is a & b?\n"
                 "The intersection of a & b.\nClick to reveal answer\n", tmp_path)
    assert _feedback(item) == {"general_fb": ("text/plain", "The intersection of a & b.")}


def test_fixture_feedback_forms() -> None:
    """The consumer fixture has both forms, so the Canvas check sees both paths."""
    page = check([FIXTURE]).tree.pages[0]
    kinds = []
    rendered = render_page(page)
    for it in page.items:
        qn = question(page, rendered, it, Conversions(), TEXTS)
        assert qn is not None
        holder = etree.Element(f"{Q}section")
        item_xml(holder, qn, TEXTS)
        kinds += [kind for kind, _ in _feedback(holder[0]).values()]
    assert (kinds.count("text/plain"), kinds.count("text/html")) == (11, 3)
