"""The layer diagram in the README, checked against the imports the code really makes.

Every module's imports are read with ``ast`` (top-level and inside functions: an import hidden in a
function is still a dependency) and each module is mapped to its layer. A module may import its own
layer or any layer of a lower rank; an import upward, or sideways between two layers of the same
rank, fails. So does any import cycle between modules, however deep the imports sit.

    rank 6  app          cli*.py, __main__, smoke (entry points: they may start the GUI)
    rank 5  ui           PySide6 windows and dialogs
    rank 4  spreadsheets importing and exporting records through spreadsheet files (sheets + store)
    rank 3  sync, ledgers, sheets   (sheets needs only domain; it sits above store so that the
                                     store can never depend on a file format)
    rank 2  store        SQLite (paths.py belongs here: where the database lives)
    rank 1  domain       pure Python records, vocabularies, validators
    rank 0  base         the package itself (version), resources.py
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "gridkeeper"

# (layer, rank): a module's layer is its subpackage, or the entry below for top-level modules.
LAYER_RANKS = {
    "base": 0,
    "domain": 1,
    "store": 2,
    "sync": 3, "ledgers": 3, "sheets": 3,
    "spreadsheets": 4,
    "ui": 5,
    "app": 6,
}
TOP_LEVEL_MODULES = {
    "gridkeeper": "base",
    "gridkeeper.resources": "base",
    "gridkeeper.paths": "store",
    "gridkeeper.smoke": "app",
    "gridkeeper.__main__": "app",
}


def discover_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def layer_of(module: str) -> str:
    if module in TOP_LEVEL_MODULES:
        return TOP_LEVEL_MODULES[module]
    parts = module.split(".")
    if len(parts) == 2 and parts[1].startswith("cli"):
        return "app"
    if len(parts) >= 2 and parts[1] in LAYER_RANKS:
        return parts[1]
    raise AssertionError(f"{module} belongs to no layer: add it to tests/test_layers.py and the README")


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The package module ``name`` refers to (``gridkeeper.store.db.transaction`` -> ``gridkeeper.store.db``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, source: str, modules: dict[str, Path], *, is_package: bool = False) -> list[tuple[str, int]]:
    """(imported package module, line) for every import statement in ``source``, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                target = _known(name, modules)
                if target and target != module:
                    found.append((target, node.lineno))
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, list[tuple[str, int]]]:
    return {m: imports_of(m, p.read_text(encoding="utf-8"), modules, is_package=p.name == "__init__.py")
            for m, p in modules.items()}


def layer_violations(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    bad = []
    for module, targets in graph.items():
        mine = layer_of(module)
        for target, line in targets:
            theirs = layer_of(target)
            if theirs != mine and LAYER_RANKS[theirs] >= LAYER_RANKS[mine]:
                way = "sideways" if LAYER_RANKS[theirs] == LAYER_RANKS[mine] else "upward"
                bad.append(f"{module}:{line} imports {target} ({way}: {mine} -> {theirs})")
    return bad


def import_cycles(graph: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    edges = {m: sorted({t for t, _ in ts if t in graph}) for m, ts in graph.items()}
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(v):
        # iterative depth-first search: (node, iterator over its successors)
        work = [(v, iter(edges[v]))]
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        while work:
            node, successors = work[-1]
            for w in successors:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(edges[w])))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for v in edges:
        if v not in index:
            visit(v)
    return sorted(groups)


@pytest.fixture(scope="module")
def graph():
    return import_graph(discover_modules())


def test_every_module_has_a_layer(graph):
    for module in graph:
        assert layer_of(module) in LAYER_RANKS


def test_no_import_goes_up_or_sideways(graph):
    assert layer_violations(graph) == []


def test_no_import_cycles(graph):
    assert import_cycles(graph) == []


def test_no_qt_below_ui():
    modules = discover_modules()
    for module, path in modules.items():
        if LAYER_RANKS[layer_of(module)] >= LAYER_RANKS["ui"]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith(("PySide6", "shiboken6")) for n in names), f"{module}:{node.lineno} imports Qt"


