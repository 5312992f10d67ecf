"""Caseworkers book, move, cancel and record meetings from the citizen page; the summons goes
through the real Twilio client to the stub, and its delivery report becomes the evidence."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Meeting, Message
from app.models.types import utcnow
from app.notifications import worker
from app.rules import meetings as rules
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.meetings.support import at, book, today
from tests.notifications.test_webhooks import post_status
from tests.support.clock import by_morning
from tests.support.forms import submit
from tests.support.login import staff_log_in


@pytest.fixture
def office(app):
    jobcenter = make_jobcenter(phone="70 12 34 56", address="Rødovre Parkvej 150, 2610 Rødovre")
    people = {
        "citizen": make_citizen(jobcenter, name="Mette Jensen", registered_on=today() - timedelta(days=10)),
        "caseworker": make_staff(jobcenter, role="caseworker", name="Karin Sagsbehandler"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "stranger": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def page_of(citizen) -> str:
    return f"/medarbejder/borger/{citizen.id}"


def booking_form(days_from_today: int, **fields) -> dict:
    day = (today() + timedelta(days=days_from_today)).isoformat()
    values = {"day": day, "clock": "10:30", "minutes": "45", "kind": "jobsamtale", "form": "in_person"}
    values.update(place="Rødovre Parkvej 150, 2610 Rødovre", agenda="Medbring dit CV.")
    return {f"meeting-{key}": value for key, value in {**values, **fields}.items()}


def post_booking(client, citizen, form: dict):
    return submit(client, f"{page_of(citizen)}/samtaler", form)  # the form is on its own page


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_booking_sends_the_summons_and_its_delivery_is_the_evidence(client, smtp, twilio, office):
    citizen = office["citizen"]
    staff_log_in(client, smtp, office["caseworker"])
    page = client.get(page_of(citizen)).get_data(as_text=True)
    assert f"{page_of(citizen)}/samtaler" in page  # the link to the booking form
    response = post_booking(client, citizen, booking_form(14))
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.status, meeting.form, meeting.caseworker_id) == (
        "booked",
        "in_person",
        office["caseworker"].id,
    )
    assert meeting.starts_at == at(14, rules.parse_clock("10:30"))
    assert meeting.deadline_on == today() - timedelta(days=10) + timedelta(days=42)
    [event] = audited("meeting.booked")
    assert (event.actor_id, event.citizen_id) == (office["caseworker"].id, citizen.id)

    worker.run_once(by_morning())  # a summons keeps the quiet hours
    [sms] = [sms for sms in twilio.received if sms.to == citizen.phone]
    assert f"/min-side/samtaler/{meeting.id}" in sms.body and citizen.cpr not in sms.body
    message = meeting.summons_message
    db.session.refresh(message)
    assert message.status == "sent"
    assert (
        post_status(client, {"MessageSid": message.provider_ref, "MessageStatus": "delivered"}).status_code
        == 204
    )
    evidence = client.get(f"/medarbejder/samtale/{meeting.id}").get_data(as_text=True)
    db.session.refresh(message)
    assert message.delivered_at is not None
    assert "Dokumentation for indkaldelsen" in evidence
    assert audited("lookup.meeting")


def test_a_late_or_short_notice_booking_is_warned_and_booked_on_the_second_click(client, smtp, office):
    citizen = office["citizen"]
    staff_log_in(client, smtp, office["caseworker"])
    form = booking_form(40)  # the deadline is 32 days away; 40 is late
    response = post_booking(client, citizen, form)
    assert response.status_code == 200
    assert db.session.scalars(select(Meeting)).first() is None
    page = response.get_data(as_text=True)
    assert 'name="meeting-book_anyway" value="y"' in page
    response = post_booking(client, citizen, {**form, "meeting-book_anyway": "y"})
    assert response.status_code == 302
    assert db.session.scalars(select(Meeting)).one().deadline_on < today() + timedelta(days=40)


def test_bad_input_keeps_what_was_typed_and_says_what_to_fix(client, smtp, office):
    citizen = office["citizen"]
    staff_log_in(client, smtp, office["caseworker"])
    response = post_booking(client, citizen, booking_form(14, clock="halv elleve", place=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "halv elleve" in page and 'id="error-summary"' in page
    assert db.session.scalars(select(Meeting)).first() is None


def test_moving_keeps_the_meeting_bumps_its_sequence_and_tells_the_citizen(client, smtp, twilio, office):
    meeting = book(office["caseworker"], office["citizen"], at(14))
    staff_log_in(client, smtp, office["caseworker"])
    page = f"/medarbejder/samtale/{meeting.id}"
    form = {key.replace("meeting-", "move-"): value for key, value in booking_form(15, form="phone").items()}
    assert submit(client, f"{page}/flyt", form, form_page=page).status_code == 302
    db.session.refresh(meeting)
    assert (meeting.sequence, meeting.form, meeting.place) == (1, "phone", "")
    assert meeting.summons_message.purpose == "meeting_moved"
    assert audited("meeting.moved")


def test_recording_absent_and_held_after_the_start_only(client, smtp, office):
    staff, citizen = office["caseworker"], office["citizen"]
    later = book(staff, citizen, at(3))
    staff_log_in(client, smtp, staff)
    page = f"/medarbejder/samtale/{later.id}"
    response = submit(client, f"{page}/udfald", {"outcome-outcome": "held"}, form_page=page)
    assert response.status_code == 422  # not started yet
    earlier = book(staff, citizen, at(3), now=utcnow() - timedelta(days=10))
    earlier.starts_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    page = f"/medarbejder/samtale/{earlier.id}"
    data = {"outcome-outcome": "absent", "outcome-note": "Ringede uden svar."}
    assert submit(client, f"{page}/udfald", data, form_page=page).status_code == 302
    db.session.refresh(earlier)
    assert (earlier.status, earlier.outcome_note, earlier.outcome_by) == (
        "absent",
        "Ringede uden svar.",
        staff.name,
    )
    assert audited("meeting.absent")


def test_cancelling_by_the_jobcenter_tells_the_citizen(client, smtp, office):
    meeting = book(office["caseworker"], office["citizen"], at(14))
    staff_log_in(client, smtp, office["caseworker"])
    page = f"/medarbejder/samtale/{meeting.id}"
    data = {"outcome-outcome": "cancelled_by_jobcenter", "outcome-note": "Sagsbehandler syg."}
    assert submit(client, f"{page}/udfald", data, form_page=page).status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == rules.CANCELLED_BY_JOBCENTER
    of_citizen = select(Message).where(Message.citizen_id == office["citizen"].id)
    notices = db.session.scalars(of_citizen.order_by(Message.id))
    assert [m.purpose for m in notices] == ["meeting_summons", "meeting_cancelled"]
    assert audited("meeting.cancelled")


def test_front_desk_cannot_book_and_other_jobcenters_get_404(app, client, smtp, office):
    citizen = office["citizen"]
    meeting = book(office["caseworker"], citizen, at(14))
    staff_log_in(client, smtp, office["front_desk"])
    assert post_booking(client, citizen, booking_form(14)).status_code == 403
    other = app.test_client()
    staff_log_in(other, smtp, office["stranger"])
    assert other.get(f"/medarbejder/samtale/{meeting.id}").status_code == 404
    assert other.get(page_of(citizen)).status_code == 404
