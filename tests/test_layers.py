"""The layers of app/, checked over the import graph (scripts/import_graph.py prints it).

A neutral kernel (access, cases, notifications, audit, operations, rules, models ...) that
imports no feature; features that plug into it and into each other's pages through app/slots.py;
the composition root (the factory in app/__init__.py, the CLI, the demo data) that wires them.
Imports inside functions count: they are dependencies all the same.
"""

import importlib.util
from pathlib import Path

import pytest
from flask import Flask

from app import slots

pytestmark = pytest.mark.engine_independent  # the import graph and the slots, no database

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "import_graph.py"
_spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)

KERNEL = {
    "access",
    "audit",
    "cases",
    "contact",
    "drafts",
    "errors",
    "extensions",
    "forms",
    "i18n",
    "letters",
    "limit_keys",
    "models",
    "notifications",
    "operations",
    "paging",
    "periodic",
    "rate_limits",
    "rules",
    "sealing",
    "security",
    "slots",
    "static_assets",
    "urls",
}
FEATURES = {
    "account",
    "auth",
    "citizens",
    "claims",
    "job_search",
    "mandates",
    "meetings",
    "plan",
    "public",
    "rights",
    "sickness",
    "staff",
}
COMPOSITION = {"app", "cli", "demo"}  # the factory, the CLI and the demo data wire the features

# Flask and the database, which the pure rules never touch (they take `now` and plain values).
FLASK_OR_DATABASE = ("flask", "flask_", "sqlalchemy", "werkzeug", "app.extensions", "app.models")


IMPORTS = import_graph.all_imports()


def _lines(imports) -> list[str]:
    return sorted(f"{found.path} imports {found.name}" for found in imports)


def test_every_package_has_its_place_in_the_layers():
    packages = set(import_graph.graph())
    assert packages - KERNEL - FEATURES - COMPOSITION == set(), "add the new package to a layer"
    assert not KERNEL & FEATURES and not (KERNEL | FEATURES) & COMPOSITION


def test_rules_import_nothing_from_flask_or_the_database():
    rules = Path(import_graph.APP) / "rules"
    found = [
        f"{path.name} imports {name}"
        for path in sorted(rules.rglob("*.py"))
        for name in import_graph.imports_of(path)
        if name.startswith(FLASK_OR_DATABASE) or _outside_rules(name)
    ]
    assert found == []


def _outside_rules(name: str) -> bool:
    return name.startswith("app.") and not name.startswith("app.rules")


@pytest.mark.parametrize("kernel", sorted(KERNEL))
def test_the_kernel_imports_no_feature(kernel):
    """models, notifications, access, audit, operations ... know no feature: features plug in."""
    found = [f for f in IMPORTS if f.source == kernel and f.target not in KERNEL]
    assert _lines(found) == []


def test_no_feature_imports_another_features_routes():
    """A feature shows another's page through a slot (e.g. the staff citizen page)."""
    found = [f for f in IMPORTS if f.source in FEATURES and f.target in FEATURES and _is_routes(f.name)]
    assert _lines(found) == []


def _is_routes(name: str) -> bool:
    parts = name.split(".")  # app.<package>.<module>[.<name>]
    return len(parts) > 2 and parts[2].endswith("routes")


def test_no_package_cycle():
    assert import_graph.cycles(import_graph.graph(IMPORTS)) == []


def test_the_factory_plugs_in_what_the_shared_pages_read(app):
    front_page = [card.name for card in slots.plugged(slots.FRONT_PAGE)]
    assert front_page == [
        "card",
        "exemptions",
        "decisions",
        "plan",
        "sickness",
        "meetings",
    ]  # the template's names
    staff_page = [panel.name for panel in slots.plugged(slots.STAFF_PANEL)]
    assert staff_page == ["job_search", "plan", "sickness", "claims", "mandates", "meetings"]
    assert slots.the_one(slots.INBOUND_SMS).__module__ == "app.job_search.sms_replies"
    assert slots.the_one(slots.STAFF_CITIZEN_PAGE).__module__ == "app.staff.routes"


def test_a_slot_for_one_contribution_refuses_none_and_two():
    bare = Flask(__name__)
    with bare.app_context():
        with pytest.raises(LookupError):
            slots.the_one(slots.INBOUND_SMS)
        slots.plug(bare, slots.INBOUND_SMS, print)
        slots.plug(bare, slots.INBOUND_SMS, repr)
        with pytest.raises(LookupError):
            slots.the_one(slots.INBOUND_SMS)
