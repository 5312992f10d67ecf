#!/usr/bin/env python3
"""Print the package import graph of app/ (which package imports which) and any cycles.

    scripts/import_graph.py            # the graph, one package per line, then the cycles
A package is a first-level folder of app/ (app/auth, app/plan ...) or a top-level module
(app/access.py is "access"). Imports inside functions count too: they are still dependencies.
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def package_of(module: str) -> str | None:
    """'app.plan.services' -> 'plan'; 'app' itself (the factory) -> 'app'."""
    parts = module.split(".")
    if parts[0] != "app":
        return None
    return parts[1] if len(parts) > 1 else "app"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@dataclass(frozen=True)
class Import:
    """One import of another package: `path` ("app/access.py", package `source`) imports
    `name` ("app.cases.own_case", package `target`)."""

    path: str
    source: str
    name: str
    target: str


def all_imports() -> list[Import]:
    """Every import from one package of app/ into another (tests/test_layers.py checks them)."""
    found = []
    for path in sorted(APP.rglob("*.py")):
        source = _package_of_file(path)
        for name in sorted(imports_of(path)):
            target = package_of(name)
            if target and target != source and target != "app" and _exists(target):
                found.append(Import(path.relative_to(APP.parent).as_posix(), source, name, target))
    return found


def commits() -> list[tuple[str, str]]:
    """(file, function) of every `db.session.commit()` in app/ (tests/test_layers.py checks where)."""
    found = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and _commits_itself(function):
                found.append((path.relative_to(APP.parent).as_posix(), function.name))
    return found


def _commits_itself(function: ast.FunctionDef) -> bool:
    """A commit in the function's own body (a function nested in it is counted on its own)."""
    waiting = list(function.body)
    while waiting:
        node = waiting.pop()
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "db.session.commit":
            return True
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            waiting.extend(ast.iter_child_nodes(node))
    return False


def graph(imports: list[Import] | None = None) -> dict[str, set[str]]:
    """Which packages each package imports (every package of app/ is a key)."""
    edges: dict[str, set[str]] = {_package_of_file(path): set() for path in APP.rglob("*.py")}
    for found in all_imports() if imports is None else imports:
        edges[found.source].add(found.target)
    return edges


def _package_of_file(path: Path) -> str:
    relative = path.relative_to(APP.parent).with_suffix("")
    return package_of(".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts))


def _exists(package: str) -> bool:
    return (APP / package).is_dir() or (APP / f"{package}.py").is_file()


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of packages that import each other, directly or through others (a few dozen
    packages: plain reachability is fast enough and easy to read)."""
    reach = {node: reachable(edges, node) for node in edges}
    groups = {tuple(sorted(n for n in reach[node] if node in reach[n])) for node in edges}
    return sorted(list(group) for group in groups if len(group) > 1)


def main() -> int:
    edges = graph()
    for source in sorted(edges):
        print(f"{source:15} -> {', '.join(sorted(edges[source])) or '-'}")
    found = cycles(edges)
    print(f"\npackage cycles: {len(found)}")
    for component in found:
        print("  " + " <-> ".join(component))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
