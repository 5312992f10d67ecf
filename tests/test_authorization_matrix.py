"""Every route x every kind of user: nobody reaches what they should not.

Users: anonymous, citizen A, citizen B, staff of A's jobcenter in each role, and staff of
another jobcenter. Expected answers follow each route's declared access rule, so a new route
is covered as soon as it exists (and the architecture test makes it declare a rule).
"""

from datetime import date

import pytest

from app import create_app
from app.access import access_rule
from app.claims import services as claim_services
from app.claims.services import ClaimDetails
from app.extensions import db
from app.job_search import services
from app.job_search.links import token_for
from app.models import STAFF_ROLES
from app.models.types import utcnow
from app.notifications.outbox import enqueue
from app.plan import services as plan_services
from app.plan.services import PlanContent
from app.sickness import services as sickness_services
from app.sickness.services import SickReport
from tests.claims import samples
from tests.conftest import FreshRequestClient, empty_all_tables
from tests.factories import make_citizen, make_jobcenter, make_staff

USERS = ["anonymous", "citizen_a", "citizen_b", *[f"staff_a_{r}" for r in STAFF_ROLES], "staff_other"]
ALLOWED = {200, 204, 302, 422}  # 422: let in, but the empty form was refused


@pytest.fixture
def world(database_url, tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False, UPLOAD_DIR=str(tmp_path))
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.create_all()
        home, other = make_jobcenter("home"), make_jobcenter("other")
        people = {"citizen_a": make_citizen(home, address="Vej 1"), "citizen_b": make_citizen(home)}
        people |= {f"staff_a_{role}": make_staff(home, role) for role in STAFF_ROLES}
        people["staff_other"] = make_staff(other, "admin")
        letter = enqueue("login_code", people["citizen_a"], {"code": "1"}, channel="letter")
        citizen_a = people["citizen_a"]
        receipt = services.confirm(citizen_a, "web", services.Actor.of_citizen(citizen_a), utcnow())
        exemption = services.add_exemption(services.Actor("system", None, ""), citizen_a, "ferie",
                                           date(2030, 1, 1), None, utcnow())
        for goals in ("Første mål", "Andet mål"):  # two versions, so "what changed" has a page
            version = plan_services.publish(people["staff_a_caseworker"], citizen_a,
                                            PlanContent(goals=goals, contact_person="Kim"), utcnow())
        sickness = sickness_services.report_sick(services.Actor.of_citizen(citizen_a), citizen_a,
                                                 SickReport(first_day=date.today()), utcnow())
        upload = claim_services.keep_upload(citizen_a, "faktura.pdf", samples.pdf(), utcnow())
        details = ClaimDetails("transport", 5000, date(2026, 11, 2), "DSB", "1")
        actor = services.Actor.of_citizen(citizen_a)
        claim = claim_services.submit(actor, citizen_a, details, [upload], utcnow())
        db.session.commit()
        ids = {"citizen_id": citizen_a.id, "message_id": letter.id,
               "user_id": people["staff_a_front_desk"].id, "confirmation_id": receipt.confirmation.id,
               "exemption_id": exemption.id, "version_id": version.id,
               "report_id": sickness.id, "claim_id": claim.id, "file_id": upload.id,
               "token": token_for(citizen_a.id, receipt.confirmation.due_on)}
        yield app, people, ids
        db.session.remove()
        empty_all_tables()


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def client_as(app, people, who):
    client = app.test_client()
    if who != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = people[who].get_id()
            session["_fresh"] = True
            session["last_active"] = utcnow().timestamp()
    return client


def expected(rule: str, who: str, arguments: set[str]) -> str:
    """What `who` should get from a route with access rule `rule` ("staff:admin" etc.).
    Every id in a path belongs to citizen A or A's jobcenter."""
    rule_kind, _, roles = rule.partition(":")
    targets_home = bool(arguments)
    if rule_kind == "public":  # a one-tap link of citizen A refuses a signed-in citizen B
        return "refused" if who == "citizen_b" and "token" in arguments else "allowed"
    if rule_kind == "twilio-signature":
        return "refused"
    if rule_kind == "citizen":
        if not who.startswith("citizen"):
            return "login"
        return "not_found" if who == "citizen_b" and targets_home else "allowed"
    if not who.startswith("staff"):
        return "login"
    role = "admin" if who == "staff_other" else who.removeprefix("staff_a_")
    if roles != "any role" and role not in roles.split(","):
        return "refused"
    if who == "staff_other":
        return "not_found" if targets_home else "allowed"
    return "allowed"


def outcome(response, kind: str) -> str:
    # Public pages may redirect to the login page themselves (the code page without a CPR number).
    if kind != "public" and response.status_code == 302 and "log-ind" in response.headers["Location"]:
        return "login"
    if response.status_code in ALLOWED:
        return "allowed"
    return {403: "refused", 404: "not_found"}.get(response.status_code, str(response.status_code))


@pytest.mark.parametrize("who", USERS)
def test_every_route_answers_each_user_as_its_access_rule_says(world, who):
    app, people, ids = world
    wrong = []
    for rule, method in routes(app):
        declared = access_rule(app.view_functions[rule.endpoint])
        kind = declared.split(":")[0]
        path = rule.build({k: ids[k] for k in rule.arguments}, append_unknown=False)[1]
        response = client_as(app, people, who).open(path, method=method)
        want, got = expected(declared, who, set(rule.arguments)), outcome(response, kind)
        if want != got:
            wrong.append(f"{method} {path}: expected {want}, got {got}")
    assert wrong == [], "\n".join(wrong)


def test_citizen_b_never_sees_citizen_as_messages(world):
    app, people, _ = world
    page = client_as(app, people, "citizen_b").get("/min-side/beskeder").get_data(as_text=True)
    assert "Login-kode" not in page


def test_other_jobcenters_print_queue_does_not_show_the_letter(world):
    app, people, ids = world
    page = client_as(app, people, "staff_other").get("/medarbejder/udskrifter").get_data(as_text=True)
    assert people["citizen_a"].name not in page
    own = client_as(app, people, "staff_a_front_desk").get("/medarbejder/udskrifter").get_data(as_text=True)
    assert people["citizen_a"].name in own
