"""Layers (STYLE.md): the store persists rows and decides nothing about speakers; the shells
(CLI, web, Python API) reach corpus-wide speaker analysis only through ``saidwhat.service``.

Imports inside functions count (the graph is :func:`test_import_cycles.import_graph`).
"""

from __future__ import annotations

from pathlib import Path

from test_import_cycles import import_graph

ANALYSIS = ("saidwhat.speakers.aliases", "saidwhat.speakers.corrections")
SHELLS = ("saidwhat.cli", "saidwhat.web", "saidwhat.library")


def _reach(graph: dict[str, set[str]], start: str, gates: set[str]) -> set[str]:
    """Modules ``start`` imports, directly or not, without passing through ``gates``."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            if target not in gates:
                todo.append(target)
    return seen


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_store_imports_no_speaker_analysis_and_no_service() -> None:
    graph = import_graph()
    # store.ingest drives the pipeline, whose stages include in-document speaker resolution;
    # past that one gate, nothing the store imports may decide who is which speaker.
    offenders = {
        module: sorted(m for m in _reach(graph, module, {"saidwhat.pipeline"})
                       if _in(m, ("saidwhat.speakers", "saidwhat.service")))
        for module in graph if _in(module, ("saidwhat.store",))
    }
    assert {m: found for m, found in offenders.items() if found} == {}


def test_shells_reach_alias_merging_only_through_the_service() -> None:
    graph = import_graph()
    direct = {m: sorted(t for t in graph[m] if _in(t, ANALYSIS)) for m in graph if _in(m, SHELLS)}
    assert {m: found for m, found in direct.items() if found} == {}


def test_the_layer_check_sees_a_store_that_merges_aliases(tmp_path: Path) -> None:
    package = tmp_path / "saidwhat"
    for folder in ("store", "speakers"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "speakers" / "aliases.py").write_text("def merge_aliases(o):\n    return {}\n")
    (package / "store" / "sql.py").write_text("def refresh():\n    from ..speakers.aliases import merge_aliases\n")
    graph = import_graph(tmp_path)
    assert "saidwhat.speakers.aliases" in _reach(graph, "saidwhat.store.sql", {"saidwhat.pipeline"})