# Function-local imports. An import inside a function is still a dependency (the checks above see
# it); one of a gridkeeper module is allowed only where it waits on purpose, and then says why on its
# line: ``# lazy: start-up`` (a heavy library such as cryptography, reportlab or openpyxl, or a dialog
# the window builds when first opened), ``# lazy: each step reports its own failure`` (smoke).
# An import that only hid a cycle is moved to the top and the cycle broken instead.

LAZY_MARK = re.compile(r"#.*\blazy:")
# Modules another branch is rewriting now; they are marked once it has landed. The set may only shrink.
LAZY_MARKS_PENDING: set[str] = set()


def unmarked_local_imports(module: str, source: str, modules: dict[str, Path], *,
                           is_package: bool = False) -> list[str]:
    """``module:line`` of every import of a package module inside a function without a ``# lazy:`` reason."""
    lines = source.splitlines()
    bad = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            single = ast.Module(body=[node], type_ignores=[])
            if not imports_of(module, ast.unparse(single), modules, is_package=is_package):
                continue
            text = lines[node.lineno - 1:node.end_lineno]
            if not any(LAZY_MARK.search(t) for t in text) and f"{module}:{node.lineno}" not in bad:
                bad.append(f"{module}:{node.lineno}")
    return bad


def test_every_function_local_import_says_why_it_waits():
    modules = discover_modules()
    unmarked = {}
    for module, path in modules.items():
        found = unmarked_local_imports(module, path.read_text(encoding="utf-8"), modules,
                                       is_package=path.name == "__init__.py")
        if found:
            unmarked[module] = found
    assert {m: v for m, v in unmarked.items() if m not in LAZY_MARKS_PENDING} == {}
    assert set(unmarked) == LAZY_MARKS_PENDING, "a pending module is done: take it off LAZY_MARKS_PENDING"


# The checker itself must be able to fail.

def test_checker_sees_an_unmarked_function_local_import():
    src = ("def f():\n    from . import backup\n"
           "def g():\n    from . import backup  # lazy: start-up\n"
           "def h():\n    import json\n")
    assert unmarked_local_imports("gridkeeper.store.db", src, FAKE) == ["gridkeeper.store.db:2"]


FAKE = {name: Path(name) for name in (
    "gridkeeper", "gridkeeper.domain", "gridkeeper.domain.records", "gridkeeper.store", "gridkeeper.store.db",
    "gridkeeper.store.backup", "gridkeeper.sheets", "gridkeeper.sheets.reader", "gridkeeper.ui.app",
    "gridkeeper.cli")}


def test_checker_sees_an_upward_import_inside_a_function():
    src = "def f():\n    from ..sheets.reader import read_sheet\n"
    graph = {"gridkeeper.store.db": imports_of("gridkeeper.store.db", src, FAKE)}
    assert layer_violations(graph) == [
        "gridkeeper.store.db:2 imports gridkeeper.sheets.reader (upward: store -> sheets)"]


def test_checker_sees_a_sideways_import_and_allows_a_downward_one():
    graph = {"gridkeeper.sheets.reader": [("gridkeeper.store.db", 3), ("gridkeeper.domain.records", 4)],
             "gridkeeper.cli": [("gridkeeper.ui.app", 9)]}
    graph["gridkeeper.ledgers.render"] = [("gridkeeper.sheets.reader", 1)]
    assert layer_violations(graph) == [
        "gridkeeper.ledgers.render:1 imports gridkeeper.sheets.reader (sideways: ledgers -> sheets)"]


def test_checker_resolves_relative_and_attribute_imports():
    src = "from . import backup\nfrom .db import transaction\nimport gridkeeper.domain.records as R\nimport json\n"
    assert imports_of("gridkeeper.store.db", src, FAKE) == [
        ("gridkeeper.store.backup", 1), ("gridkeeper.domain.records", 3)]
    assert imports_of("gridkeeper.store", "from .db import x\n", FAKE, is_package=True) == [("gridkeeper.store.db", 1)]


def test_checker_finds_a_cycle_through_a_function_local_import():
    graph = {"gridkeeper.store.db": imports_of("gridkeeper.store.db", "def f():\n    from . import backup\n", FAKE),
             "gridkeeper.store.backup": imports_of("gridkeeper.store.backup", "from .db import transaction\n", FAKE),
             "gridkeeper.domain.records": []}
    assert import_cycles(graph) == [["gridkeeper.store.backup", "gridkeeper.store.db"]]
