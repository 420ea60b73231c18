"""The shape the code base keeps (issue 15): small modules and functions, and no state
at module level. A failure here names the module or function to split."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from .conftest import ROOT

BUILDER = ROOT / "builder"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50
MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
MUTABLE_CALLS = {"list", "dict", "set", "defaultdict", "Counter", "OrderedDict", "deque"}


def _modules() -> Iterator[tuple[str, str, ast.Module]]:
    for path in sorted(BUILDER.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        yield path.relative_to(ROOT).as_posix(), text, ast.parse(text)


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, MUTABLE):
        return True
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in MUTABLE_CALLS)


def test_no_module_over_300_lines() -> None:
    long = {rel: text.count("\n") for rel, text, _ in _modules()
            if text.count("\n") > MAX_MODULE_LINES}
    assert not long


def test_no_function_over_50_lines() -> None:
    long = [f"{rel}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for rel, _, tree in _modules() for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long


def test_no_global_state() -> None:
    found = []
    for rel, _, tree in _modules():
        found += [f"{rel}:{n.lineno} global" for n in ast.walk(tree)
                  if isinstance(n, ast.Global)]
        # Module level only: constants are fine (frozensets, MappingProxyType tables),
        # containers are not; ``__all__`` is a declaration for tools, not state.
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and _mutable(node.value) \
                    and ast.unparse(node.targets[0] if isinstance(node, ast.Assign)
                                    else node.target) != "__all__":
                found.append(f"{rel}:{node.lineno} a mutable module-level value")
    assert not found


def test_the_scan_sees_what_it_forbids(tmp_path: Path) -> None:
    tree = ast.parse("X = {}\ndef f():\n    global X\n")
    assert _mutable(tree.body[0].value)  # type: ignore[attr-defined]
    assert any(isinstance(n, ast.Global) for n in ast.walk(tree))
