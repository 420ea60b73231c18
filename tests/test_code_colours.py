"""The code stylesheets the outputs ship, read as files: every token class Pygments can
emit is readable (WCAG AA, 4.5:1) on the code's background, by day and by night,
including the classes a dark style leaves to the light one; every indentation a code
line can be marked with has its hanging-indent rule."""

from __future__ import annotations

import re

import pytest

from builder import resources
from builder.render import code_lines
from builder.render.markdown import MAX_INDENT
from builder.render.styles import LINES

# `selector { declarations }` on one line, as Pygments writes its rules.
_RULE = re.compile(r"^(?P<selector>[^{}@]+?)\s*\{(?P<body>[^{}]*)\}", re.M)
_COLOUR = re.compile(r"(?<![-\w])color:\s*#(?P<hex>[0-9a-fA-F]{3,6})")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*#(?P<hex>[0-9a-fA-F]{3,6})")
# Whitespace has no ink; .hll is a highlighted line's background, which we never emit.
_NO_INK = {"w", "hll"}


def _rgb(hex_: str) -> tuple[int, int, int]:
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Scheme:
    """The colours one scope of a stylesheet gives `pre.hl` and its token classes."""

    def __init__(self, css: str, scope: str) -> None:
        self.tokens: dict[str, tuple[int, int, int]] = {}
        self.background: tuple[int, int, int] | None = None
        self.text: tuple[int, int, int] | None = None
        for m in _RULE.finditer(css):
            selector, body = m["selector"].strip(), m["body"]
            colour = _COLOUR.search(body)
            if selector == f"{scope}pre.hl":
                background = _BACKGROUND.search(body)
                self.background = _rgb(background["hex"]) if background else None
                self.text = _rgb(colour["hex"]) if colour else None
            elif selector.startswith(f"{scope}pre.hl .") and colour:
                self.tokens[selector.removeprefix(f"{scope}pre.hl .")] = _rgb(colour["hex"])


def _scopes(path: str) -> dict[str, tuple[Scheme, Scheme | None]]:
    """Day and night for each file: night falls back to day for what it leaves out."""
    css = (resources.templates() / path).read_text(encoding="utf-8")
    if path.startswith("anki/"):
        return {"day": (Scheme(css, ""), None), "night": (Scheme(css, ".nightMode "),
                                                           Scheme(css, ""))}
    light, _, dark = css.partition("@media screen and (prefers-color-scheme: dark)")
    return {"day": (Scheme(light, ""), None), "night": (Scheme(dark, ""), Scheme(light, ""))}


@pytest.mark.parametrize("path", ["anki/code.css", "html/code.css"])
def test_every_token_colour_is_readable_on_its_background(path: str) -> None:
    poor = []
    for name, (scheme, fallback) in _scopes(path).items():
        assert scheme.background, (path, name)
        classes = set(scheme.tokens) | set(fallback.tokens if fallback else ())
        assert {"c", "c1", "k", "s2"} <= classes
        for cls in sorted(classes - _NO_INK):
            colour = scheme.tokens.get(cls) or (fallback.tokens.get(cls) if fallback else None)
            colour = colour or scheme.text or (0, 0, 0)
            ratio = contrast(colour, scheme.background)
            if ratio < 4.5:
                poor.append((name, cls, round(ratio, 2)))
    assert poor == []


def test_comments_stand_out_by_night() -> None:
    """Comments are the part of a listing that explains it: clearly above the minimum."""
    for path in ("anki/code.css", "html/code.css"):
        night, _ = _scopes(path)["night"]
        assert night.background
        assert contrast(night.tokens["c1"], night.background) >= 6, path


def test_every_indentation_a_code_line_can_have_has_its_rule() -> None:
    """code_lines marks a line indented N columns `in-N` (up to MAX_INDENT); the shared
    stylesheet, and so both code.css, must hang each of them."""
    deepest = "\n".join(" " * n + "x" for n in range(MAX_INDENT + 4))
    emitted = set(re.findall(r'class="line in-(\d+)"', code_lines(deepest, "")))
    assert emitted == {str(n) for n in range(1, MAX_INDENT + 1)}
    for path in (LINES, "anki/code.css", "html/code.css"):
        css = (resources.templates() / path).read_text(encoding="utf-8")
        ruled = set(re.findall(r"pre \.in-(\d+) \{ --i: \1; \}", css))
        assert ruled == emitted, path
