"""The sentences templates/qti gives the QTI writers: the concept count agrees in number
(it said "names 1 concepts"), and source text in a challenge's first line is escaped as
lxml escapes the rest of the item's HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.pipeline import check
from builder.render.rendered import render_page
from builder.writers.qti.common import Conversions
from builder.writers.qti.questions import question
from builder.writers.qti.texts import Labels, Texts

from .conftest import TEMPLATES

TEXTS = Texts(TEMPLATES)


@pytest.mark.parametrize(("count", "sentence"), [
    (1, "A good answer names 1 concept."),
    (2, "A good answer names 2 concepts."),
])
def test_concept_count_agrees_in_number(tmp_path: Path, count: int, sentence: str) -> None:
    page_file = tmp_path / "open.txt"
    page_file.write_text(
        "Title: T\nSubject: Python\nRecall & Review\n"
        "Describe what `LOCAL_RANK` is used for.\nPick the device.\n"
        f"You got /{count} concepts.\nConcepts: choosing the GPU\n", encoding="utf-8")
    page = check([page_file]).tree.pages[0]
    qn = question(page, render_page(page), page.items[0], Conversions(), TEXTS)
    assert qn is not None
    assert f'<p class="concept-count">{sentence}</p>' in qn.body


def test_challenge_meta_escapes_only_what_xml_text_needs() -> None:
    meta = TEXTS.render("challenge-meta.html.j2", icon="<&>", category='"Q" & \'A\'',
                        difficulty="hard", time_limit="1:30")
    assert meta == ('<p><span class="challenge-meta">&lt;&amp;&gt; "Q" &amp; \'A\''
                    " · hard · 1:30</span></p>")


def test_labels_are_plain_text() -> None:
    assert TEXTS.labels() == Labels("Show hint", "Answer", "Explanation", "Hint")
