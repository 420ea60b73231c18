"""Readers turn source text into the model. They never write output."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from builder.diagnostics import Diagnostic, codes, error, warning
from builder.model import Page, Span

from .ids import slugify
from .page import read_page

PAGE_SUFFIXES = (".txt",)

__all__ = ["PAGE_SUFFIXES", "list_sources", "read_file", "read_page", "read_paths"]


def display_path(path: Path) -> str:
    """The path as the author would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def find_pages(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = [p for p in root.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def list_sources(paths: list[Path]) -> tuple[list[tuple[Path, Path]], list[Diagnostic]]:
    """Every page file under ``paths`` with the root it is relative to, in a stable
    order, and what stopped a path from being listed."""
    files: list[tuple[Path, Path]] = []
    diags: list[Diagnostic] = []
    for root in paths:
        shown = display_path(root)
        if not root.exists():
            diags.append(error(codes.UNREADABLE, Span(file=shown, start=1, end=1),
                               "no such file or folder", "check the path"))
            continue
        try:
            found = find_pages(root)
        except OSError as exc:
            diags.append(error(codes.UNREADABLE, Span(file=shown, start=1, end=1),
                               f"cannot list the folder: {exc.strerror or exc}",
                               "check its permissions"))
            continue
        if not found:
            diags.append(error(codes.NO_PAGES, Span(file=shown, start=1, end=1),
                               f"no pages (*{', *'.join(PAGE_SUFFIXES)}) found here",
                               "check the path, or add a page"))
        base = root if root.is_dir() else root.parent
        inside = base.resolve()
        for file in found:
            if root.is_dir() and not file.resolve().is_relative_to(inside):
                diags.append(warning(
                    codes.OUTSIDE_SOURCE, Span(file=display_path(file), start=1, end=1),
                    "this page is a link to a file outside the source tree; it was not read",
                    "copy the page into the tree instead of linking to it"))
                continue
            files.append((file, base))
    return files, diags


def read_paths(paths: list[Path], tick: Callable[[str], None] | None = None,
               ) -> tuple[list[Page], list[Diagnostic]]:
    """Read every page under ``paths`` (files or folders), in a stable order."""
    files, diags = list_sources(paths)
    pages: list[Page] = []
    for file, base in files:
        if tick is not None:
            tick(file.name)
        page, found = read_file(file, base)
        diags.extend(found)
        if page is not None:
            pages.append(page)
    return pages, diags


def read_file(file: Path, base: Path, data: bytes | None = None,
              ) -> tuple[Page | None, list[Diagnostic]]:
    """One page; ``data`` is the file's bytes when the caller has read them already."""
    shown = display_path(file)
    if data is None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            return None, [unreadable(shown, exc)]
    rel = file.relative_to(base).with_suffix("").as_posix()
    page, diags = read_page(data, shown, slugify(rel.replace(os.sep, "-")))
    if page is not None:
        page = page.model_copy(update={"path": file.relative_to(base).as_posix()})
    return page, diags


def unreadable(shown: str, exc: OSError) -> Diagnostic:
    return error(codes.UNREADABLE, Span(file=shown, start=1, end=1),
                 f"cannot read the file: {exc.strerror or exc}",
                 "check that it exists and is readable")
