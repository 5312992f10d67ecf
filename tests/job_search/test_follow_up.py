"""The staff follow-up list, do-not-sanction markings, decisions and exemptions, through the pages."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Exemption, FollowUpDecision, JobSearchStatus, Message
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.clock import today
from tests.support.forms import submit
from tests.support.login import signed_in_as


def missed(citizen, stage: str, days_ago: int = 3) -> None:
    """Put the citizen past a deadline, as the sweep would."""
    due = today() - timedelta(days=days_ago)
    db.session.add(
        JobSearchStatus(
            citizen_id=citizen.id,
            due_on=due,
            deadline_on=due + timedelta(days=7),
            stage=stage,
            reminders_sent=3,
            clock_started_on=due - timedelta(days=7),
        )
    )


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    month_ago = today() - timedelta(days=30)
    people = {
        "late": make_citizen(jobcenter, name="Lars Late", registered_on=month_ago),
        "risk": make_citizen(
            jobcenter, name="=Rita Risk", registered_on=month_ago, do_not_sanction_reason="Documented illness"
        ),
        "sick": make_citizen(jobcenter, name="Sara Sick", registered_on=month_ago),
        "elsewhere": make_citizen(make_jobcenter(), name="Otto Other", registered_on=month_ago),
    }
    missed(people["late"], "extended")
    missed(people["risk"], "follow_up", days_ago=10)
    missed(people["sick"], "follow_up")
    missed(people["elsewhere"], "follow_up")
    db.session.add(Exemption(citizen=people["sick"], kind="sickness", starts_on=today(), ends_on=None))
    people["caseworker"] = make_staff(jobcenter, role="caseworker")
    people["front_desk"] = make_staff(jobcenter, role="front_desk")
    db.session.commit()
    return people


def test_the_list_shows_own_jobcenter_missed_deadlines_but_never_the_exempt(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    page = client.get("/medarbejder/opfoelgning?lang=en").get_data(as_text=True)
    assert "Lars Late" in page and "=Rita Risk" in page
    assert "Sara Sick" not in page and "Otto Other" not in page
    assert "Risk of deregistration" in page and "Documented illness" in page
    only_risk = client.get("/medarbejder/opfoelgning?stage=follow_up&lang=en").get_data(as_text=True)
    assert "=Rita Risk" in only_risk and "Lars Late" not in only_risk
    unmarked = client.get("/medarbejder/opfoelgning?flag=unmarked&lang=en").get_data(as_text=True)
    assert "Lars Late" in unmarked and "=Rita Risk" not in unmarked


def test_the_csv_export_has_the_same_rows_and_defuses_spreadsheet_formulas(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    response = client.get("/medarbejder/opfoelgning.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["name"] for row in rows} == {"Lars Late", "'=Rita Risk"}
    risk = next(row for row in rows if row["name"] == "'=Rita Risk")
    assert (risk["days_overdue"], risk["risk_of_deregistration"]) == ("10", "yes")


def test_a_caseworker_records_a_decision_and_the_citizen_is_told(client, smtp, twilio, home):
    signed_in_as(client, home["caseworker"])
    page = f"/medarbejder/borger/{home['risk'].id}"
    response = submit(
        client,
        f"{page}/afgoerelse",
        {"decision-decision": "no_consequence", "decision-reason": "Var syg, lægeerklæring modtaget."},
        form_page=page,
    )
    assert response.status_code == 302
    decision = db.session.scalars(select(FollowUpDecision)).one()
    assert (decision.decision, decision.staff_user_id) == ("no_consequence", home["caseworker"].id)
    notice = db.session.scalars(select(Message).where(Message.purpose == "follow_up_decision")).one()
    assert "70 12 34 56" in notice.body and "lægeerklæring" not in notice.body  # no details in SMS
    citizen_client = client.application.test_client()
    signed_in_as(citizen_client, home["risk"])
    own_page = citizen_client.get("/min-side/?lang=en").get_data(as_text=True)
    assert "it has no consequence for you" in own_page and "lægeerklæring modtaget" in own_page
    assert "Confirm your job search now." in own_page
    assert "A caseworker will look at your case." in own_page


def test_a_decision_needs_a_reason_and_front_desk_staff_cannot_decide(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    page = f"/medarbejder/borger/{home['risk'].id}"
    response = submit(
        client, f"{page}/afgoerelse?lang=en", {"decision-decision": "deregistered"}, form_page=page
    )
    assert response.status_code == 422 and "Write the reason." in response.get_data(as_text=True)
    blank = submit(
        client,
        f"{page}/afgoerelse?lang=en",
        {"decision-decision": "deregistered", "decision-reason": "  \n "},
        form_page=page,
    )
    assert blank.status_code == 422 and "Write the reason." in blank.get_data(as_text=True)
    desk = client.application.test_client()
    signed_in_as(desk, home["front_desk"])
    response = submit(
        desk,
        f"{page}/afgoerelse",
        {"decision-decision": "deregistered", "decision-reason": "x"},
        form_page=page,
    )
    assert response.status_code == 403
    assert db.session.scalars(select(FollowUpDecision)).all() == []


def test_do_not_sanction_marking_is_set_with_a_reason_and_audited(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    page = f"/medarbejder/borger/{home['late'].id}"
    reason = {"dns-reason": "Ordblind, hjælp ved fremmøde"}
    submit(client, f"{page}/sanktionsmarkering", reason, form_page=page)
    db.session.refresh(home["late"])
    assert home["late"].do_not_sanction_reason == "Ordblind, hjælp ved fremmøde"
    submit(client, f"{page}/sanktionsmarkering", {"dns-reason": ""}, form_page=page)
    db.session.refresh(home["late"])
    assert home["late"].do_not_sanction_reason is None
    query = select(AuditEvent.action).where(
        AuditEvent.citizen_id == home["late"].id, AuditEvent.action.not_like("lookup.%")
    )
    actions = db.session.scalars(query.order_by(AuditEvent.id)).all()
    assert actions == ["follow_up.do_not_sanction_set", "follow_up.do_not_sanction_removed"]


def test_registering_an_exemption_takes_the_citizen_off_the_list(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    page = f"/medarbejder/borger/{home['late'].id}"
    fields = {
        "exemption-kind": "parental_leave",
        "exemption-starts_on": today().isoformat(),
        "exemption-ends_on": "",
        "exemption-note": "Termin i næste uge",
    }
    assert submit(client, f"{page}/fritagelse", fields, form_page=page).status_code == 302
    assert "Lars Late" not in client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    status = db.session.get(JobSearchStatus, home["late"].id)
    assert status.stage == "extended" and status.deadline_on is None  # the extra days wait for the end


def test_a_bad_exemption_form_keeps_what_was_typed(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    page = f"/medarbejder/borger/{home['late'].id}"
    fields = {
        "exemption-kind": "holiday",
        "exemption-starts_on": "2027-02-10",
        "exemption-ends_on": "10/2",
        "exemption-note": "Rejse til Tyrkiet",
    }
    response = submit(client, f"{page}/fritagelse?lang=en", fields, form_page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write the date like 2026-11-23." in html
    assert 'value="2027-02-10"' in html and "Rejse til Tyrkiet" in html
    assert db.session.scalars(select(Exemption).where(Exemption.citizen_id == home["late"].id)).all() == []


def test_ending_an_exemption_restarts_the_clock_after_sickness(client, smtp, home):
    signed_in_as(client, home["caseworker"])
    sickness = db.session.scalars(select(Exemption).where(Exemption.citizen_id == home["sick"].id)).one()
    page = f"/medarbejder/borger/{home['sick'].id}"
    field = f"end-{sickness.id}-ends_on"
    too_early = submit(
        client,
        f"{page}/fritagelse/{sickness.id}/afslut?lang=en",
        {field: (today() - timedelta(days=1)).isoformat()},
        form_page=page,
    )
    assert too_early.status_code == 422
    assert "The last day cannot be before the first day." in too_early.get_data(as_text=True)
    response = submit(
        client, f"{page}/fritagelse/{sickness.id}/afslut", {field: today().isoformat()}, form_page=page
    )
    assert response.status_code == 302
    status = db.session.get(JobSearchStatus, home["sick"].id)
    assert status.due_on == today() + timedelta(days=8) and status.stage == "open"
    other = db.session.scalars(select(Exemption)).first()
    wrong_citizen = f"/medarbejder/borger/{home['late'].id}/fritagelse/{other.id}/afslut"
    assert submit(client, wrong_citizen, {field: today().isoformat()}, form_page=page).status_code == 404
