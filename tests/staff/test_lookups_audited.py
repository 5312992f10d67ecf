"""Every staff read of a citizen's data is audited: who, for whom, what was opened.

Before, the citizen page, the search, downloads, the CSV export and the staff plan, sickness and
claim pages left no trace (554 page views and 41 downloads in one afternoon). The test walks the
url_map: every GET route for staff must write a "lookup.*" event naming the staff member and the
citizen(s) shown, unless it is declared below as showing no citizen's data. A new staff page that
forgets it fails here.
"""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.access import access_rule
from app.account import labels
from app.demo import DEMO_STAFF_PASSWORD, load_demo_data
from app.extensions import db
from app.models import AuditEvent, Citizen, Claim, ClaimFile, Meeting, PlanVersion, StaffUser
from app.notifications.outbox import enqueue
from tests.support.forms import submit
from tests.support.login import staff_log_in

SHOWS_NO_CITIZEN = {
    "staff.staff_list": "staff accounts only",
    "staff.search": "the empty search form; the results are staff.search_results",
    # Without a copy the worker built for this staff member it only leads back to the citizen
    # page; serving one is a look-up (tests/rights/test_large_export.py, the desk copy tests).
    "rights.desk_prepared_copy": "back to the citizen page until a desk copy is built",
}
# A letter's PDF is audited as "letter.downloaded", an event the citizen sees, rather than as a
# look-up (tests/auth/test_code_security.py, the sealed letter code test).
AUDITED_WITH_THE_LETTER_CODES = {"staff.print_letter"}


def staff_read_routes(app) -> list:
    skip = SHOWS_NO_CITIZEN.keys() | AUDITED_WITH_THE_LETTER_CODES
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and (access_rule(app.view_functions[rule.endpoint]) or "").startswith("staff:")
            and rule.endpoint not in skip
        ),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def demo(app, smtp, twilio):
    load_demo_data()
    citizen = db.session.scalar(select(Citizen).order_by(Citizen.id))
    enqueue("access_changed", citizen, {"date": "1.3.2027", "phone": "70 12 34 56"}, channel="letter")
    db.session.commit()  # a letter in the print queue: its page shows whom it is for


def admin_of(code: str) -> StaffUser:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == f"admin@{code}.example.dk"))


def values_for(rule, staff: StaffUser) -> dict | None:
    """Ids of the staff member's own jobcenter for the rule's arguments; None when there are none."""
    in_jobcenter = Citizen.jobcenter_id == staff.jobcenter_id
    version = db.session.scalar(
        select(PlanVersion).join(Citizen).where(in_jobcenter, PlanVersion.number.is_not(None)).limit(1)
    )
    claim = db.session.scalar(select(Claim).join(Citizen).where(in_jobcenter).limit(1))
    meeting = db.session.scalar(select(Meeting).join(Citizen).where(in_jobcenter).limit(1))
    available = {
        "citizen_id": version.citizen_id if version else None,
        "version_id": version.id if version else None,
        "claim_id": claim.id if claim else None,
        "file_id": claim.files[0].id if claim and claim.files else None,
        "meeting_id": meeting.id if meeting else None,
    }
    values = {name: available.get(name) for name in rule.arguments}
    return None if None in values.values() else values


def expected_citizen(values: dict) -> int | None:
    if "citizen_id" in values:
        return values["citizen_id"]
    if "claim_id" in values:
        return db.session.get(Claim, values["claim_id"]).citizen_id
    if "meeting_id" in values:
        return db.session.get(Meeting, values["meeting_id"]).citizen_id
    if "file_id" in values:
        return db.session.get(ClaimFile, values["file_id"]).claim.citizen_id
    return None  # a list: some of the jobcenter's citizens


def lookups_by(staff: StaffUser, after_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.id > after_id, AuditEvent.actor_id == staff.id, AuditEvent.action.like("lookup.%")
            )
        )
    )


