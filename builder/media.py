"""Images in the source (``![alt](path)``): where they point, and whether they may be used.

An image path is relative to its page and must stay inside the source root: absolute
paths, ``..`` that climbs out, and symlinks that point out are refused. Web addresses
are left as they are. `check` reports a missing image as an error at its line; writers
that package images (Anki) use the same resolution.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from builder.diagnostics import Diagnostic, error, warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Page, Span
from builder.render import render_block

# nh3 serialises every attribute in double quotes with `"` escaped, so these are exact.
IMG_TAG = re.compile(r"<img\b[^>]*>")
SRC_ATTR = re.compile(r'(\ssrc=")([^"]*)(")')
ALT_ATTR = re.compile(r'\salt="([^"]*)"')
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp")


@dataclass(frozen=True)
class Found:
    src: str  # as written (URL-decoded)
    path: Path | None  # the file inside the root, when allowed
    problem: str | None  # why it cannot be packaged (None for web addresses too)
    missing: bool = False


def image_sources(rendered: str) -> list[str]:
    found = (SRC_ATTR.search(m[0]) for m in IMG_TAG.finditer(rendered))
    return [unquote(html.unescape(m[2])) for m in found if m]


def is_remote(src: str) -> bool:
    return bool(urlsplit(src).scheme)


def locate(src: str, root: Path, page_dir: Path) -> Found:
    """Where an image reference points, or why it may not be used."""
    if is_remote(src) or not src:
        return Found(src, None, None)
    pure = PurePosixPath(src)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:[\\/]", src) or src.startswith("\\"):
        return Found(src, None, "is an absolute path")
    real_root = root.resolve()
    target = (page_dir / Path(*pure.parts)).resolve()
    if not target.is_relative_to(real_root):
        why = "points outside the source folder" if ".." in pure.parts else \
            "is a link to a file outside the source folder"
        return Found(src, None, why)
    if not target.is_file():
        return Found(src, None, "does not exist", missing=True)
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return Found(src, None, f"is not an image ({', '.join(IMAGE_SUFFIXES)})")
    return Found(src, target, None)


def item_markdown(item: Item) -> Iterator[str]:
    """Every Markdown text of an item that may hold an image."""
    if isinstance(item, Flashcard):
        yield from (item.question, item.answer)
    elif isinstance(item, OpenPrompt):
        yield item.prompt
        if item.hint:
            yield item.hint
    else:
        if isinstance(item, MultipleChoice):
            yield item.question
        elif isinstance(item, Challenge):
            yield from (item.title, item.body)
            if item.hint:
                yield item.hint
        for opt in item.options:
            yield opt.text
            if opt.feedback:
                yield opt.feedback
        if item.explanation:
            yield item.explanation


def page_location(page: Page, item: Item) -> tuple[Path, Path]:
    """(source root, folder of the page) on disk, from where the reader found the page."""
    page_file = Path(item.span.file)
    root = page_file
    for _ in PurePosixPath(page.path).parts:
        root = root.parent
    return root, page_file.parent


def line_of(item: Item, src: str) -> Span:
    """The source line that names ``src`` (the item's first line when not found)."""
    try:
        text = Path(item.span.file).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return item.span.model_copy(update={"end": item.span.start})
    lines = re.split(r"\r\n|\r|\n", text)
    for no in range(item.span.start, min(item.span.end, len(lines)) + 1):
        if src in lines[no - 1] or src in unquote(lines[no - 1]):
            return item.span.model_copy(update={"start": no, "end": no})
    return item.span.model_copy(update={"end": item.span.start})


def check_images(page: Page, item: Item) -> Iterator[Diagnostic]:
    """`check`: a missing image is an error; one that may not be used is a warning."""
    root, page_dir = page_location(page, item)
    seen: set[str] = set()
    for text in item_markdown(item):
        if "](" not in text and "]:" not in text:
            continue
        for src in image_sources(render_block(text)):
            if src in seen:
                continue
            seen.add(src)
            found = locate(src, root, page_dir)
            if found.missing:
                yield error("missing-image", line_of(item, src), f"image {src!r} does not exist",
                            "fix the path (it is relative to this page) or add the file")
            elif found.problem:
                yield warning("image-outside-source", line_of(item, src),
                              f"image {src!r} {found.problem}; it is left out of the outputs",
                              "copy the picture into the source folder and link it with a "
                              "path relative to this page")


def packaged_name(path: Path, data: bytes) -> str:
    """A file's name inside a package: a hash of its bytes, so the same picture used
    twice is stored once and an edited picture is a new file."""
    return f"sb-{hashlib.sha256(data).hexdigest()[:20]}{path.suffix.lower()}"


@dataclass(frozen=True)
class Rewritten:
    html: str
    files: dict[str, bytes]  # packaged name -> bytes, in order of first use
    dropped: list[str]  # sources that may not be used (now their alt text)


# An ``<img>`` tag whose quoted attribute values may hold ``>`` (html5ever leaves it
# unescaped in attributes, where IMG_TAG would stop early).
_IMG_ELEMENT = re.compile(r'<img\b(?:"[^"]*"|[^">])*>')


def package_images(rendered: str, root: Path, page_dir: Path,
                   place: Callable[[str], str]) -> Rewritten:
    """``rendered`` (safe HTML) with every usable local image pointing at
    ``place(packaged name)``. Web addresses stay; an image ``locate`` refuses (or that
    is missing) becomes its alt text, as `check` already reported it at its line."""
    files: dict[str, bytes] = {}
    dropped: list[str] = []

    def swap(tag: re.Match[str]) -> str:
        attr = SRC_ATTR.search(tag[0])
        if attr is None:
            return tag[0]
        src = unquote(html.unescape(attr[2]))
        found = locate(src, root, page_dir)
        if found.path is None:
            if not found.problem:
                return tag[0]
            dropped.append(src)
            alt = ALT_ATTR.search(tag[0])
            return alt[1] if alt else ""  # still escaped as it was in the attribute
        data = found.path.read_bytes()
        name = packaged_name(found.path, data)
        files.setdefault(name, data)
        return tag[0][: attr.start(2)] + html.escape(place(name)) + tag[0][attr.end(2):]

    if "<img" not in rendered:
        return Rewritten(rendered, files, dropped)
    return Rewritten(_IMG_ELEMENT.sub(swap, rendered), files, dropped)
