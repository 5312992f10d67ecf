"""Fourteen days before a mandate ends the citizen hears of it once, from the worker's sweep,
in their language; a new end date earns a new notice."""

from datetime import UTC, datetime, timedelta

import pytest

from app.audit import Actor
from app.extensions import db
from app.mandates import reminders
from app.mandates.services import Grant, change, revoke
from app.notifications import worker
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_helper, make_jobcenter, make_mandate
from tests.mandates.support import messages

MORNING = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # 10:30 in Denmark, reminders may go out
NIGHT = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # quiet hours


@pytest.fixture
def peter(app):
    citizen = make_citizen(make_jobcenter(), name="Peter Nielsen", language="uk", phone="+4520123456")
    db.session.commit()
    return citizen


def mandate_ending_in(peter, days: int, **fields):
    mandate = make_mandate(
        peter,
        make_helper(name="Fatima"),
        ["view"],
        ends_on=danish_today(MORNING) + timedelta(days=days),
        **fields,
    )
    db.session.commit()
    return mandate


def test_the_citizen_is_told_once_fourteen_days_before_the_end(app, twilio, peter):
    mandate_ending_in(peter, 15)
    assert reminders.sweep(MORNING) == 0  # 15 days before: not yet
    soon = mandate_ending_in(peter, 14)
    assert reminders.sweep(NIGHT) == 0  # never in quiet hours
    assert reminders.sweep(MORNING) == 1
    assert reminders.sweep(MORNING + timedelta(hours=2)) == 0  # never twice
    [notice] = messages("mandate_expiring")
    assert notice.citizen_id == peter.id and notice.language == "uk" and "Fatima" in notice.body
    worker.run_once(now=MORNING)
    assert twilio.received[-1].to == peter.phone
    assert soon.expiry_notice_at is not None


def test_a_new_end_date_earns_a_new_notice_and_ended_mandates_get_none(app, peter):
    mandate = mandate_ending_in(peter, 3)
    assert reminders.sweep(MORNING) == 1
    change(peter, mandate, Grant(("view",), danish_today(MORNING) + timedelta(days=10)), MORNING)
    assert reminders.sweep(MORNING) == 1
    revoked = mandate_ending_in(peter, 5)
    revoke(Actor.of_citizen(peter), revoked, MORNING)
    mandate_ending_in(peter, -1)  # already ended
    mandate_ending_in(peter, 5, status="invited", accepted_at=None)
    assert reminders.sweep(MORNING) == 0
    assert len(messages("mandate_expiring")) == 2
