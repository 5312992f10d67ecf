"""The pages every language and accessibility test visits. Add new pages here."""

from sqlalchemy import select

from app.access import access_rule
from app.extensions import db
from app.models import Claim, ClaimFile, JobSearchConfirmation, Mandate, Meeting, PlanVersion, SicknessReport

LANGUAGES = ("da", "en", "ar", "uk")


def public_pages(app) -> list[str]:
    """Every GET route without URL parameters that renders HTML, plus an error page."""
    paths = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in NON_HTML_ENDPOINTS
    )
    return [*paths, "/this-page-does-not-exist"]


NON_HTML_ENDPOINTS = {
    "public.healthz",
    "public.favicon",
    "operations_health.ready",
    "operations_metrics.metrics",
    "static",
    # The browser tests' live server serves axe-core (tests/browser/conftest.py): 650 KB of
    # script that the page tours measured and checked as if it were a page (12 CPU s a run).
    "tests_axe_core",
}


ID_SOURCES = {  # URL argument → the model whose newest row of the citizen fills it
    "version_id": PlanVersion,
    "report_id": SicknessReport,
    "claim_id": Claim,
    "confirmation_id": JobSearchConfirmation,
    "mandate_id": Mandate,
    "meeting_id": Meeting,
}


def citizen_pages(app, citizen_id: int) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        kind = (access_rule(app.view_functions[rule.endpoint]) or "").split(":")[0]
        if "GET" not in rule.methods or kind not in ("case", "citizen"):
            continue
        values = {name: _newest_id(name, citizen_id) for name in rule.arguments}
        if None not in values.values():
            pages.append(rule.build(values, append_unknown=False)[1])
    return sorted(pages)


def staff_pages(app, citizen_id: int) -> list[str]:
    """Every GET page a member of staff opens, about `citizen_id` where a page names a citizen."""
    pages = []
    for rule in app.url_map.iter_rules():
        kind = (access_rule(app.view_functions[rule.endpoint]) or "").split(":")[0]
        if "GET" not in rule.methods or kind != "staff":
            continue
        values = {
            name: citizen_id if name == "citizen_id" else _id(name, citizen_id) for name in rule.arguments
        }
        if None not in values.values():
            pages.append(rule.build(values, append_unknown=False)[1])
    return sorted(pages)


def helper_pages(app) -> list[str]:
    """A helper's own pages (their list of citizens, their name); the citizen's pages they open
    under a mandate are citizen_pages."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and (access_rule(app.view_functions[rule.endpoint]) or "").split(":")[0] == "helper"
    )


def _id(name, citizen_id):
    try:
        return _newest_id(name, citizen_id)
    except KeyError:  # an id the demo has no rule for (a staff user's, an exemption's)
        return None


def _newest_id(argument: str, citizen_id: int) -> int | None:
    if argument == "file_id":
        return db.session.scalar(
            select(ClaimFile.id)
            .where(ClaimFile.citizen_id == citizen_id)
            .order_by(ClaimFile.id.desc())
            .limit(1)
        )
    model = ID_SOURCES[argument]
    return db.session.scalar(
        select(model.id).where(model.citizen_id == citizen_id).order_by(model.id.desc()).limit(1)
    )
