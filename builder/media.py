"""Images in the source (``![alt](path)``): where they point, and whether they may be used.

An image path is relative to its page and must stay inside the source root: absolute
paths, ``..`` that climbs out, and symlinks that point out are refused. Web addresses
are left as they are. `check` reports every image finding at the image's line (a
missing image is an error); writers that package images (Anki, QTI) or embed them as
``data:`` URIs (GIFT, HTML sheets) use the same resolution, so a build reports nothing
about images that `check` did not.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from builder import model
from builder.diagnostics import Diagnostic, codes, error, warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Page, Span
from builder.render import refused_images, render_block

# nh3 serialises every attribute in double quotes with `"` escaped, so these are exact.
IMG_TAG = re.compile(r"<img\b[^>]*>")
SRC_ATTR = re.compile(r'(\ssrc=")([^"]*)(")')
ALT_ATTR = re.compile(r'\salt="([^"]*)"')
IMAGE_TYPES = MappingProxyType({".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp",
               ".avif": "image/avif", ".bmp": "image/bmp"})
IMAGE_SUFFIXES = tuple(IMAGE_TYPES)
# The largest file embedded as a data: URI (GIFT questions, HTML sheets): a third more
# once in base64, in every question or sheet that shows it.
EMBED_MAX_BYTES = 256 * 1024


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
    match item:
        case Flashcard():
            yield from (item.question, item.answer)
        case OpenPrompt():
            yield item.prompt
            if item.hint:
                yield item.hint
            yield from item.concepts
        case MultipleChoice() | Challenge():
            yield from _choice_markdown(item)
        case model.TrueFalse():
            yield item.statement
        case model.Numeric() | model.ShortAnswer() | model.Matching():
            yield item.question
        case model.Cloze():
            yield item.gapped
    if not isinstance(item, Flashcard | OpenPrompt) and item.explanation:
        yield item.explanation


def _choice_markdown(item: MultipleChoice | Challenge) -> Iterator[str]:
    if isinstance(item, MultipleChoice):
        yield item.question
    else:
        yield from (item.title, item.body)
        if item.hint:
            yield item.hint
    for opt in item.options:
        yield opt.text
        if opt.feedback:
            yield opt.feedback


def source_root(page_file: Path, page_path: str) -> Path:
    """The source root on disk: ``page_file`` (where the reader found the page) less
    ``page_path`` (its path under the root)."""
    root = page_file
    for _ in PurePosixPath(page_path).parts:
        root = root.parent
    return root


def page_location(page: Page, item: Item) -> tuple[Path, Path]:
    """(source root, folder of the page) on disk, from where the reader found the page."""
    page_file = Path(item.span.file)
    return source_root(page_file, page.path), page_file.parent


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
    """`check`: a missing image is an error; one that may not be used, one the HTML
    sheets cannot show and one too large to embed are warnings, each at its line."""
    root, page_dir = page_location(page, item)
    seen: set[str] = set()
    for text in item_markdown(item):
        if "](" not in text and "]:" not in text:
            continue
        for src in image_sources(render_block(text)):
            if src in seen:
                continue
            seen.add(src)
            yield from _image_findings(item, src, locate(src, root, page_dir))
        for src in refused_images(text):
            if src in seen:
                continue
            seen.add(src)
            yield _refused(item, src)


# A data: URI can be the whole picture: the message names its start only.
_SHOWN_ADDRESS = 60


def _refused(item: Item, src: str) -> Diagnostic:
    scheme = urlsplit(src).scheme.lower()
    shown = src if len(src) <= _SHOWN_ADDRESS else src[:_SHOWN_ADDRESS - 1] + "…"
    return warning(codes.IMAGE_OUTSIDE_SOURCE, line_of(item, src),
                   f"image {shown!r} is a `{scheme}:` address, which the outputs refuse; "
                   "they show its description instead",
                   "copy the picture into the source folder and link it with a path "
                   "relative to this page")


def _image_findings(item: Item, src: str, found: Found) -> Iterator[Diagnostic]:
    if found.missing:
        yield error(codes.MISSING_IMAGE, line_of(item, src), f"image {src!r} does not exist",
                    "fix the path (it is relative to this page) or add the file")
    elif found.problem:
        yield warning(codes.IMAGE_OUTSIDE_SOURCE, line_of(item, src),
                      f"image {src!r} {found.problem}; it is left out of the outputs "
                      "(they show its description)",
                      "copy the picture into the source folder and link it with a "
                      "path relative to this page")
    elif found.path is None:
        if src:
            yield warning(codes.HTML_IMAGE_NOT_EMBEDDED, line_of(item, src),
                          f"the web image {src!r} is shown as its description in the HTML "
                          "sheets, which load nothing from the network (the other outputs "
                          "link to it)",
                          "copy the picture into the source folder and link it with a path "
                          "relative to this page, or keep it for the formats that fetch it")
    else:
        try:
            size = found.path.stat().st_size
        except OSError:
            return
        if size > EMBED_MAX_BYTES:
            yield warning(codes.IMAGE_TOO_LARGE, line_of(item, src),
                          f"image {src!r} is {size // 1024} KB; GIFT and the HTML sheets "
                          f"embed images of at most {EMBED_MAX_BYTES // 1024} KB, so they "
                          "show its description instead (Anki and QTI include it)",
                          "make the picture smaller: fewer pixels, or JPEG or WebP")


def packaged_name(path: Path, data: bytes) -> str:
    """A file's name inside a package: a hash of its bytes, so the same picture used
    twice is stored once and an edited picture is a new file."""
    return f"sb-{hashlib.sha256(data).hexdigest()[:20]}{path.suffix.lower()}"


@dataclass(frozen=True)
class Rewritten:
    html: str
    files: dict[str, bytes]  # packaged name -> bytes, in order of first use
    # Sources that may not be used, now their alt text ("" for an address the renderer
    # refused, which reaches a writer as an <img> without src).
    dropped: list[str]


# An ``<img>`` tag whose quoted attribute values may hold ``>`` (html5ever leaves it
# unescaped in attributes, where IMG_TAG would stop early).
_IMG_ELEMENT = re.compile(r'<img\b(?:"[^"]*"|[^">])*>')


def alt_text(tag: str) -> str:
    """An ``<img>`` tag's description, still escaped as it was in the attribute."""
    alt = ALT_ATTR.search(tag)
    return alt[1] if alt else ""