def last_event_id() -> int:
    return db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def open_page(client, rule, values: dict):
    if rule.endpoint == "staff.search_results":  # the results of a search just made
        submit(client, "/medarbejder/", {"q": "a"})
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    return client.get(path)


def test_every_staff_read_of_a_citizens_data_writes_a_lookup_event(app, demo, smtp):
    routes = staff_read_routes(app)
    assert len(routes) >= 28, [rule.rule for rule in routes]  # with the citizen page's 8 sub-pages
    clients = {}
    for code in ("koebenhavn", "roedovre"):
        staff = admin_of(code)
        clients[code] = (staff, app.test_client())
        staff_log_in(clients[code][1], smtp, staff, DEMO_STAFF_PASSWORD)
    silent, recorded = [], set()
    for rule in routes:
        opened = False
        for staff, client in clients.values():
            values = values_for(rule, staff)
            if values is None:
                continue
            before = last_event_id()
            response = open_page(client, rule, values)
            assert response.status_code == 200, (rule.rule, response.status_code)
            events = lookups_by(staff, before)
            if not events:
                continue  # an empty list shows nobody; the other jobcenter's is tried
            opened = True
            shown = {event.citizen_id for event in events}
            own = {
                c.id
                for c in db.session.scalars(select(Citizen).where(Citizen.jobcenter_id == staff.jobcenter_id))
            }
            assert shown <= own, rule.rule
            if (citizen_id := expected_citizen(values)) is not None:
                assert shown == {citizen_id}, rule.rule
            assert {e.actor_type for e in events} == {"staff"} and {e.actor_label for e in events} == {
                staff.name
            }
            assert len({e.action for e in events}) == 1
            recorded.add(events[0].action)
        if not opened:
            silent.append(rule.rule)
    assert silent == [], "these staff pages show citizens' data but wrote no look-up"
    assert unnamed(app, recorded) == set(), "the citizen's list of who looked shows these inner names"


def unnamed(app, actions: set[str]) -> set[str]:
    """The look-ups the citizen's list (/min-side/opslag) would name by the portal's inner name
    ("meetings_list"), not in words."""
    with app.test_request_context("/"):
        named = {action: labels.looked_at(SimpleNamespace(action=action)) for action in actions}
    return {
        action for action, name in named.items() if name in (action[len("lookup.") :], action.split(".")[1])
    }


def test_a_lookup_names_what_was_opened(app, demo, smtp):
    staff = admin_of("roedovre")
    client = app.test_client()
    staff_log_in(client, smtp, staff, DEMO_STAFF_PASSWORD)
    claim = db.session.scalar(select(Claim).join(Citizen).where(Citizen.jobcenter_id == staff.jobcenter_id))
    before = last_event_id()
    assert client.get(f"/medarbejder/udlaeg/fil/{claim.files[0].id}").status_code == 200
    [event] = lookups_by(staff, before)
    assert (event.action, event.object_type, event.object_id) == (
        "lookup.claim_file",
        "ClaimFile",
        str(claim.files[0].id),
    )
    assert event.citizen_id == claim.citizen_id and event.actor_id == staff.id


def test_lookups_stay_off_the_activity_lists(app, demo, smtp):
    """A citizen's activity page (and the journal on the staff page) lists what was done on the
    case; every page view would otherwise push it off the list."""
    staff = admin_of("koebenhavn")
    client = app.test_client()
    staff_log_in(client, smtp, staff, DEMO_STAFF_PASSWORD)
    citizen = db.session.scalar(select(Citizen).where(Citizen.jobcenter_id == staff.jobcenter_id).limit(1))
    for _ in range(3):
        client.get(f"/medarbejder/borger/{citizen.id}")
    from app.account.services import activity_for

    assert not [event for event in activity_for(citizen) if event.action.startswith("lookup.")]
    assert len(lookups_by(staff, 0)) >= 3
