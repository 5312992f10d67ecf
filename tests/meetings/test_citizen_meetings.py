"""The citizen's meetings: the list and page, the calendar file parsed back with icalendar, and
"I cannot come" before and after the start (sick files the sickness report in one go)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.meetings import services
from app.meetings.follow_up import sick_during
from app.models import AuditEvent, Claim, Exemption, Message, SicknessReport
from app.models.types import utcnow
from app.rules import meetings as rules
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate, make_staff
from tests.mandates.support import act_for, log_in_helper
from tests.meetings.support import at, book, today
from tests.support.forms import submit
from tests.support.login import log_in

PAGE = "/min-side/samtaler/"


@pytest.fixture
def people(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "citizen": make_citizen(jobcenter, name="Amira Haddad", registered_on=today() - timedelta(days=10)),
        "other": make_citizen(jobcenter, name="Anden Borger"),
        "caseworker": make_staff(jobcenter, role="caseworker", name="Karin Sagsbehandler"),
    }
    db.session.commit()
    return people


def cannot_come(client, meeting, **fields):
    page = f"{PAGE}{meeting.id}"
    return submit(client, f"{page}/kan-ikke-komme", {"reason": "job", **fields}, form_page=page)


def test_the_list_and_the_meeting_page_say_what_when_where_and_with_whom(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(9))
    log_in(client, twilio, people["citizen"])
    listing = client.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}{meeting.id}" in listing
    page = client.get(f"{PAGE}{meeting.id}").get_data(as_text=True)
    assert "Rødovre Parkvej 150" in page and "Karin Sagsbehandler" in page and "Bring dit CV." in page
    assert "openstreetmap.org/search?query=" in page and 'rel="noopener noreferrer"' in page
    assert people["citizen"].cpr not in page
    front = client.get("/min-side/").get_data(as_text=True)
    assert f"{PAGE}{meeting.id}" in front  # "what happens next"


def claim(citizen, vendor, status="submitted", amount_ore=45_000):
    handed_in = Claim(
        citizen_id=citizen.id,
        category="transport",
        amount_ore=amount_ore,
        invoice_date=today(),
        vendor=vendor,
        invoice_number=vendor[:3],
        status=status,
        actor_type="citizen",
        actor_id=citizen.id,
    )
    db.session.add(handed_in)
    db.session.commit()
    return handed_in


def test_what_happens_next_lists_the_invoices_waiting_for_a_decision(client, twilio, people):
    log_in(client, twilio, people["citizen"])
    front = client.get("/min-side/").get_data(as_text=True)
    assert "Invoices waiting for a decision" not in front
    waiting = claim(people["citizen"], "DSB Rejsekort")
    with_manager = claim(people["citizen"], "Boghandel Nord", status="awaiting_manager", amount_ore=123_450)
    claim(people["citizen"], "Decided Vendor", status="approved")
    claim(people["other"], "Someone Elses Vendor")
    front = client.get("/min-side/?lang=en").get_data(as_text=True)
    section = front[
        front.index('id="next-title"') : front.index("</section>", front.index('id="next-title"'))
    ]
    assert "No meetings with the jobcenter are booked right now." in section  # invoices without a meeting
    assert "Invoices waiting for a decision" in section
    assert section.index("DSB Rejsekort") < section.index("Boghandel Nord")  # the oldest first
    assert f"/min-side/udlaeg/{waiting.id}" in section and f"/min-side/udlaeg/{with_manager.id}" in section
    assert "1,234.50 kr." in section and "Approved by a caseworker, waiting for a manager" in section
    assert "Decided Vendor" not in front and "Someone Elses Vendor" not in front
    meeting = book(people["caseworker"], people["citizen"], at(9))
    section = client.get("/min-side/").get_data(as_text=True)
    assert f"{PAGE}{meeting.id}" in section and "DSB Rejsekort" in section and "Boghandel Nord" in section


def test_someone_elses_meeting_is_not_found(client, twilio, people):
    meeting = book(people["caseworker"], people["other"], at(9))
    log_in(client, twilio, people["citizen"])
    assert client.get(f"{PAGE}{meeting.id}").status_code == 404
    assert client.get(f"{PAGE}{meeting.id}.ics").status_code == 404


def parsed(client, meeting):
    response = client.get(f"{PAGE}{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    return event, response.get_data(as_text=True)


def test_the_calendar_file_has_the_right_instant_on_both_sides_of_summer_time(client, twilio, people):
    citizen = people["citizen"]
    summer = rules.danish_start(datetime(2027, 3, 26).date(), rules.parse_clock("10:00"))  # CET, +01:00
    after = rules.danish_start(datetime(2027, 3, 29).date(), rules.parse_clock("10:00"))  # CEST, +02:00
    before_change = book(people["caseworker"], citizen, summer, now=datetime(2027, 3, 1, 10, tzinfo=UTC))
    after_change = book(people["caseworker"], citizen, after, now=datetime(2027, 3, 1, 10, tzinfo=UTC))
    log_in(client, twilio, citizen)
    first, text = parsed(client, before_change)
    second, _ = parsed(client, after_change)
    assert first.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 26, 9, 0, tzinfo=UTC)
    assert second.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert str(first.decoded("dtstart").tzinfo) == "Europe/Copenhagen"
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=45)
    assert "BEGIN:VTIMEZONE" in text and citizen.cpr not in text
    assert str(first["location"]).startswith("Jobcenter Rødovre")


def test_a_moved_meeting_keeps_its_uid_and_bumps_the_sequence(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(9))
    log_in(client, twilio, people["citizen"])
    before, _ = parsed(client, meeting)
    services.move(
        people["caseworker"], meeting, services.Booking("jobsamtale", "phone", at(10), 30), utcnow()
    )
    after, _ = parsed(client, meeting)
    assert str(after["uid"]) == str(before["uid"]) == meeting.calendar_uid
    assert (int(before["sequence"]), int(after["sequence"])) == (0, 1)
    assert after.decoded("dtstart").astimezone(UTC) == at(10).astimezone(UTC)
    assert "70 12 34 56" not in str(after["location"]) and people["citizen"].phone in str(after["location"])


def test_the_calendar_file_is_in_the_citizens_language(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(9))
    log_in(client, twilio, people["citizen"])
    client.get(f"{PAGE}?lang=ar")
    event, _ = parsed(client, meeting)
    assert any("\u0600" <= char <= "\u06ff" for char in str(event["summary"]))


def test_i_cannot_come_before_the_start_cancels_with_a_reason_and_gives_a_receipt(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(3))
    log_in(client, twilio, people["citizen"])
    response = cannot_come(client, meeting, wish="by_phone", text="Jobsamtale hos Netto kl. 10.")
    assert response.status_code == 302 and response.location.endswith(f"{meeting.id}#receipt")
    db.session.refresh(meeting)
    assert (meeting.status, meeting.citizen_reason, meeting.citizen_wish) == (
        rules.CANCELLED_BY_CITIZEN,
        "job",
        "by_phone",
    )
    page = client.get(f"{PAGE}{meeting.id}").get_data(as_text=True)
    assert 'id="receipt"' in page and "Jobsamtale hos Netto kl. 10." in page
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "meeting.cannot_come"))
    assert (event.actor_type, event.citizen_id) == ("citizen", people["citizen"].id)
    purposes = [m.purpose for m in db.session.scalars(select(type(meeting.summons_message)))]
    assert "meeting_cannot_come_receipt" in purposes


def test_other_without_text_is_refused_and_keeps_the_choice(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(3))
    log_in(client, twilio, people["citizen"])
    response = cannot_come(client, meeting, reason="other", wish="another_day")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-summary"' in page
    assert re.search(r'<input[^>]*(checked[^>]*value="another_day"|value="another_day"[^>]*checked)', page)
    db.session.refresh(meeting)
    assert meeting.status == rules.BOOKED


def test_after_the_start_the_page_says_call_the_jobcenter(client, twilio, people):
    meeting = book(people["caseworker"], people["citizen"], at(3))
    meeting.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    log_in(client, twilio, people["citizen"])
    page = client.get(f"{PAGE}{meeting.id}").get_data(as_text=True)
    assert "kan-ikke-komme" not in page and "70 12 34 56" in page
    response = client.post(f"{PAGE}{meeting.id}/kan-ikke-komme", data={"reason": "job"})
    assert response.status_code in (302, 400)  # no form on the page: nothing to cancel with
    db.session.refresh(meeting)
    assert meeting.status == rules.BOOKED


def test_the_service_refuses_after_the_start():
    meeting = type("M", (), {"starts_at": utcnow() - timedelta(minutes=1), "status": rules.BOOKED})()
    with pytest.raises(services.MeetingAlreadyStarted):
        services.cannot_come(None, meeting, services.CannotCome("job"), utcnow())


def test_i_am_sick_files_the_sickness_report_and_flags_the_meeting(client, twilio, people):
    citizen = people["citizen"]
    meeting = book(people["caseworker"], citizen, at(2))
    log_in(client, twilio, citizen)
    assert cannot_come(client, meeting, reason="sick").status_code == 302
    [report] = db.session.scalars(select(SicknessReport).where(SicknessReport.citizen_id == citizen.id))
    assert report.first_day == today()
    exemption = db.session.scalars(select(Exemption).where(Exemption.citizen_id == citizen.id)).one()
    assert (exemption.kind, exemption.ends_on) == ("sickness", None)
    db.session.refresh(meeting)
    assert meeting.sickness_flagged_at is not None and meeting.status == rules.CANCELLED_BY_CITIZEN


def test_a_sickness_report_flags_the_meetings_it_covers_to_staff(people):
    citizen = people["citizen"]
    covered, later = book(people["caseworker"], citizen, at(2)), book(people["caseworker"], citizen, at(30))
    db.session.add(
        Exemption(
            citizen_id=citizen.id, kind="sickness", starts_on=today(), ends_on=today() + timedelta(days=5)
        )
    )
    db.session.commit()
    db.session.refresh(citizen)
    assert sick_during(citizen, [covered, later]) == {covered.id}


def test_a_helper_needs_the_meetings_scope(app, twilio, people):
    citizen = people["citizen"]
    meeting = book(people["caseworker"], citizen, at(3))
    viewer, helper = make_helper(), make_helper()
    views_only = make_mandate(citizen, viewer, ["view"])
    meetings_too = make_mandate(citizen, helper, ["meetings"])
    db.session.commit()
    only_views = app.test_client()
    log_in_helper(only_views, twilio, viewer.phone)
    act_for(only_views, views_only)
    assert only_views.get(f"{PAGE}{meeting.id}").status_code == 200
    page = f"{PAGE}{meeting.id}"
    refused = submit(only_views, f"{page}/kan-ikke-komme", {"reason": "job"}, form_page=page)
    assert refused.status_code == 403
    helps = app.test_client()
    log_in_helper(helps, twilio, helper.phone)
    act_for(helps, meetings_too)
    assert (
        submit(helps, f"{page}/kan-ikke-komme", {"reason": "sick_child"}, form_page=page).status_code == 302
    )
    db.session.refresh(meeting)
    assert (meeting.status, meeting.citizen_answered_by) == (rules.CANCELLED_BY_CITIZEN, helper.name)
    told = db.session.scalars(select(Message).where(Message.purpose == "helper_said_cannot_come")).all()
    assert [message.citizen_id for message in told] == [citizen.id]  # the citizen hears of it