def package_images(rendered: str, root: Path, page_dir: Path,
                   place: Callable[[str], str]) -> Rewritten:
    """``rendered`` (safe HTML) with every usable local image pointing at
    ``place(packaged name)``. Web addresses stay; an image ``locate`` refuses (or that
    is missing), or whose address the renderer refused (no ``src``), becomes its alt
    text, as `check` already reported it at its line."""
    files: dict[str, bytes] = {}
    dropped: list[str] = []

    def swap(tag: re.Match[str]) -> str:
        attr = SRC_ATTR.search(tag[0])
        if attr is None:  # the renderer refused its address (builder.render)
            dropped.append("")
            return alt_text(tag[0])
        src = unquote(html.unescape(attr[2]))
        found = locate(src, root, page_dir)
        if found.path is None:
            if not found.problem:
                return tag[0]
            dropped.append(src)
            return alt_text(tag[0])
        data = found.path.read_bytes()
        name = packaged_name(found.path, data)
        files.setdefault(name, data)
        return tag[0][: attr.start(2)] + html.escape(place(name)) + tag[0][attr.end(2):]

    if "<img" not in rendered:
        return Rewritten(rendered, files, dropped)
    return Rewritten(_IMG_ELEMENT.sub(swap, rendered), files, dropped)


def data_uri(path: Path, data: bytes) -> str:
    return f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{base64.b64encode(data).decode()}"


def embed_images(rendered: str, root: Path, page_dir: Path, *, web: bool,
                 unavailable: Callable[[str], str] = alt_text) -> str:
    """``rendered`` (safe HTML) with every usable local image of at most
    ``EMBED_MAX_BYTES`` as a ``data:`` URI, so the file needs nothing beside it. Web
    addresses stay when ``web``; every other image (refused, missing, too large, web
    when not ``web``, or without a ``src`` the sanitiser allowed) becomes
    ``unavailable(tag)``, its alt text by default. `check` reported each at its line."""
    if "<img" not in rendered:
        return rendered
    uris: dict[Path, str | None] = {}

    def swap(tag: re.Match[str]) -> str:
        attr = SRC_ATTR.search(tag[0])
        if attr is None:
            return unavailable(tag[0])
        found = locate(unquote(html.unescape(attr[2])), root, page_dir)
        if found.path is None:
            return tag[0] if web and not found.problem and attr[2] else unavailable(tag[0])
        if found.path not in uris:
            data = found.path.read_bytes()
            uris[found.path] = data_uri(found.path, data) if len(data) <= EMBED_MAX_BYTES \
                else None
        uri = uris[found.path]
        if uri is None:
            return unavailable(tag[0])
        return tag[0][: attr.start(2)] + uri + tag[0][attr.end(2):]

    return _IMG_ELEMENT.sub(swap, rendered)
