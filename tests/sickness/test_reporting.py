"""Reporting sick and well again through the citizen's pages: the exemption, the receipt, the
refusals, and nobody else's reports."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.job_search.services import status_of
from app.models import AuditEvent, Exemption, SicknessReport
from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_jobcenter
from tests.support.clock import today
from tests.support.forms import submit
from tests.support.login import signed_in_as
from tests.support.poppler import poppler

PAGE = "/min-side/sygdom/"


@pytest.fixture
def people(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    registered = danish_today(utcnow()) - timedelta(days=5)  # the clock started then, not today
    mette = make_citizen(jobcenter, name="Mette Syg", address="Vej 1\n2610 Rødovre", registered_on=registered)
    other = make_citizen(jobcenter, name="Anden Borger")
    db.session.commit()
    return mette, other


def iso(days_from_today: int) -> str:
    return (today() + timedelta(days=days_from_today)).isoformat()


def report_sick(client, first_day: str, **fields):
    return submit(client, f"{PAGE}meld-syg", {"first_day": first_day, **fields}, form_page=PAGE)


def reports_of(citizen) -> list[SicknessReport]:
    return list(db.session.scalars(select(SicknessReport).where(SicknessReport.citizen_id == citizen.id)))


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_reporting_sick_pauses_the_duty_at_once_and_gives_a_receipt(client, twilio, people, tmp_path):
    mette, _ = people
    signed_in_as(client, mette)
    response = report_sick(
        client, iso(0), expected_return_on=iso(5), partial_hours="7,5", note="Jeg kan ikke komme til mødet"
    )
    [report] = reports_of(mette)
    assert response.status_code == 302 and response.location.endswith(f"{PAGE}{report.id}")
    assert (report.first_day, float(report.partial_hours), report.reported_late) == (today(), 7.5, False)
    assert (report.exemption.kind, report.exemption.starts_on, report.exemption.ends_on) == (
        "sickness",
        today(),
        None,
    )
    assert status_of(mette, today()).due_on is None  # no deadline while sick
    [event] = audited("sickness.reported")
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("citizen", mette.id, mette.id)

    receipt = client.get(response.location).get_data(as_text=True)
    assert report.reference in receipt and "Jeg kan ikke komme til mødet" in receipt
    front = client.get("/min-side/").get_data(as_text=True)
    assert "Du er meldt syg fra" in front and "duty-card--exempt" in front

    pdf = client.get(f"{PAGE}{report.id}.pdf")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    (tmp_path / "receipt.pdf").write_bytes(pdf.data)
    assert report.reference in poppler("pdftotext", str(tmp_path / "receipt.pdf"), "-")


def test_a_first_sick_day_after_today_is_refused_and_the_typed_text_is_kept(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    response = report_sick(client, iso(1), note="Min besked står her stadig")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and reports_of(mette) == []
    assert "error-summary" in page and "Min besked står her stadig" in page
    assert db.session.scalar(select(func.count()).select_from(Exemption)) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"first_day": ""},
        {"first_day": "i går"},
        {"expected_return_on": "today"},
        {"partial_hours": "mange"},
        {"partial_hours": "40"},
        {"partial_hours": "NaN"},
        {"partial_hours": "-Infinity"},
        {"partial_hours": "1e999999"},
        {"note": "x" * 1001},
    ],
    ids=[
        "no-first-day",
        "first-day-words",
        "return-words",
        "hours-words",
        "hours-too-many",
        "hours-not-a-number",
        "hours-minus-infinity",
        "hours-huge-exponent",
        "note-too-long",
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(client, twilio, people, fields):
    mette, _ = people
    signed_in_as(client, mette)
    response = report_sick(client, **{"first_day": iso(0), **fields})
    assert response.status_code == 422 and "error-summary" in response.get_data(as_text=True)
    assert reports_of(mette) == []


def test_an_expected_return_before_the_first_day_is_refused(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    response = report_sick(client, iso(0), expected_return_on=iso(-1))
    assert response.status_code == 422 and reports_of(mette) == []


def test_an_earlier_first_day_is_accepted_and_flagged_as_reported_late(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    report_sick(client, iso(-3))
    [report] = reports_of(mette)
    assert report.reported_late and report.exemption.starts_on == today() - timedelta(days=3)


def test_reporting_again_while_sick_is_refused_with_a_pointer_to_recovery(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    report_sick(client, iso(0))
    response = report_sick(client, iso(0))
    assert response.status_code == 302 and len(reports_of(mette)) == 1
    assert "Du er allerede meldt syg" in client.get(PAGE).get_data(as_text=True)


def test_recovery_ends_the_exemption_and_restarts_the_seven_day_clock_that_day(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    report_sick(client, iso(-4))
    [report] = reports_of(mette)
    response = submit(client, f"{PAGE}{report.id}/rask", {"recovered_on": iso(-1)}, form_page=PAGE)
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.recovered_on == today() - timedelta(days=1)
    assert report.exemption.ends_on == today() - timedelta(days=2)  # the last sick day
    status = status_of(mette, today())
    assert status.due_on == today() - timedelta(days=1) + timedelta(days=7)
    assert len(audited("sickness.recovered")) == 1 and len(audited("exemption.ended")) == 1

    again = submit(
        client, f"{PAGE}{report.id}/rask", {"recovered_on": iso(0)}, form_page=f"{PAGE}{report.id}"
    )
    db.session.refresh(report)
    assert again.status_code in (302, 422) and report.recovered_on == today() - timedelta(days=1)
    assert len(audited("sickness.recovered")) == 1


@pytest.mark.parametrize("day", [-5, 1], ids=["on-the-first-sick-day-or-before", "after-today"])
def test_a_recovery_day_outside_the_sickness_is_refused(client, twilio, people, day):
    mette, _ = people
    signed_in_as(client, mette)
    report_sick(client, iso(-5))
    [report] = reports_of(mette)
    response = submit(client, f"{PAGE}{report.id}/rask", {"recovered_on": iso(day)}, form_page=PAGE)
    assert response.status_code == 422 and "error-summary" in response.get_data(as_text=True)
    db.session.refresh(report)
    assert report.recovered_on is None and report.exemption.ends_on is None


def test_another_citizens_report_is_not_found_and_not_changed(app, client, twilio, people):
    mette, other = people
    signed_in_as(client, other)
    report_sick(client, iso(0))
    [report] = reports_of(other)
    own = app.test_client()
    signed_in_as(own, mette)
    assert own.get(f"{PAGE}{report.id}").status_code == 404
    assert own.get(f"{PAGE}{report.id}.pdf").status_code == 404
    response = submit(own, f"{PAGE}{report.id}/rask", {"recovered_on": iso(0)}, form_page=PAGE)
    assert response.status_code == 404
    db.session.refresh(report)
    assert report.recovered_on is None


def test_the_form_asks_for_no_diagnosis(client, twilio, people):
    mette, _ = people
    signed_in_as(client, mette)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Skriv ikke, hvilken sygdom du har" in page or "Do not write what illness you have" in page
    assert "diagnos" not in page.lower()
