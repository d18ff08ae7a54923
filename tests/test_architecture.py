"""The package's shape: stages import only earlier stages, no cycles, small modules.

The folders follow the flow declare → intake → read → validate → aggregate → write; a
module may import its own stage and earlier ones, never a later one, so a change to the
appendix can never reach back into how a cell is read. Imports inside ``if
TYPE_CHECKING:`` are for the type checker only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
MAX_LINES = 310
# The one enumeration of issue codes is a table of data (five lines a code), not logic: it
# grows by one entry per kind of problem and stays one table so no message is worded twice.
DATA_TABLES = {"pipeline.issues.codes": 400}
# Rank of each top-level part of the package: the order of the flow.
RANKS = {
    "__init__": 0, "__main__": 11, "errors": 0, "progress": 0,
    "spec": 1, "settings": 1, "issues": 2, "forms": 3,
    "intake": 4, "read": 5, "validate": 6, "aggregate": 7, "write": 8,
    "run": 9, "cli": 10, "demo": 10,
}  # fmt: skip
ONLY_IMPORTED_BY = {"demo": {"cli", "demo"}}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path) -> set[str]:
    """Every ``pipeline.*`` module ``name`` imports at run time (functions' bodies included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    modules = set(_modules())
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


GRAPH = {name: _imports(name, path) for name, path in _modules().items()}


def test_every_part_of_the_package_has_a_rank():
    assert {_part(m) for m in GRAPH} <= set(RANKS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_own_stage_and_earlier_ones(module):
    if module == "pipeline":  # the package's public face re-exports from the stages
        return
    rank = RANKS[_part(module)]
    later = sorted(i for i in GRAPH[module] if RANKS[_part(i)] > rank and _part(i) != _part(module))
    assert not later, f"{module} imports later stages: {later}"
    for target in GRAPH[module]:
        allowed = ONLY_IMPORTED_BY.get(_part(target))
        assert allowed is None or _part(module) in allowed, f"{module} must not import {target}"


def test_there_is_no_import_cycle():
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(GRAPH.get(node, ())):
            if nxt == node or nxt not in GRAPH or "pipeline" in (node, nxt):
                continue
            assert seen.get(nxt) != 1, "import cycle: " + " -> ".join([*path, node, nxt])
            if nxt not in seen:
                visit(nxt, [*path, node])
        seen[node] = 2

    for module in sorted(GRAPH):
        if module not in seen:
            visit(module, [])


def test_great_expectations_is_imported_by_one_module_only():
    users = sorted(
        name
        for name, path in _modules().items()
        if any(
            isinstance(n, ast.Import | ast.ImportFrom)
            and any((getattr(n, "module", None) or a.name).startswith("great_expectations") for a in n.names)
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert users == ["pipeline.validate.gx"]


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_stay_small(module):
    lines = len(_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= DATA_TABLES.get(module, MAX_LINES), f"{module} has {lines} lines; split it by responsibility"


def test_every_stage_folder_says_what_comes_in_and_what_goes_out():
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{folder.name}/__init__.py needs a docstring saying what it takes and gives"
