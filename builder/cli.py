"""Command line: ``python -m builder {check,build,export,formats}``.

Exit codes: 0 success; 1 the source has errors (or warnings under ``--strict``);
2 the command line is wrong; 3 the output could not be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from builder import __version__
from builder.config import load
from builder.diagnostics import Diagnostic, render, render_pretty, summary

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m builder", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"study-builder {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("check", help="report every problem in the source; writes nothing "
                       "but the build cache")
    c.add_argument("paths", nargs="*", type=Path, help="pages or folders (default: source/)")
    c.add_argument("--format", choices=("text", "json", "github"), default="text")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--run-code", action="store_true",
                   help="run the Python of Predict Output challenges in a sandbox and check "
                        "that the key is what it prints")
    _cache_arguments(c)
    _build_arguments(sub.add_parser("build", help="compile the source into the output folder"))
    _other_commands(sub)
    return p


def _build_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("--source", type=Path, help="source folder (default from pyproject.toml)")
    b.add_argument("--out", type=Path, help="output folder (default from pyproject.toml)")
    b.add_argument("--format", dest="formats", action="append", metavar="NAME",
                   help="build only this format (repeatable; see `formats`)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--keep-going", action="store_true",
                   help="build despite errors, leaving out the items that have them")
    b.add_argument("--no-flashcards-in-gift", action="store_true",
                   help="leave flashcards out of the GIFT files")
    b.add_argument("--no-pdf", action="store_true",
                   help="skip printing the HTML sheets to PDF (about a second a sheet)")
    b.add_argument("--paper", choices=("a4", "letter"), default="a4",
                   help="paper size of the PDF sheets")
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    _cache_arguments(b)


def _cache_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="keep read and compiled pages here between runs (default from "
                        "pyproject.toml: .study-cache; safe to delete)")
    p.add_argument("--no-cache", action="store_true", help="read every page afresh")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes (default: one per core)")


def _other_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    e = sub.add_parser("export", help="write the model as JSON (valid against the schema)")
    e.add_argument("paths", nargs="*", type=Path, help="pages or folders (default: source/)")
    e.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    sub.add_parser("formats", help="list the output formats")

    i = sub.add_parser("import", help="turn pasted pages into clean source files with TODOs")
    i.add_argument("pages", nargs="+", type=Path, help="raw pasted pages")
    i.add_argument("--into", type=Path, help="folder to write into (default: source/)")
    i.add_argument("--force", action="store_true", help="overwrite a page of the same name")

    w = sub.add_parser("watch", help="rebuild on change and serve the HTML on localhost")
    w.add_argument("--source", type=Path, help="source folder (default from pyproject.toml)")
    w.add_argument("--out", type=Path, help="output folder (default from pyproject.toml)")
    w.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: only this machine)")
    w.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    w.add_argument("--format", dest="formats", action="append", metavar="NAME",
                   help="formats to rebuild (default: html when available, else all)")
    w.add_argument("--cache", type=Path, metavar="DIR",
                   help="keep compiled pages here (default from pyproject.toml: .study-cache)")
    w.add_argument("--no-cache", action="store_true", help="compile every page afresh")

    pn = sub.add_parser("pin", help="write each item's derived id into its page as an `Id:` line")
    pn.add_argument("paths", nargs="*", type=Path, help="pages or folders (default: source/)")

    n = sub.add_parser("new", help="scaffold a page with one example of each item kind")
    n.add_argument("title", help="the page title")
    n.add_argument("--into", type=Path, help="folder to write into (default: source/)")
    n.add_argument("--subject", help="the page's subject (default: the subject of pages "
                   "already in the folder that the title names, else TODO)")
    n.add_argument("--field", help="the page's field (default: the field of those pages, "
                   "else TODO)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler = {"check": _check, "build": _build, "export": _export,
                   "formats": _formats, "import": _import, "new": _new,
                   "pin": _pin, "watch": _watch}[args.command]
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return 130
    except OSError as exc:
        where = exc.filename or ""
        print(f"{where}: error: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT


def _report(diags: list[Diagnostic], fmt: str = "text", stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    if not diags:
        return
    if fmt != "text":
        print(render(diags, fmt), file=out)
        return
    print(render_pretty(diags, _sources(diags), colour=_use_colour(out)), file=out)


def _use_colour(stream: TextIO) -> bool:
    # https://no-color.org and the FORCE_COLOR convention; otherwise only on a terminal.
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _sources(diags: list[Diagnostic]) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for name in {d.file for d in diags if d.file and d.line}:
        try:
            text = Path(name).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        lines[name] = text.removeprefix("\ufeff").splitlines()
    return lines


def _check(args: argparse.Namespace) -> int:
    from builder.build import check
    from builder.runcode import Limits

    cfg = load()
    paths = args.paths or [cfg.source]
    checked = check(paths, cfg.templates, strict=args.strict,
                    cache=None if args.no_cache else (args.cache or cfg.cache), jobs=args.jobs,
                    run_code=Limits() if args.run_code else None)
    _report(checked.diagnostics, args.format, sys.stdout)
    if args.format == "text":
        items = checked.items
        print(f"checked {checked.pages} pages, {items} items: "
              f"{summary(checked.diagnostics)}", file=sys.stderr)
    return EXIT_ERRORS if checked.errors else EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from builder.build import build
    from builder.parallel import START_METHOD_VARIABLE, start_method
    from builder.writers import names
    from builder.writers.options import GiftOptions, HtmlOptions, Options

    cfg = load()
    known = names()
    unknown = [f for f in args.formats or [] if f not in known]
    if unknown:
        print(f"error: unknown format {', '.join(unknown)}; known: {', '.join(known)}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        start_method()  # a wrong STUDY_BUILDER_START_METHOD is a usage error, said now
    except ValueError as exc:
        print(f"error: {START_METHOD_VARIABLE}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    source = args.source or cfg.source
    out = args.out or cfg.out
    result = build(source, out, cfg.templates, formats=args.formats,
                   keep_going=args.keep_going, strict=args.strict,
                   options=Options(gift=GiftOptions(flashcards=not args.no_flashcards_in_gift),
                                   html=HtmlOptions(pdf=not args.no_pdf, paper=args.paper)),
                   progress=not args.quiet,
                   cache=None if args.no_cache else (args.cache or cfg.cache),
                   jobs=args.jobs)
    _report(result.diagnostics)
    if not result.ok:
        errors = sum(d.severity.value == "error" for d in result.diagnostics)
        print(f"build refused: {errors} error(s) in {source}; nothing was written "
              "(fix them, or pass --keep-going to build the rest)", file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        files = sum(len(v) for v in result.outputs.values())
        print(f"built {result.manifest['items']} items from {source} into {out}: "
              f"{files} files ({', '.join(result.outputs)}); {summary(result.diagnostics)}",
              file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from builder.pipeline import check
    from builder.schema import dump_tree

    checked = check(args.paths or [load().source])
    _report(checked.diagnostics)
    text = dump_tree(checked.tree)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_ERRORS if checked.errors else EXIT_OK


def _formats(args: argparse.Namespace) -> int:
    from builder.writers import registry

    for name, writer in registry().items():
        print(f"{name:8} {writer.description}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from builder.importer import import_pages
    from builder.reader import display_path

    failed = False
    for result in import_pages(args.pages, args.into or load().source, force=args.force):
        _report(result.diagnostics)
        failed |= bool(result.diagnostics)
        if result.target is not None:
            print(f"{display_path(result.source)} -> {display_path(result.target)}: "
                  f"{result.todos} TODO(s) to fill in (run `python -m builder check`)",
                  file=sys.stderr)
    return EXIT_ERRORS if failed else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from builder.reader import display_path
    from builder.scaffold import scaffold

    cfg = load()
    try:
        made = scaffold(args.title, args.into or cfg.source, cfg.templates,
                        subject=args.subject, field=args.field)
    except FileExistsError as exc:
        print(f"{display_path(Path(str(exc)))}: error: the page already exists; pick another "
              "title or edit that page", file=sys.stderr)
        return EXIT_ERRORS
    todo = (f"; fill in its {made.todos} TODO(s) (run `python -m builder check`, or pass "
            "--subject and --field)") if made.todos else ""
    print(f"wrote {display_path(made.path)}: replace the examples with your own{todo}",
          file=sys.stderr)
    return EXIT_OK



def _pin(args: argparse.Namespace) -> int:
    from builder.pin import pin
    from builder.reader import display_path

    cfg = load()
    result = pin(args.paths or [cfg.source], cfg.source)
    _report(result.refused)
    if result.refused:
        pages = len({d.file for d in result.refused})
        print(f"{pages} page(s) left alone: fix the errors above, then pin again",
              file=sys.stderr)
    for page, ids in result.pinned.items():
        print(f"{display_path(page)}: pinned {len(ids)} id(s)", file=sys.stderr)
    if not result.pinned and not result.refused:
        print("every item already has an `Id:` line; nothing to do", file=sys.stderr)
    return EXIT_ERRORS if result.refused else EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    from builder.watch import serve

    cfg = load()
    formats = args.formats or ["html"]
    serve(args.source or cfg.source, args.out or cfg.out, cfg.templates, host=args.host,
          port=args.port, formats=formats,
          cache=None if args.no_cache else (args.cache or cfg.cache))
    return EXIT_OK
