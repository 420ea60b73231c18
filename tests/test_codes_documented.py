"""The registry of diagnostic codes (builder/diagnostics/codes.py) is complete and true:
every maker call takes a registered code with that code's own severity, every code is
used, and each is documented on the page and under the heading its entry names."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from builder.diagnostics import Severity, codes

from .conftest import ROOT

BUILDER = ROOT / "builder"
MAKERS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.NOTE,
          "Rule": Severity.WARNING}  # lint rules report warnings
# Writers that share their findings name them after the format: codes.named(f"{fmt}-essay").
PLACEHOLDERS = {"fmt": ("qti12", "qti21")}
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _named(arg: ast.expr, where: str) -> list[str]:
    """The codes ``codes.named(f"{fmt}-x")`` can give."""
    assert isinstance(arg, ast.JoinedStr), f"{where}: codes.named takes an f-string"
    found = [""]
    for part in arg.values:
        if isinstance(part, ast.Constant):
            found = [c + str(part.value) for c in found]
            continue
        assert isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) \
            and part.value.id in PLACEHOLDERS, f"{where}: cannot tell which codes this makes"
        found = [c + v for c in found for v in PLACEHOLDERS[part.value.id]]
    return found


def _codes_of(arg: ast.expr, where: str) -> list[str]:
    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) \
            and arg.value.id == "codes":
        return [getattr(codes, arg.attr).code]
    if isinstance(arg, ast.Call) and _name(arg) == "named" and arg.args:
        return _named(arg.args[0], where)
    raise AssertionError(f"{where}: a diagnostic takes a code from the registry "
                         f"(codes.NAME), not {ast.unparse(arg)}")


def emitted() -> Iterator[tuple[str, Severity, str]]:
    """(code, severity it is made with, where) for every maker call in builder/."""
    for path in sorted(BUILDER.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("builder/diagnostics/"):
            continue  # the makers themselves pass their parameter on
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and _name(node) in MAKERS:
                where = f"{rel}:{node.lineno}"
                for code in _codes_of(node.args[0], where):
                    yield code, MAKERS[_name(node) or ""], where


def _anchors(text: str) -> set[str]:
    """GitHub's heading anchors."""
    return {re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
            for line in text.splitlines() if line.startswith("#")}


def test_every_call_takes_a_registered_code_with_its_severity() -> None:
    found = list(emitted())
    assert len(found) > 100  # the scan sees the reader, validation, lint and every writer
    by_code = {c.code: c for c in codes.CODES}
    wrong = [f"{where}: {code} made as {made}, registered as {by_code[code].severity}"
             for code, made, where in found if by_code[code].severity is not made]
    assert not wrong


def test_every_registered_code_is_used_once_named() -> None:
    names = [c.code for c in codes.CODES]
    assert len(names) == len(set(names)) and all(CODE.match(n) for n in names)
    used = {code for code, _, _ in emitted()}
    assert not set(names) - used, f"registered but never reported: {set(names) - used}"


def test_every_code_is_documented_where_its_entry_says() -> None:
    problems = []
    for c in codes.CODES:
        page, _, anchor = c.doc.partition("#")
        text = (ROOT / page).read_text(encoding="utf-8")
        if anchor not in _anchors(text):
            problems.append(f"{c.code}: no heading #{anchor} in {page}")
        if f"`{c.code}`" not in text:
            problems.append(f"{c.code}: not named in {page}")
        if not c.summary:
            problems.append(f"{c.code}: no summary")
    assert not problems
