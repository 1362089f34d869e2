"""The clean package's modules import one another one way: no cycles, not even for types."""

from __future__ import annotations

import ast
from pathlib import Path

import saidwhat.clean

PACKAGE = Path(saidwhat.clean.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Module -> the sibling modules it imports (``from .x import``, ``from . import x``)."""
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(a.name for a in node.names if a.name in modules)
                    found.add("__init__")
        graph[path.stem] = found & (modules | {"__init__"})
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycles_in_clean() -> None:
    graph = _imports()
    assert "recurrence" in graph["__init__"]  # the scan sees the package's imports
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"lines": {"recurrence"}, "recurrence": {"lines"}}) == ["lines", "recurrence", "lines"]
