"""Who has looked at my case: staff look-ups (name and role, or the role alone by the jobcenter's
policy) and helpers' views, which case_access records for every page of a case a helper opens.

The test over all staff routes is tests/staff/test_lookups_audited.py; the one over all helper
routes is here: a helper's page that did not record would be missing from the citizen's list."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.access import access_rule
from app.account import labels
from app.extensions import db
from app.models import AuditEvent
from tests.factories import make_citizen, make_staff
from tests.rights.support import signed_in
from tests.test_authorization_matrix import SINGLE_SCOPE_HELPERS, world  # noqa: F401  (fixture)


def _last_id() -> int:
    return db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def test_the_citizen_sees_which_staff_member_looked_with_role_and_jobcenter(app):
    citizen = make_citizen()
    staff = make_staff(citizen.jobcenter, "caseworker", name="Kim Caseworker")
    db.session.commit()
    signed_in(app, staff).get(f"/medarbejder/borger/{citizen.id}")
    page = signed_in(app, citizen).get("/min-side/opslag").get_data(as_text=True)
    assert "The case overview" in page
    assert "Kim Caseworker (Caseworker)" in page and citizen.jobcenter.name in page


def test_a_jobcenter_that_hides_staff_names_shows_the_role_alone(app):
    citizen = make_citizen()
    citizen.jobcenter.settings = {"privacy": {"staff_names_in_lookups": False}}
    staff = make_staff(citizen.jobcenter, "front_desk", name="Kim Frontdesk")
    db.session.commit()
    signed_in(app, staff).get(f"/medarbejder/borger/{citizen.id}")
    page = signed_in(app, citizen).get("/min-side/opslag").get_data(as_text=True)
    assert "Front desk" in page and "Kim Frontdesk" not in page


def test_another_citizens_lookups_are_not_listed(app):
    citizen, other = make_citizen(), make_citizen()
    staff = make_staff(other.jobcenter, "caseworker", name="Kim Other")
    db.session.commit()
    signed_in(app, staff).get(f"/medarbejder/borger/{other.id}")
    page = signed_in(app, citizen).get("/min-side/opslag").get_data(as_text=True)
    assert "Kim Other" not in page and "Nobody has looked at the case yet." in page


def _helper_for(rule: str) -> str:
    """A helper whose single scope lets them open a route with access rule `rule`."""
    scopes = rule.removeprefix("case:").split(",")
    return next(who for who, scope in SINGLE_SCOPE_HELPERS.items() if scope in scopes)


def test_every_page_of_a_case_a_helper_opens_is_listed_for_the_citizen(world):  # noqa: F811
    app, people, ids = world
    routes = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and (access_rule(app.view_functions[rule.endpoint]) or "").startswith("case:")
    ]
    assert len(routes) >= 15
    silent = []
    for rule in routes:
        who = _helper_for(access_rule(app.view_functions[rule.endpoint]))
        mandate = people[who]
        before = _last_id()
        path = rule.build({k: ids[k] for k in rule.arguments}, append_unknown=False)[1]
        response = signed_in(app, mandate.helper, mandate).get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        if response.status_code == 302:  # e.g. the newest version is the current plan's page
            continue
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
        recorded = [(e.action, e.actor_type, e.actor_id, e.citizen_id) for e in events]
        if ("lookup." + rule.endpoint, "helper", mandate.helper.id, ids["citizen_id"]) not in recorded:
            silent.append(path)
    assert silent == []
    page = signed_in(app, people["citizen_a"]).get("/min-side/opslag").get_data(as_text=True)
    assert "(Helper)" in page and "The plan" in page and "Expense claims" in page


@pytest.mark.parametrize("language", ["da", "en", "ar", "uk"])
def test_the_list_is_in_the_citizens_language(app, language):
    citizen = make_citizen()
    staff = make_staff(citizen.jobcenter, "manager", name="Kim Manager")
    db.session.commit()
    signed_in(app, staff).get(f"/medarbejder/borger/{citizen.id}")
    response = signed_in(app, citizen, language=language).get("/min-side/opslag")
    assert response.status_code == 200 and "Kim Manager" in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["da", "en", "ar", "uk"])
def test_every_page_a_helper_opens_is_named_in_words_on_the_list(app, language):
    """The list names what a helper opened by its page (or its part of the portal), never by the
    route's inner name: "meetings.meeting" or "rights" on a citizen's page is a defect."""
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if (access_rule(app.view_functions[rule.endpoint]) or "").startswith("case:")
    }
    assert len(endpoints) >= 25
    with app.test_request_context("/", query_string={"lang": language}):
        named = {
            endpoint: labels.looked_at(SimpleNamespace(action="lookup." + endpoint)) for endpoint in endpoints
        }
    inner_names = {
        endpoint: name for endpoint, name in named.items() if name in (endpoint, endpoint.split(".")[0])
    }
    assert inner_names == {}
