"""The package's shape, read from its source with `ast`: no import cycle between pipeline
packages or modules, SQL in the store only, one `fold` and one loader of the rule data, and no
function too long to hold in mind.

Imports inside functions count too: a late import hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
MAX_LINES = 60  # a function a reader can hold in mind; see the README's contributor notes
LONG_EXEMPT = PACKAGE / "extract"  # the extractors are being reshaped by their own issue
STORE = "pipeline.store"
RULES = "pipeline.rules_data"  # the one loader of pipeline/data and the one `fold`
# Modules that read rule data through RULES only: the extractors and language detection.
RULE_READERS = (PACKAGE / "extract", PACKAGE / "lang.py")
# JSON these modules may parse that is not rule data, and why.
OTHER_JSON = {
    "pipeline.extract.money.parse": "the JSON lines of `briefing amounts` input",
    "pipeline.extract.actors.kb": "the actor KB, at a path the config may change",
}


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()
TREES = {name: ast.parse(path.read_text("utf-8"), str(path)) for name, path in MODULES.items()}


def _owner(name: str) -> str | None:
    """The module of the package that `name` (a module or a name inside one) belongs to."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, tree: ast.Module) -> set[str]:
    """The package's modules that `module` imports, at any depth of its code."""
    is_package = MODULES[module].name == "__init__.py"
    here = module if is_package else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_owner(a.name) for a in node.names if a.name.startswith("pipeline"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != "pipeline":
                continue
            for alias in node.names:
                found.add(_owner(f"{base}.{alias.name}") or _owner(base))
    found.discard(None)
    found.discard(module)
    return {m for m in found if m is not None}


GRAPH = {name: _imported(name, tree) for name, tree in TREES.items()}


def _group(module: str) -> str:
    """A module's top-level place in the package: `pipeline.report.render` -> `pipeline.report`."""
    return ".".join(module.split(".")[:2])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(out)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [["a", "b", "c"]]),
    ],
)
def test_architecture_cycle_finder(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_architecture_import_walk_sees_real_edges() -> None:
    """The walk finds plain, relative-free, aliased and function-level imports."""
    assert "pipeline.store" in GRAPH["pipeline.report.render"]
    # `from pipeline.extract.claims import component as _claims`
    assert "pipeline.extract.claims.component" in GRAPH["pipeline.nlp"]
    assert "pipeline.report.render" in GRAPH["pipeline.publish"]  # imported inside a function
    assert len(GRAPH) >= 50


def test_architecture_no_import_cycle_between_modules() -> None:
    assert cycles(GRAPH) == []


def test_architecture_no_import_cycle_between_packages() -> None:
    groups: dict[str, set[str]] = {}
    for module, imports in GRAPH.items():
        mine = _group(module)
        groups.setdefault(mine, set()).update(g for m in imports if (g := _group(m)) != mine)
    assert len(groups) >= 20
    assert cycles(groups) == []


def _sql_access(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, what) for each `sqlite3` import and each `.conn` attribute in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            yield node.lineno, ".conn"
            continue
        else:
            continue
        for name in names:
            if name.split(".")[0] == "sqlite3":
                yield node.lineno, f"import {name}"


def test_architecture_sql_only_in_the_store() -> None:
    assert list(_sql_access(TREES[STORE])), "the check must recognise the store's own access"
    found = [
        f"{MODULES[name].relative_to(ROOT)}:{line}: {what}"
        for name, tree in TREES.items()
        if name != STORE
        for line, what in _sql_access(tree)
    ]
    assert found == [], "SQL belongs in pipeline/store.py behind a named method"


def longest_functions() -> list[tuple[int, str]]:
    """(lines, "file:line name") of every function outside extract/, longest first; a
    function's lines run from its `def` to its last line, nested functions included."""
    out = []
    for name, tree in TREES.items():
        path = MODULES[name]
        if path.is_relative_to(LONG_EXEMPT):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                out.append((lines, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return sorted(out, key=lambda f: (-f[0], f[1]))


def test_architecture_no_function_longer_than_the_limit() -> None:
    ranked = longest_functions()
    assert len(ranked) > 100, "the walk must see the package's functions"
    too_long = [f"{lines} lines: {where}" for lines, where in ranked if lines > MAX_LINES]
    longest = "; ".join(f"{lines} {where}" for lines, where in ranked[:5])
    assert too_long == [], f"functions over {MAX_LINES} lines (the longest: {longest})"


def _definitions(tree: ast.Module, names: set[str]) -> list[int]:
    """The lines where a function or method with one of `names` is defined."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in names
    ]


def test_architecture_one_fold() -> None:
    """One normalisation is called `fold` (case, accents, apostrophes); another one has
    another, honest name (`fold_case` keeps the accents)."""
    found = [
        f"{MODULES[name].relative_to(ROOT)}:{line}"
        for name, tree in TREES.items()
        for line in _definitions(tree, {"fold"})
    ]
    assert found == [
        f"{MODULES[RULES].relative_to(ROOT)}:{_definitions(TREES[RULES], {'fold'})[0]}"
    ]
    private = [
        f"{MODULES[name].relative_to(ROOT)}:{line}"
        for name, path in MODULES.items()
        if any(path == r or path.is_relative_to(r) for r in RULE_READERS)
        for line in _definitions(TREES[name], {"_fold"})
    ]
    assert private == [], "a private fold in the extractors is one more fold"


def _rule_reads(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, what) for each `resources.files("pipeline.data")` and each `json.load(s)`."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        if func.attr == "files" and any(
            isinstance(a, ast.Constant) and a.value == "pipeline.data" for a in node.args
        ):
            yield node.lineno, 'resources.files("pipeline.data")'
        elif func.attr in ("load", "loads") and ast.unparse(func.value) == "json":
            yield node.lineno, f"json.{func.attr}"


def test_architecture_rule_data_has_one_loader() -> None:
    assert {what for _, what in _rule_reads(TREES[RULES])} == {
        'resources.files("pipeline.data")',
        "json.loads",
    }, "the check must recognise the loader's own reads"
    readers = [
        name
        for name, path in MODULES.items()
        if any(path == r or path.is_relative_to(r) for r in RULE_READERS)
    ]
    assert len(readers) > 20
    found = [
        f"{MODULES[name].relative_to(ROOT)}:{line}: {what}"
        for name in readers
        if name not in OTHER_JSON
        for line, what in _rule_reads(TREES[name])
    ]
    assert found == [], f"rule data is read through {RULES}.load_rules"
    for name in OTHER_JSON:
        assert list(_rule_reads(TREES[name])), f"{name} no longer parses JSON: drop its exemption"
