"""A test module asks for today when it uses it, never when it is imported.

The suite runs for about ten minutes. A run that crossed midnight in Denmark failed: a module had
kept the day it was imported, while the portal answered with the next day."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent  # reads source files only

TESTS = Path(__file__).parent
CLOCKS = {"utcnow", "danish_today", "now", "today", "utcnow_naive"}


def clock_calls_at_import(source: str) -> list[int]:
    """The lines where a module reads the clock while it is imported: in a top-level statement, a
    class body, a default argument or a decorator (`parametrize`), not inside a function."""
    return sorted({node.lineno for node in _run_at_import(ast.parse(source)) if _reads_the_clock(node)})


def _run_at_import(node: ast.AST):
    """Every node Python evaluates when the module is imported."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = child.args
            evaluated = [*arguments.defaults, *filter(None, arguments.kw_defaults)]
            evaluated += getattr(child, "decorator_list", [])
            for part in evaluated:
                yield part
                yield from _run_at_import(part)
            continue
        yield child
        yield from _run_at_import(child)


def _reads_the_clock(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    called = node.func
    name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
    return name in CLOCKS


def test_the_check_finds_a_day_kept_from_import_but_not_one_asked_for_later():
    assert clock_calls_at_import("TODAY = danish_today(utcnow())\n") == [1]
    assert clock_calls_at_import("START = datetime.now(UTC) - timedelta(days=1)\n") == [1]
    assert clock_calls_at_import("def today():\n    return danish_today(utcnow())\n") == []
    assert clock_calls_at_import("WEEK = timedelta(days=7)\n") == []
    assert clock_calls_at_import("def f(day=danish_today(utcnow())):\n    pass\n") == [1]
    assert clock_calls_at_import("@parametrize('day', [utcnow()])\ndef test(day):\n    pass\n") == [1]
    assert clock_calls_at_import("class Clock:\n    START = utcnow()\n") == [2]
    assert clock_calls_at_import("late = lambda: utcnow()\n") == []


def test_no_test_module_keeps_the_day_it_was_imported():
    kept = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in clock_calls_at_import(path.read_text(encoding="utf-8"))
    ]
    assert kept == [], f"ask for the time when it is used: {kept}"
