"""The reminder sweep: once per key whatever runs twice, never in quiet hours, never to the exempt."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.job_search import reminders, services
from app.models import JobSearchStatus, Message
from app.notifications import worker
from app.notifications.outbox import lease_due, send_leased
from app.notifications.providers import providers_from_config
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter

MON = date(2027, 3, 1)  # registered; the deadline is Monday 8 March, the heads-up Saturday 6 March


def at(days: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MON + timedelta(days=days), time(hour, minute), tzinfo=DANISH_TIME)


def messages(purpose=None) -> list[Message]:
    query = select(Message).order_by(Message.id)
    if purpose:
        query = query.where(Message.purpose == purpose)
    return list(db.session.scalars(query))


def new_citizen(**fields):
    citizen = make_citizen(make_jobcenter(phone="70 12 34 56"), registered_on=MON, **fields)
    db.session.commit()
    reminders.sweep(at(0, 0))
    return citizen


def test_the_heads_up_is_queued_at_nine_and_not_before(app):
    new_citizen()
    assert reminders.sweep(at(5, 8, 59)).messages == 0
    assert reminders.sweep(at(5, 9)).queued["heads_up"] == 1
    assert messages()[0].purpose == "job_search_heads_up"


def test_a_second_sweep_or_a_lost_status_update_never_sends_twice(app):
    citizen = new_citizen()
    reminders.sweep(at(5, 9))
    reminders.sweep(at(5, 9, 5))
    db.session.get(JobSearchStatus, citizen.id).reminders_sent = 0  # as if a crash lost the mark
    db.session.commit()
    reminders.sweep(at(5, 9, 10))
    assert len(messages("job_search_heads_up")) == 1


def test_nothing_is_queued_in_quiet_hours(app):
    new_citizen()
    assert reminders.sweep(at(7, 21, 30)).messages == 0  # the deadline day, but after 21:00
    assert reminders.sweep(at(7, 23, 59)).messages == 0


def test_a_retry_that_would_fall_in_quiet_hours_waits_until_nine(app, twilio):
    new_citizen()
    reminders.sweep(at(7, 9))
    twilio.fail_next(503)
    late = at(7, 20, 59) + timedelta(seconds=50)
    for message_id in lease_due(late):
        send_leased(message_id, providers_from_config(app.config), late)
    message = messages("job_search_due")[0]
    assert message.status == "failed_temporary"
    assert message.next_attempt_at == at(8, 9)


def test_nobody_exempt_on_the_send_date_is_reminded(app):
    citizen = new_citizen()
    services.add_exemption(
        services.Actor("system", None, ""),
        citizen,
        "holiday",
        MON + timedelta(days=5),
        MON + timedelta(days=5),
        at(1, 10),
    )
    reminders.sweep(at(5, 9))  # the heads-up day is the holiday
    assert messages() == []


def test_sickness_reported_in_the_morning_cancels_the_reminder_waiting_to_go_out(app):
    citizen = new_citizen()
    reminders.sweep(at(7, 9))
    services.add_exemption(
        services.Actor.of_citizen(citizen), citizen, "sickness", MON + timedelta(days=7), None, at(7, 9, 1)
    )
    assert messages("job_search_due")[0].status == "cancelled"
    assert worker.run_once(now=at(7, 9, 2)) == 0


def test_confirming_cancels_reminders_that_have_not_gone_out(app):
    citizen = new_citizen()
    reminders.sweep(at(5, 9))
    services.confirm(citizen, "web", services.Actor.of_citizen(citizen), at(5, 9, 1))
    assert messages()[0].status == "cancelled"


def test_citizens_without_the_duty_get_nothing(app):
    new_citizen(target_group="kontanthjaelp_aktivitetsparat")
    for day in range(30):
        reminders.sweep(at(day, 9))
    assert messages() == []


def test_heads_up_never_goes_by_letter_but_the_follow_up_notice_does(app):
    new_citizen(phone=None, phone_verified_at=None, address="Vej 1")
    for day in range(5, 40):
        reminders.sweep(at(day, 9))
    purposes = [(m.purpose, m.channel) for m in messages()]
    assert ("job_search_heads_up", "letter") not in purposes
    assert ("job_search_due", "letter") not in purposes
    assert ("job_search_missed", "letter") in purposes


def test_each_jobcenter_uses_its_own_settings(app):
    jobcenter = make_jobcenter(settings={"job_search": {"interval_days": 14, "heads_up_days": 1}})
    make_citizen(jobcenter, registered_on=MON)
    db.session.commit()
    reminders.sweep(at(0, 0))
    assert reminders.sweep(at(12, 9)).messages == 0
    assert reminders.sweep(at(13, 9)).queued["heads_up"] == 1


def test_the_sweep_creates_status_rows_for_new_citizens(app):
    citizen = make_citizen(registered_on=MON)
    db.session.commit()
    result = reminders.sweep(at(0, 1))
    assert result.created_statuses == 1
    assert db.session.get(JobSearchStatus, citizen.id).due_on == MON + timedelta(days=7)
