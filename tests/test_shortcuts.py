"""Fast paths give exactly what the slow paths they skip give: the plain-line shortcut
in ``render_block``/``render_inline``, and pydantic's JSON for ``model.json``."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.render.markdown import (
    is_plain,
    render_block,
    render_block_full,
    render_inline,
    render_inline_full,
)

# Markup characters, spaces of every kind, entities and digits, over a base of letters,
# so that plain and non-plain lines both come up often.
ALPHABET = st.sampled_from(list(
    "aZé中 \u00a0\u2003\t\n.,;:?!'()/%-+=#*_`[]<>&\\|~\"0123456789@$^{}\u200b\ufeff"))


@settings(max_examples=3000, deadline=None)
@given(st.text(ALPHABET, max_size=24))
@example("Hello (case 3)?")
@example("What's 50% of it: yes/no; maybe.")
@example("1. listed")
@example("a\u00a0b")
def test_shortcut_equals_full_path(text: str) -> None:
    if is_plain(text):
        assert render_block_full(text) == f"<p>{text}</p>"
        assert render_inline_full(text) == text
    assert render_block(text) == render_block_full(text)
    assert render_inline(text) == render_inline_full(text)


def test_shortcut_is_taken_for_ordinary_lines() -> None:
    # Without this the property above would hold with a shortcut that never fires.
    assert is_plain("Why does all-reduce need a barrier (case 12)?")
    assert not is_plain("Use `torch.cuda`")
    assert not is_plain("- a list item")


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_model_json_shortcut_equals_json_dumps(text: str) -> None:
    import json

    from builder.model import Page, Span
    from builder.writers.model_json import page_json

    page = Page(path="p.txt", slug="p", title=text, span=Span(file=text or "f", start=1, end=1))
    assert page_json(page) == json.dumps(page.model_dump(mode="json"), indent=1,
                                         ensure_ascii=False)
