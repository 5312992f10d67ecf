"""Sickness and the reminder sweeps: a report stops the job-search reminder due the same day;
a passed expected return day brings one reminder to report recovery."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.job_search import reminders
from app.models import Message
from app.notifications import worker
from app.rules.dates import DANISH_TIME
from app.sickness import reminders as recovery_reminders
from app.sickness import services
from app.sickness.services import SickReport
from tests.factories import make_citizen, make_jobcenter

MON = date(2027, 3, 1)  # registered; the job-search deadline is Monday 8 March


def at(days: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MON + timedelta(days=days), time(hour, minute), tzinfo=DANISH_TIME)


def day(days: int) -> date:
    return MON + timedelta(days=days)


def messages(purpose: str) -> list[Message]:
    return list(db.session.scalars(select(Message).where(Message.purpose == purpose).order_by(Message.id)))


def citizens(count: int, **fields):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = [make_citizen(jobcenter, registered_on=MON, **fields) for _ in range(count)]
    db.session.commit()
    reminders.sweep(at(0, 0))
    return people


def report_sick(citizen, first_day: date, now: datetime, expected_return_on: date | None = None):
    actor = services.Actor.of_citizen(citizen)
    return services.report_sick(actor, citizen, SickReport(first_day, expected_return_on), now)


def test_a_report_in_the_morning_stops_the_reminder_due_that_day(app):
    sick, well = citizens(2)
    report_sick(sick, day(7), at(7, 8))
    reminders.sweep(at(7, 9))
    assert [m.citizen_id for m in messages("job_search_due")] == [well.id]  # the other one still gets it


def test_a_report_after_the_sweep_cancels_the_queued_reminder_before_it_is_sent(app, twilio):
    [sick] = citizens(1)
    reminders.sweep(at(7, 9))
    report_sick(sick, day(7), at(7, 9, 1))
    assert [m.status for m in messages("job_search_due")] == ["cancelled"]
    assert worker.run_once(now=at(7, 9, 2)) == 0 and twilio.received == []


def test_recovery_restarts_the_clock_and_the_reminders_follow_the_new_deadline(app):
    [citizen] = citizens(1)
    report = report_sick(citizen, day(3), at(3, 10))
    reminders.sweep(at(7, 9))
    assert messages("job_search_due") == []
    services.report_recovery(services.Actor.of_citizen(citizen), report, day(10), at(10, 8))
    assert reminders.sweep(at(17, 9)).queued["due"] == 1  # 7 days from the recovery day


def test_one_reminder_to_report_recovery_the_day_after_the_expected_return(app, twilio):
    [citizen] = citizens(1, language="ar")
    report_sick(citizen, day(1), at(1, 10), expected_return_on=day(4))
    assert recovery_reminders.sweep(at(4, 9)) == 0  # the expected day itself: not yet
    assert recovery_reminders.sweep(at(5, 8, 59)) == 0  # before the reminder hour
    assert recovery_reminders.sweep(at(5, 9)) == 1
    assert recovery_reminders.sweep(at(6, 9)) == 0  # never twice
    worker.run_once(now=at(5, 9, 1))
    [sms] = twilio.received
    assert sms.to == citizen.phone and "/min-side/sygdom/" in sms.body
    assert any("\u0600" <= character <= "\u06ff" for character in sms.body)  # in Arabic


def test_no_recovery_reminder_after_recovery_or_without_an_expected_day(app):
    recovered, open_ended = citizens(2)
    report = report_sick(recovered, day(1), at(1, 10), expected_return_on=day(4))
    services.report_recovery(services.Actor.of_citizen(recovered), report, day(3), at(3, 10))
    report_sick(open_ended, day(1), at(1, 10))
    assert recovery_reminders.sweep(at(6, 9)) == 0


def test_the_worker_sweep_queues_the_recovery_reminder(app):
    [citizen] = citizens(1)
    report_sick(citizen, day(1), at(1, 10), expected_return_on=day(2))
    worker.sweep_reminders(at(3, 9))
    assert len(messages("sickness_recovery_reminder")) == 1


def test_a_recovery_reminder_whose_sms_is_refused_never_becomes_a_letter(app, twilio):
    """SMS or e-mail only, like the plan reminder: a refused SMS is not printed for the post."""
    [citizen] = citizens(1, address="Vej 1, 2610 Rødovre")
    report_sick(citizen, day(1), at(1, 10), expected_return_on=day(2))
    assert recovery_reminders.sweep(at(3, 9)) == 1
    twilio.fail_next(400, 21211, "Invalid 'To' Phone Number")
    worker.run_once(now=at(3, 9, 1))
    [reminder] = messages("sickness_recovery_reminder")
    assert (reminder.channel, reminder.status) == ("sms", "failed_permanent")
    assert db.session.scalar(select(func.count(Message.id)).where(Message.channel == "letter")) == 0
