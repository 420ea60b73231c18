"""Every diagnostic code the code base can emit is documented in docs/ (as `code`)."""

from __future__ import annotations

import ast
import re

from .conftest import ROOT

BUILDER = ROOT / "builder"
DOCS = ROOT / "docs"
MAKERS = {"error", "warning", "note"}  # builder.diagnostics: (code, span, message, fix)
# Writers that share their findings name them after the format: f"{fmt}-essay".
PLACEHOLDERS = {"fmt": ("qti12", "qti21")}
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _expand(arg: ast.expr, where: str) -> list[str]:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.JoinedStr):
        codes = [""]
        for part in arg.values:
            if isinstance(part, ast.Constant):
                codes = [c + str(part.value) for c in codes]
                continue
            assert isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) \
                and part.value.id in PLACEHOLDERS, f"{where}: cannot tell which codes this makes"
            codes = [c + v for c in codes for v in PLACEHOLDERS[part.value.id]]
        return codes
    raise AssertionError(f"{where}: a diagnostic code must be written out, not computed "
                         f"({ast.unparse(arg)})")


def emitted_codes() -> dict[str, str]:
    """Each code with the first place that emits it."""
    found: dict[str, str] = {}
    for path in sorted(BUILDER.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name, where = _name(node), f"{rel}:{node.lineno}"
            if name in MAKERS or name == "Rule":
                first = node.args[0]
                if rel == "builder/diagnostics.py" and isinstance(first, ast.Name):
                    continue  # the makers themselves pass their parameter on
                for code in _expand(first, where):
                    found.setdefault(code, where)
    return found


def documented_codes() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md")))
    return set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", text))


def test_the_scan_finds_codes_of_every_kind() -> None:
    codes = emitted_codes()
    # reader, validation, lint, build, each writer, and the expanded f-strings
    assert {"unrecognised-line", "bad-attempts", "duplicate-id", "similar-options", "skipped",
            "gift-challenge", "qti12-essay", "qti21-essay", "anki-options-lost",
            "todo"} <= set(codes)
    assert all(CODE.match(c) for c in codes), sorted(c for c in codes if not CODE.match(c))


def test_every_code_is_documented() -> None:
    missing = {code: where for code, where in emitted_codes().items()
               if code not in documented_codes()}
    assert not missing, f"document these codes in docs/ (as `code`): {missing}"
