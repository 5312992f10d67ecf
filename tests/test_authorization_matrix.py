"""Every route x every kind of user: nobody reaches what they should not.

Users: anonymous, citizen A, citizen B, staff of A's jobcenter in each role, staff of another
jobcenter, and helpers: one per scope acting for A, one acting for B with every scope, and four
whose mandate for A allows nothing (revoked, expired, invitation not accepted, request not
approved). Expected answers follow each route's declared access rule, so a new route is covered
as soon as it exists (and the architecture test makes it declare a rule).
"""

from datetime import date, timedelta

import pytest

from app import create_app
from app.access import access_rule
from app.auth.session_timeout import session_values_for
from app.claims import services as claim_services
from app.claims.services import ClaimDetails
from app.extensions import db
from app.job_search import services
from app.job_search.links import token_for
from app.mandates import invitations
from app.meetings import services as meeting_services
from app.models import STAFF_ROLES, AuditEvent, Message
from app.models.types import utcnow
from app.notifications.outbox import enqueue
from app.operations import heartbeat
from app.plan import services as plan_services
from app.plan.services import PlanContent
from app.rules.dates import danish_today
from app.rules.mandates import SCOPES
from app.sickness import services as sickness_services
from app.sickness.services import SickReport
from app.staff import onboarding
from tests.claims import samples
from tests.conftest import FreshRequestClient, empty_all_tables
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate, make_staff

SINGLE_SCOPE_HELPERS = {f"helper_{scope}": scope for scope in SCOPES}
DEAD_HELPERS = ("helper_revoked", "helper_expired", "helper_invited", "helper_requested")
HELPERS = [*SINGLE_SCOPE_HELPERS, "helper_of_b", *DEAD_HELPERS]
USERS = [
    "anonymous",
    "citizen_a",
    "citizen_b",
    *[f"staff_a_{r}" for r in STAFF_ROLES],
    "staff_other",
    *HELPERS,
]
ALLOWED = {200, 204, 302, 303, 422}  # 422: let in, but the empty form was refused
MANDATE_OWNER = "helper_view"  # the mandate whose id is in paths
INVITEE = "helper_invited"  # the helper the invitation in paths was sent to


@pytest.fixture
def world(database_url, tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        UPLOAD_DIR=str(tmp_path),
    )
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.create_all()
        home = make_jobcenter("home", settings={"mandates": {"helpers_may_confirm_job_search": True}})
        other = make_jobcenter("other")
        people = {"citizen_a": make_citizen(home, address="Vej 1"), "citizen_b": make_citizen(home)}
        people |= {f"staff_a_{role}": make_staff(home, role) for role in STAFF_ROLES}
        people["staff_other"] = make_staff(other, "admin")
        # A notice that may go on paper (a login code never does: app/auth/purposes.py)
        notice = {"date": "1.3.2027", "phone": "70 12 34 56"}
        letter = enqueue("access_changed", people["citizen_a"], notice, channel="letter")
        citizen_a = people["citizen_a"]
        receipt = services.confirm(citizen_a, "web", services.Actor.of_citizen(citizen_a), utcnow())
        exemption = services.add_exemption(
            services.Actor("system", None, ""), citizen_a, "holiday", date(2030, 1, 1), None, utcnow()
        )
        for goals in ("Første mål", "Andet mål"):  # two versions, so "what changed" has a page
            version = plan_services.publish(
                people["staff_a_caseworker"],
                citizen_a,
                PlanContent(goals=goals, contact_person="Kim"),
                utcnow(),
            )
        comment = plan_services.add_comment(
            services.Actor.of_citizen(citizen_a), version, "Jeg er uenig.", True, utcnow()
        )
        sickness = sickness_services.report_sick(
            services.Actor.of_citizen(citizen_a),
            citizen_a,
            SickReport(first_day=danish_today(utcnow())),
            utcnow(),
        )
        upload = claim_services.keep_upload(citizen_a, "faktura.pdf", samples.pdf(), utcnow())
        details = ClaimDetails("transport", 5000, date(2026, 11, 2), "DSB", "1")
        actor = services.Actor.of_citizen(citizen_a)
        claim = claim_services.submit(actor, citizen_a, details, [upload], utcnow())
        mandates = _give_helpers_mandates(people)
        meeting = meeting_services.book(
            people["staff_a_caseworker"],
            citizen_a,
            meeting_services.Booking("jobsamtale", "in_person", utcnow() + timedelta(days=9), 30, "Vej 2"),
            utcnow(),
        )
        # A colleague who has not set a password yet: the admin's routes change (and deactivate)
        # "user_id", so the set-password link must be someone else's.
        newcomer = make_staff(home, "caseworker")
        heartbeat.beat(utcnow(), force=True)  # a worker is running: /healthz/ready answers 200
        db.session.commit()
        ids = {
            "citizen_id": citizen_a.id,
            "message_id": letter.id,
            "user_id": people["staff_a_front_desk"].id,
            "confirmation_id": receipt.confirmation.id,
            "exemption_id": exemption.id,
            "version_id": version.id,
            "comment_id": comment.id,
            "report_id": sickness.id,
            "claim_id": claim.id,
            "file_id": upload.id,
            "token": token_for(citizen_a.id, receipt.confirmation.due_on),
            "mandate_id": mandates[MANDATE_OWNER].id,
            "meeting_id": meeting.id,
            "invitation_token": invitations.token_for(mandates[INVITEE]),
            "password_token": onboarding.password_token(newcomer),
        }
        yield app, people, ids
        db.session.remove()
        empty_all_tables()


