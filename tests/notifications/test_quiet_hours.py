"""Notices caused by staff or a helper keep the quiet hours (21-09 Danish time) like reminders:
queued at 22:30, they are due at 09:00. Codes and answers to what someone just did go at once.

Before, only some reminders were held, and only when a retry fell inside the quiet hours: a plan
published or a helper's sick report at 22:30 texted the citizen at 22:30.
"""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.audit import Actor
from app.case_events import tell_citizen
from app.extensions import db
from app.job_search import follow_up
from app.models import Message
from app.notifications import worker
from app.notifications.outbox import enqueue
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate, make_staff
from tests.notifications.declared import PURPOSES

LATE = datetime(2026, 12, 7, 22, 30, tzinfo=DANISH_TIME)
NINE_NEXT_MORNING = datetime(2026, 12, 8, 9, 0, tzinfo=DANISH_TIME)
CONTEXT = {
    "date": "08.12.2026",
    "clock": "10:30",
    "start": "06.12.2026",
    "link": "https://x/l",
    "url": "https://x",
    "phone": "70 12 34 56",
    "helper": "Mona",
    "citizen": "Peter",
    "digits": "4455",
    "code": "123456",
    "yes": "JA",
    "time": "22:30",
    "reference": "JS-1",
    "valid_until": "08.12.2026",
}


@pytest.fixture
def citizen(app):
    citizen = make_citizen(make_jobcenter(phone="70 12 34 56"), name="Peter Nielsen")
    db.session.commit()
    return citizen


def due_at(message: Message) -> datetime:
    return message.next_attempt_at.astimezone(DANISH_TIME)


CAUSED_BY_OTHERS = sorted(name for name, purpose in PURPOSES.items() if purpose.caused_by_others)


def test_helper_and_staff_notices_are_all_declared_to_keep_the_quiet_hours():
    helper_notices = {name for name, purpose in PURPOSES.items() if purpose.after_helper_action}
    assert len(helper_notices) == 9 and helper_notices <= set(
        CAUSED_BY_OTHERS
    )  # 8th: meetings, 9th: data rights
    assert all(PURPOSES[name].keeps_quiet_hours for name in CAUSED_BY_OTHERS)
    assert not set(CAUSED_BY_OTHERS) & {"login_code", "verify_contact", "job_search_receipt", "sms_stopped"}


@pytest.mark.parametrize("purpose", CAUSED_BY_OTHERS)
def test_a_notice_caused_by_someone_else_queued_late_is_due_at_nine(citizen, purpose):
    message = enqueue(purpose, citizen, CONTEXT, now=LATE)
    assert due_at(message) == NINE_NEXT_MORNING
    assert message.created_at.astimezone(DANISH_TIME) == LATE  # the journal says when it happened


@pytest.mark.parametrize("purpose", ["login_code", "verify_contact", "job_search_receipt", "sms_stopped"])
def test_codes_and_answers_still_go_at_once(citizen, purpose):
    assert PURPOSES[purpose].someone_waits
    assert due_at(enqueue(purpose, citizen, CONTEXT, now=LATE)) == LATE


def test_a_notice_in_the_daytime_is_due_at_once(citizen):
    noon = datetime(2026, 12, 7, 12, 0, tzinfo=DANISH_TIME)
    assert due_at(enqueue("claim_decided", citizen, CONTEXT, now=noon)) == noon


def test_the_jobcenters_own_quiet_hours_count(app):
    settings = {"job_search": {"quiet_from_hour": 20, "quiet_until_hour": 8}}
    citizen = make_citizen(make_jobcenter(settings=settings))
    message = enqueue(
        "plan_published", citizen, CONTEXT, now=datetime(2026, 12, 7, 20, 15, tzinfo=DANISH_TIME)
    )
    assert due_at(message) == datetime(2026, 12, 8, 8, 0, tzinfo=DANISH_TIME)


def test_a_helpers_sick_report_at_night_reaches_the_citizen_at_nine(app, twilio, citizen):
    helper = make_helper(name="Mona")
    make_mandate(citizen, helper, ["report_sickness"])
    db.session.commit()
    tell_citizen(Actor.of_helper(helper), citizen, "sickness.reported", LATE)
    db.session.commit()
    assert worker.run_once(now=LATE + timedelta(minutes=1)) == 0
    assert worker.run_once(now=NINE_NEXT_MORNING - timedelta(minutes=1)) == 0
    assert twilio.received == []
    assert worker.run_once(now=NINE_NEXT_MORNING) == 1
    assert "Mona" in twilio.received[0].body


def test_a_caseworkers_late_decision_waits_for_the_morning(app, twilio, citizen):
    staff = make_staff(citizen.jobcenter, "caseworker")
    db.session.commit()
    follow_up.record_decision(staff, citizen, "no_consequence", "Talked on the phone.", LATE)
    db.session.commit()  # as the route does
    [message] = db.session.scalars(select(Message)).all()
    assert message.purpose == "follow_up_decision" and due_at(message) == NINE_NEXT_MORNING
    assert worker.run_once(now=LATE + timedelta(hours=1)) == 0 and twilio.received == []
