"""Absences and citizens' cancellations go on the follow-up list and sanction nothing; the
reminders go out the day before at 09:00 and 2 hours before in-person meetings, never during an
exemption, once."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.meetings import reminders, services
from app.models import AuditEvent, Exemption, FollowUpDecision, JobSearchMiss, Message
from app.models.types import utcnow
from app.rules import meetings as rules
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.meetings.support import at, book, today
from tests.support.forms import submit
from tests.support.login import staff_log_in

LIST = "/medarbejder/opfoelgning/samtaler"


@pytest.fixture
def office(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "absent": make_citizen(jobcenter, name="Ole Udeblevet", registered_on=today() - timedelta(days=10)),
        "cancelled": make_citizen(jobcenter, name="Sara Aflyst", registered_on=today() - timedelta(days=10)),
        "caseworker": make_staff(jobcenter, role="caseworker"),
        "stranger": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def started(meeting, hours_ago: int = 2):
    meeting.starts_at = utcnow() - timedelta(hours=hours_ago)
    db.session.commit()
    return meeting


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_absence_and_a_cancellation_with_reason_go_on_the_list_and_nothing_is_sanctioned(
    client, smtp, office
):
    staff = office["caseworker"]
    absent = started(book(staff, office["absent"], at(5)))
    services.record_outcome(staff, absent, rules.ABSENT, "Ikke mødt.", utcnow())
    cancelled = book(staff, office["cancelled"], at(5))
    answer = services.CannotCome("sick_child", "Min datter har feber.", "another_day")
    services.cannot_come(services.Actor.of_citizen(office["cancelled"]), cancelled, answer, utcnow())
    staff_log_in(client, smtp, staff)
    page = client.get(LIST).get_data(as_text=True)
    assert "Ole Udeblevet" in page and "Sara Aflyst" in page and "Min datter har feber." in page
    assert count(FollowUpDecision) == 0 and count(JobSearchMiss) == 0  # no sanction, no deregistration
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "lookup.meetings_list")) == 2
    response = submit(client, f"/medarbejder/samtale/{absent.id}/fulgt-op", {}, form_page=LIST)
    assert response.status_code == 302
    assert "Ole Udeblevet" not in client.get(LIST).get_data(as_text=True)


def test_the_list_shows_only_the_own_jobcenter(app, smtp, office):
    absent = started(book(office["caseworker"], office["absent"], at(5)))
    services.record_outcome(office["caseworker"], absent, rules.ABSENT, "", utcnow())
    other = app.test_client()
    staff_log_in(other, smtp, office["stranger"])
    assert "Ole Udeblevet" not in other.get(LIST).get_data(as_text=True)


MONDAY = date(2027, 11, 1)  # after summer time ended on 31 October 2027


def meeting_on(office, day: date, form=rules.IN_PERSON):
    starts_at = rules.danish_start(day, time(11, 0))
    return book(
        office["caseworker"],
        office["absent"],
        starts_at,
        now=datetime(2027, 10, 1, 10, tzinfo=UTC),
        form=form,
    )


def reminders_of(meeting) -> list[Message]:
    query = select(Message).where(
        Message.purpose == "meeting_reminder", Message.citizen_id == meeting.citizen_id
    )
    return list(db.session.scalars(query))


def test_the_day_before_at_nine_danish_time_and_two_hours_before_each_once(office):
    meeting = meeting_on(office, MONDAY)
    assert reminders.sweep(datetime(2027, 10, 31, 7, 59, tzinfo=UTC)) == 0  # 08:59 CET on Sunday
    assert reminders.sweep(datetime(2027, 10, 31, 8, 0, tzinfo=UTC)) == 1  # 09:00 CET
    assert reminders.sweep(datetime(2027, 10, 31, 8, 5, tzinfo=UTC)) == 0  # once
    assert reminders.sweep(datetime(2027, 11, 1, 7, 59, tzinfo=UTC)) == 0
    assert reminders.sweep(datetime(2027, 11, 1, 8, 0, tzinfo=UTC)) == 1  # 09:00, two hours before 11:00
    sent = reminders_of(meeting)
    assert len(sent) == 2 and all("11:00" in message.body for message in sent)


def test_no_reminder_two_hours_before_a_phone_meeting(office):
    meeting_on(office, MONDAY, form=rules.PHONE)
    assert reminders.sweep(datetime(2027, 10, 31, 8, 0, tzinfo=UTC)) == 1
    assert reminders.sweep(datetime(2027, 11, 1, 9, 0, tzinfo=UTC)) == 0


def test_never_during_an_exemption(office):
    meeting = meeting_on(office, MONDAY)
    db.session.add(
        Exemption(citizen_id=meeting.citizen_id, kind="parental_leave", starts_on=date(2027, 10, 20))
    )
    db.session.commit()
    assert reminders.sweep(datetime(2027, 10, 31, 8, 0, tzinfo=UTC)) == 0
    assert reminders.sweep(datetime(2027, 11, 1, 8, 0, tzinfo=UTC)) == 0


def test_an_early_meeting_gets_no_reminder_the_quiet_hours_would_hold_past_its_start(office):
    starts_at = rules.danish_start(MONDAY, time(8, 30))
    meeting = book(
        office["caseworker"], office["absent"], starts_at, now=datetime(2027, 10, 1, 10, tzinfo=UTC)
    )
    assert reminders.sweep(datetime(2027, 11, 1, 5, 30, tzinfo=UTC)) == 0  # 06:30 Danish: quiet
    assert reminders_of(meeting) == []


def test_a_moved_meeting_is_reminded_again(office):
    meeting = meeting_on(office, MONDAY)
    assert reminders.sweep(datetime(2027, 10, 31, 8, 0, tzinfo=UTC)) == 1
    moved = services.Booking(
        "jobsamtale", rules.PHONE, rules.danish_start(MONDAY + timedelta(days=1), time(11)), 30
    )
    services.move(office["caseworker"], meeting, moved, datetime(2027, 10, 31, 9, tzinfo=UTC))
    assert reminders.sweep(datetime(2027, 11, 1, 8, 0, tzinfo=UTC)) == 1
