"""A build renders each Markdown text once, for every writer (builder.render.rendered),
and no writer runs Markdown or Pygments itself."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.pipeline import check
from builder.render import markdown
from builder.render.rendered import RenderedPage, render_page, with_styles
from builder.writers import names

from .conftest import NO_PDF, ROOT, SAMPLE, run_build

WRITERS = ROOT / "builder" / "writers"
# What only the render stage may import: Markdown, the sanitiser, Pygments.
FORBIDDEN = ("builder.render.markdown", "pygments", "markdown_it", "mdit_py_plugins", "nh3")
ALLOWED_RENDER = "builder.render.rendered"
Call = tuple[object, ...]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Counter[Call]:
    """Every call of the renderer's entry points, by function and arguments. The lru
    caches are bypassed, so a second rendering of a text counts even in one process;
    code highlighted inside a text being rendered belongs to that text's call."""
    calls: Counter[Call] = Counter()
    depth = [0]

    def counting(name: str, fn: Callable[..., str]) -> Callable[..., str]:
        raw = getattr(fn, "__wrapped__", fn)

        def call(*args: Any) -> str:
            if not depth[0]:
                calls[(name, *(tuple(a) if isinstance(a, list) else a for a in args))] += 1
            depth[0] += 1
            try:
                return str(raw(*args))
            finally:
                depth[0] -= 1
        return call

    for name in ("render_block", "render_inline", "highlight_block", "output_block"):
        monkeypatch.setattr(markdown, name, counting(name, getattr(markdown, name)))
    return calls


def _build(out: Path, cache: Path, formats: list[str] | None = None) -> None:
    result = run_build(SAMPLE, out, formats=formats, keep_going=True, options=NO_PDF,
                       jobs=1, cache=cache)
    assert result.ok, [d.text() for d in result.diagnostics]


def test_every_text_is_rendered_at_most_once(tmp_path: Path, renders: Counter[Call]) -> None:
    _build(tmp_path / "dist", tmp_path / "cache")
    assert renders, "the build rendered nothing through builder.render.markdown"
    twice = {call: n for call, n in renders.items() if n > 1}
    assert not twice
    kinds = {call[0] for call in renders}
    assert kinds == {"render_block", "render_inline", "highlight_block", "output_block"}


def test_a_build_from_the_cache_renders_nothing(tmp_path: Path,
                                                renders: Counter[Call]) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path / "dist", cache)
    renders.clear()
    _build(tmp_path / "dist", cache)
    assert not renders


def test_another_writer_takes_the_cached_rendering(tmp_path: Path,
                                                   renders: Counter[Call]) -> None:
    """A build that compiles only a writer it did not compile before renders nothing:
    the page's fragments are in the cache from the build that compiled the others."""
    cache = tmp_path / "cache"
    _build(tmp_path / "one", cache, ["gift"])
    assert renders
    renders.clear()
    _build(tmp_path / "all", cache, list(names()))
    assert not renders


def test_the_model_alone_renders_nothing(tmp_path: Path, renders: Counter[Call]) -> None:
    _build(tmp_path / "dist", tmp_path / "cache", ["model"])
    assert not renders


def test_a_text_not_rendered_is_a_key_error() -> None:
    rendered = RenderedPage()
    with pytest.raises(KeyError):
        rendered.block("x")
    with pytest.raises(KeyError):
        rendered.inline("x")
    with pytest.raises(KeyError):
        rendered.code("x", "python")
    with pytest.raises(KeyError):
        rendered.output(["x"])


def test_fragments_are_what_the_helpers_return() -> None:
    """Every fragment of the sample is the helpers' own string; the styled variant adds
    only ``style`` attributes, and only to fragments with highlighted code."""
    styled = 0
    for page in check([SAMPLE]).tree.pages:
        rendered = render_page(page)
        for text, html in rendered.blocks.items():
            assert html == markdown.render_block(text)
        for text, html in rendered.inlines.items():
            assert html == markdown.render_inline(text)
        for (text, language), html in rendered.codes.items():
            assert html == markdown.highlight_block(text, language)
            assert rendered.code(text, language, styled=True) == with_styles(html)
        for lines, html in rendered.outputs.items():
            assert html == markdown.output_block(list(lines))
        for html, variant in rendered.inline_styled.items():
            assert 'style="' in variant and re.sub(r' style="[^"]*"', "", variant) == html
            styled += 1
    assert styled


def _imports(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, relative imports resolved (``from m import n`` as
    ``m.n``, whether ``n`` is a module or a name in ``m``)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_no_writer_imports_markdown_or_pygments() -> None:
    found = []
    for path in sorted(WRITERS.rglob("*.py")):
        for module in _imports(path):
            forbidden = any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
            # builder.render re-exports the Markdown helpers: only its render stage will do.
            other_render = (module.startswith("builder.render.") and
                            not module.startswith(ALLOWED_RENDER))
            if forbidden or other_render or module == "builder.render":
                found.append(f"{path.relative_to(ROOT)}: {module}")
    assert not found
