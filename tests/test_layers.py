"""The layers of app/, checked over the import graph (scripts/import_graph.py prints it).

A neutral kernel (access, cases, notifications, audit, operations, rules, models ...) that
imports no feature; features that plug into it and into each other's pages through app/slots.py;
the composition root (the factory in app/__init__.py, the CLI, the demo data) that wires them.
Imports inside functions count: they are dependencies all the same.
"""

import ast
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
    "case_events",
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
    "page_urls",
    "paging",
    "periodic",
    "rate_limits",
    "rules",
    "sealing",
    "security",
    "slots",
    "static_assets",
    "translated_templates",
    "url_rules",
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


def test_a_slot_for_one_contribution_refuses_none_and_two():
    bare = Flask(__name__)
    with bare.app_context():
        with pytest.raises(LookupError):
            slots.the_one(slots.INBOUND_SMS)
        slots.plug(bare, slots.INBOUND_SMS, print)
        slots.plug(bare, slots.INBOUND_SMS, repr)
        with pytest.raises(LookupError):
            slots.the_one(slots.INBOUND_SMS)


# One unit of work per request or job (README, after "The layers"): services flush, and the
# route, CLI command, webhook or job that called them commits once at its end.
# Only these functions below them commit, each for the reason given.
COMMITS_BELOW_THE_ROUTES = {
    # the periodic jobs' runner: each registered job is committed at its end
    "app/periodic.py:_run",
    # a page's unit of work where it only reads (look-ups are audited even when nothing changed)
    "app/audit.py:record_lookup",
    "app/audit.py:record_helper_view",
    # the shared code-entry step of every code page: a refused code must stay counted
    "app/auth/code_entry.py:use_submitted_code",
    # counters of wrong tries, committed on their own so that parallel tries see each other
    "app/auth/guard.py:take_a_try",
    "app/staff/passwords.py:_reserve_a_try",
    "app/staff/passwords.py:_forget_wrong_tries",
    "app/staff/passwords.py:_count_wrong",
    # logging in and out: the server's session row before the cookie names it
    "app/auth/session_timeout.py:start_session",
    "app/auth/session_timeout.py:end_session",
    # a form draft is used up on the GET that restores it
    "app/drafts.py:restore_for",
    # jobs that work in chunks or per message, each chunk its own transaction (locks stay short)
    "app/auth/services.py:handle_code_requests",
    "app/citizens/importer.py:import_citizens",
    "app/job_search/reminders.py:_create_missing_statuses",
    "app/job_search/reminders.py:_record_misses",
    "app/job_search/reminders.py:_queue_reminders",
    "app/meetings/reminders.py:sweep",
    "app/notifications/outbox.py:queue_in_chunks",
    "app/notifications/bulk.py:queue_in_chunks",
    "app/notifications/outbox.py:lease_due",
    "app/notifications/outbox.py:renew_lease",
    "app/notifications/outbox.py:send_leased",
    "app/notifications/outbox.py:load_leased",
    "app/notifications/outbox.py:record_handed",
    "app/operations/heartbeat.py:beat",
    "app/operations/heartbeat.py:swept",
    "app/rights/anonymise.py:empty_ended_cases",
    "app/rights/anonymise.py:_delete_copies",
    "app/rights/large.py:_build_or_give_up",
    "app/rights/large.py:_build",
    "app/rights/large.py:delete_expired",
    "app/rights/retention.py:apply_retention",
    "app/rights/retention.py:_delete_files",
    "app/rights/retention.py:_delete_sickness",
    "app/rights/retention.py:_in_batches",
}
# Where the unit of work ends: pages, webhooks, commands, and the demo data.
UNIT_OF_WORK_ENDS = ("routes.py", "webhooks.py", "cli.py", "demo.py", "app/__init__.py")


def test_services_do_not_commit_halfway():
    found = {
        f"{path}:{function}"
        for path, function in import_graph.commits()
        if not path.endswith(UNIT_OF_WORK_ENDS) and f"{path}:{function}" not in COMMITS_BELOW_THE_ROUTES
    }
    assert sorted(found) == []


def _calls(name: str) -> list[str]:
    """Where app/ calls `name` (e.g. "audit.record", or "tell_citizen" however imported), as
    "path:line"."""
    found = []
    for path in sorted(Path(import_graph.APP).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            called = ast.unparse(node.func) if isinstance(node, ast.Call) else ""
            if called == name or called.endswith("." + name):
                found.append(f"{path.relative_to(import_graph.APP.parent).as_posix()}:{node.lineno}")
    return found


def test_case_events_name_their_actor_and_bring_their_helper_notice():
    """Who acted is an Actor (audit.record_by), never spelled out field by field; the notice a
    helper's action brings the citizen is queued by the one call that records the action
    (case_events.record_event)."""
    assert [call for call in _calls("audit.record") if not call.startswith("app/audit.py")] == []
    assert [call for call in _calls("tell_citizen") if not call.startswith("app/case_events.py")] == []


def test_routes_leave_the_jobcenter_check_to_the_access_layer():
    """Staff see only their own jobcenter's citizens: app/access.py checks it (citizen_for,
    on_own_jobcenter), so no route can forget or get it subtly wrong."""
    found = [
        f"{path.relative_to(import_graph.APP.parent).as_posix()}:{number}"
        for path in sorted(Path(import_graph.APP).rglob("*routes.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "jobcenter_id !=" in line or ("jobcenter_id ==" in line and " if " in line)
    ]
    assert found == []
