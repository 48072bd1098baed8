"""The package's rooms: imports go one way (core ← checks ← engines ← the rest), no module
imports itself back through another, and no module takes another's private names.

Every import is read with ast, those inside functions and under TYPE_CHECKING too: an import
hidden in a function is still a dependency, and a cycle through one is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "security_guarantees_2022"
ROOT = Path(__file__).resolve().parents[1] / "validate" / PACKAGE

# Which layers may not import which: a layer below never imports a layer above it.
LAYERS = ["core", "checks", "engines"]


def modules() -> dict[str, Path]:
    """Module name (relative to the package, "" for the package itself) -> its file."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, str | None]]:
    """(module imported, name taken from it or None) for every import in the file, wherever it
    stands, resolved to this package's modules; imports of other distributions are left out."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and (node.module + ".").startswith(PACKAGE + "."):
                target = node.module[len(PACKAGE) + 1 :]
            elif node.module == PACKAGE:
                target = ""
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                if sub in known:
                    yield sub, None
                elif target in known:
                    yield target, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    target = alias.name[len(PACKAGE) + 1 :]
                    if target in known:
                        yield target, None


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {target for target, _ in imports(name, path, known) if target != name}
        for name, path in known.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(name: str) -> str:
    return name.split(".")[0]


def test_the_import_reader_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    """The reader below finds the imports a cycle can hide in."""
    module = tmp_path / "demo.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .core.report import Issue\n"
        "def f():\n"
        "    from .checks import spans\n"
        "    import security_guarantees_2022.engines.run\n"
    )
    found = set(imports("demo", module, modules()))
    assert found == {("core.report", "Issue"), ("checks.spans", None), ("engines.run", None)}
    module.write_text("from .checks import spans\nspans._read_batch([])\n")
    assert set(private_names("demo", module, modules())) == {("checks.spans", "_read_batch")}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_module_imports_itself_back() -> None:
    assert [sorted(c) for c in cycles(graph())] == [], "import cycles"


@pytest.mark.parametrize("room", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(room: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(room) + 1])
    wrong = sorted(
        f"{name} imports {target or PACKAGE}"
        for name, targets in graph().items()
        if layer(name) == room
        for target in targets
        if layer(target) not in allowed
    )
    assert not wrong, "\n".join(wrong)


def private_names(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, str]]:
    """(module, name) for each private name taken from another module of the package: imported
    by name, or read as an attribute of a module imported whole (`spans._read_batch`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    whole: dict[str, str] = {}  # local name -> module of the package imported whole
    for target, taken in imports(name, path, known):
        if taken is not None and taken.startswith("_") and not taken.startswith("__"):
            yield target, taken
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                for target, taken in imports(name, path, known):
                    if taken is None and target.rpartition(".")[2] == alias.name:
                        whole[alias.asname or alias.name] = target
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in whole
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield whole[node.value.id], node.attr


def test_no_module_takes_another_modules_private_names() -> None:
    known = modules()
    taken = {
        (name, target, private)
        for name, path in known.items()
        for target, private in private_names(name, path, known)
        if target != name
    }
    assert taken == set()
