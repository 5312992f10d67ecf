"""Confirming on the day the clock started (the day of registration, as Mette does in issue 17)
gives the next period the same due date as the one just confirmed. The next confirmation, by
any channel, must count as a new one: it was refused as "already confirmed", the clock did not
restart, and the sweep recorded a miss for a citizen who had confirmed twice."""

from datetime import datetime, timedelta

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.job_search import reminders, services
from app.job_search.links import token_for
from app.models import InboundSms, JobSearchConfirmation, JobSearchMiss, JobSearchStatus
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen
from tests.support.forms import csrf_token
from tests.support.login import log_in
from tests.support.sms import reply_sms

REGISTERED = datetime(2029, 12, 6, 10, 14, tzinfo=DANISH_TIME)  # due Thursday 13 December
DUE = REGISTERED.date() + timedelta(days=7)
NEXT_WEEK = REGISTERED + timedelta(days=5)  # Tuesday 11 December: the window is open again


def _mette_confirmed_on_the_first_day():
    citizen = make_citizen(name="Mette Hansen", registered_on=REGISTERED.date())
    db.session.commit()
    first = services.confirm(citizen, "web", services.Actor.of_citizen(citizen), REGISTERED)
    assert not first.already and first.confirmation.due_on == DUE
    assert db.session.get(JobSearchStatus, citizen.id).due_on == DUE  # 7 days after the confirmation
    return citizen


def _confirmations(citizen) -> list[JobSearchConfirmation]:
    query = select(JobSearchConfirmation).where(JobSearchConfirmation.citizen_id == citizen.id)
    return list(db.session.scalars(query.order_by(JobSearchConfirmation.confirmed_at)))


def _assert_confirmed_again_and_never_missed(citizen) -> None:
    assert [c.confirmed_at.date() for c in _confirmations(citizen)] == [REGISTERED.date(), NEXT_WEEK.date()]
    status = db.session.get(JobSearchStatus, citizen.id)
    assert (status.last_confirmed_on, status.due_on) == (
        NEXT_WEEK.date(),
        NEXT_WEEK.date() + timedelta(days=7),
    )
    reminders.sweep(REGISTERED + timedelta(days=8, hours=1))  # the day after the old due date
    assert db.session.scalars(select(JobSearchMiss)).all() == []


def test_the_button_confirms_the_next_period(app, client, twilio):
    citizen = _mette_confirmed_on_the_first_day()
    with time_machine.travel(NEXT_WEEK, tick=False):
        log_in(client, twilio, citizen)
        page = client.get("/min-side/?lang=en").get_data(as_text=True)
        assert "Confirm job search</button>" in page
        answer = client.post(
            "/min-side/bekraeft-jobsoegning?lang=en",
            data={"csrf_token": csrf_token(client, "/min-side/")},
            follow_redirects=True,
        )
        page = answer.get_data(as_text=True)
    assert "Thank you. Your job search is confirmed." in page and "already confirmed" not in page
    _assert_confirmed_again_and_never_missed(citizen)


def test_the_link_in_the_heads_up_reminder_confirms_the_next_period(app, client):
    citizen = _mette_confirmed_on_the_first_day()
    with time_machine.travel(NEXT_WEEK, tick=False):
        path = f"/j/{token_for(citizen.id, DUE)}?lang=en"
        assert "Confirm job search</button>" in client.get(path).get_data(as_text=True)
        page = client.post(path, data={"csrf_token": csrf_token(client, path)}).get_data(as_text=True)
        assert "Thank you. Your job search is confirmed." in page
        assert "already confirmed" in client.get(path).get_data(as_text=True)  # the link reused
    _assert_confirmed_again_and_never_missed(citizen)


def test_a_yes_by_sms_confirms_the_next_period(app, client, twilio):
    citizen = _mette_confirmed_on_the_first_day()
    with time_machine.travel(NEXT_WEEK, tick=False):
        reply_sms(client, citizen.phone, "JA")
    assert db.session.scalars(select(InboundSms)).one().outcome == "confirmed"
    _assert_confirmed_again_and_never_missed(citizen)


def test_confirming_twice_the_same_day_is_still_one_confirmation(app):
    citizen = _mette_confirmed_on_the_first_day()
    again = services.confirm(
        citizen, "sms", services.Actor.of_citizen(citizen), REGISTERED + timedelta(hours=3)
    )
    assert again.already and len(_confirmations(citizen)) == 1