def _give_helpers_mandates(people) -> dict:
    """Each helper user gets a helper account and a mandate, kept in people[...] as (helper,
    mandate) so a client can log in as the helper acting under the mandate."""
    mandates = {}
    for who in HELPERS:
        citizen = people["citizen_b" if who == "helper_of_b" else "citizen_a"]
        scopes = SCOPES if who in ("helper_of_b", *DEAD_HELPERS) else (SINGLE_SCOPE_HELPERS[who],)
        mandates[who] = make_mandate(citizen, make_helper(), scopes, **_dead_mandate(who))
        people[who] = mandates[who]
    return mandates


def _dead_mandate(who: str) -> dict:
    """How each dead helper's mandate for citizen A allows nothing (none for a live helper)."""
    return {
        "helper_revoked": {"status": "revoked", "ended_at": utcnow()},
        "helper_expired": {"ends_on": danish_today(utcnow()) - timedelta(days=1)},
        "helper_invited": {"status": "invited", "origin": "invitation", "accepted_at": None},
        "helper_requested": {"status": "requested", "origin": "request", "accepted_at": None},
    }.get(who, {})


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
            user = people[who].helper if who in HELPERS else people[who]
            session.update(session_values_for(user.get_id(), utcnow()))
            db.session.commit()
            if who in HELPERS:  # the helper has chosen "Jeg hjælper: …" for the mandate's citizen
                session["acting_for"] = people[who].id
    return client


def expected(rule: str, who: str, arguments: set[str]) -> str:
    """What `who` should get from a route with access rule `rule` ("staff:admin" etc.).
    Every id in a path belongs to citizen A or A's jobcenter."""
    rule_kind, _, roles = rule.partition(":")
    targets_home = bool(arguments)
    if rule_kind == "public":
        return _public(who, arguments)
    if rule_kind in ("twilio-signature", "metrics-token"):  # no user has the provider's key or token
        return "refused"
    if rule_kind == "helper":
        return _helper_page(who, arguments)
    if rule_kind in ("citizen", "case"):
        return _citizens_case(who, rule_kind, roles, targets_home)
    return _staff_page(who, roles, targets_home)


def _citizens_case(who: str, rule_kind: str, scopes: str, targets_home: bool) -> str:
    if who in HELPERS:
        return _helper_on_case(who, rule_kind, scopes, targets_home)
    if not who.startswith("citizen"):
        return "login"
    return "not_found" if who == "citizen_b" and targets_home else "allowed"


def _staff_page(who: str, roles: str, targets_home: bool) -> str:
    if not who.startswith("staff"):
        return "login"
    role = "admin" if who == "staff_other" else who.removeprefix("staff_a_")
    if roles != "any role" and role not in roles.split(","):
        return "refused"
    if who == "staff_other":
        return "not_found" if targets_home else "allowed"
    return "allowed"


def _public(who: str, arguments: set[str]) -> str:
    if "token" in arguments:  # a one-tap link of citizen A refuses a signed-in citizen B
        return "refused" if who == "citizen_b" else "allowed"
    if "invitation_token" in arguments:  # an invitation refuses every helper but its invitee
        return "refused" if who in HELPERS and who != INVITEE else "allowed"
    return "allowed"


def _helper_page(who: str, arguments: set[str]) -> str:
    if who not in HELPERS:
        return "login"
    if "invitation_token" in arguments:
        return "allowed" if who == INVITEE else "refused"
    if "mandate_id" in arguments:
        return "allowed" if who == MANDATE_OWNER else "not_found"
    return "allowed"


def _helper_on_case(who: str, rule_kind: str, scopes: str, targets_home: bool) -> str:
    """Helpers never use the citizen's own pages (contact details, helpers); on the case they
    may what their mandate grants, and a dead mandate sends them back to their own page."""
    if rule_kind == "citizen":
        return "refused"
    if who in DEAD_HELPERS:
        return "ended"
    if who == "helper_of_b":
        return "not_found" if targets_home else "allowed"
    return "allowed" if SINGLE_SCOPE_HELPERS[who] in scopes.split(",") else "refused"


def outcome(response, kind: str) -> str:
    location = response.headers.get("Location", "")
    if kind == "case" and response.status_code == 302 and location.endswith("/hjaelper/"):
        return "ended"
    # Public pages may redirect to the login page themselves (the code page without a CPR number).
    if kind != "public" and response.status_code == 302 and "log-ind" in location:
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


@pytest.mark.parametrize("who", [*DEAD_HELPERS, "helper_of_b"])
def test_helpers_without_a_live_mandate_for_a_change_nothing_on_as_case(world, who):
    app, people, _ = world
    before = _case_writes(people["citizen_a"])
    for rule, method in routes(app):
        if method == "POST" and access_rule(app.view_functions[rule.endpoint]).startswith("case"):
            path = rule.build({k: world[2][k] for k in rule.arguments}, append_unknown=False)[1]
            client_as(app, people, who).post(path)
    assert _case_writes(people["citizen_a"]) == before


def _case_writes(citizen) -> tuple[int, int]:
    """Audit events and messages on the citizen's case: every change writes at least one."""
    audited = db.session.query(AuditEvent).filter_by(citizen_id=citizen.id).count()
    return audited, db.session.query(Message).filter_by(citizen_id=citizen.id).count()
