#!/usr/bin/env python3
"""Print the package import graph of app/ (which package imports which) and any cycles.

    scripts/import_graph.py            # the graph, one package per line, then the cycles
A package is a first-level folder of app/ (app/auth, app/plan ...) or a top-level module
(app/access.py is "access"). Imports inside functions count too: they are still dependencies.
"""

import ast
import sys
from collections import defaultdict
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


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in APP.rglob("*.py"):
        relative = path.relative_to(APP.parent).with_suffix("")
        source = package_of(".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts))
        for target in filter(None, (package_of(name) for name in imports_of(path))):
            if target != source and target != "app" and _exists(target):
                edges[source].add(target)
        edges.setdefault(source, set())
    return edges


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
