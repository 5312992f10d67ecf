"""A person waiting for a code or an answer is not kept waiting behind the morning reminders.

For a large jobcenter the 09:00 reminders take the provider many minutes to send; a login code
lasts 10 minutes. The worker sends what someone waits for first, then the rest, longest due first.
"""

from datetime import date, datetime, time, timedelta

from app.auth.services import handle_code_requests, request_login_code
from app.extensions import db
from app.job_search import reminders, sms_replies
from app.models import Message
from app.models.message import ROUTINE, SOMEONE_WAITS
from app.notifications import worker
from app.notifications.outbox import lease_due, send_leased
from app.notifications.providers import providers_from_config
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter

MON = date(2027, 3, 1)  # registered; the heads-up goes out on Saturday 6 March at 09:00
NINE = datetime.combine(MON + timedelta(days=5), time(9), tzinfo=DANISH_TIME)
REMINDED = 120  # more than two of the worker's batches of 50


def citizens_reminded_at_nine():
    jobcenter = make_jobcenter()
    citizens = [make_citizen(jobcenter, registered_on=MON, phone=f"+45301{n:05d}") for n in range(REMINDED)]
    db.session.commit()
    reminders.sweep(NINE - timedelta(days=5))  # each gets a job-search status
    assert reminders.sweep(NINE).queued["heads_up"] == REMINDED
    return citizens


def test_a_login_code_asked_for_after_the_reminders_is_sent_before_them(app, twilio):
    citizens = citizens_reminded_at_nine()
    waiting = citizens[-1]
    request_login_code(waiting.cpr, "sms", "a-browser", NINE + timedelta(minutes=1))
    assert worker.run_once(now=NINE + timedelta(minutes=1)) == REMINDED + 1
    first = twilio.received[0]
    assert first.to == waiting.phone and "Borgerportal" in first.body
    code = db.session.scalar(db.select(Message).where(Message.purpose == "login_code"))
    assert (code.priority, code.status) == (SOMEONE_WAITS, "sent")
    assert len(twilio.received) == REMINDED + 1  # the reminders still all went out, once each


def test_an_answer_to_an_sms_goes_before_reminders_too(app, twilio):
    citizens = citizens_reminded_at_nine()
    asking = citizens[0]
    sms_replies.handle_inbound("SM-help", asking.phone, "HJÆLP", NINE + timedelta(minutes=2))
    db.session.commit()
    leased = lease_due(NINE + timedelta(minutes=2))
    answer = db.session.get(Message, leased[0])
    assert (answer.recipient, answer.priority) == (asking.phone, SOMEONE_WAITS)
    assert answer.purpose != "job_search_heads_up"


def test_among_reminders_the_longest_due_goes_first(app):
    citizens_reminded_at_nine()
    earliest = db.session.scalars(db.select(Message).order_by(Message.id)).all()
    for minutes, message in enumerate(earliest):  # the newest row is now the longest due
        message.next_attempt_at = NINE - timedelta(minutes=minutes)
    db.session.commit()
    leased = lease_due(NINE, batch=50)
    assert leased == [m.id for m in reversed(earliest)][:50]
    assert {m.priority for m in earliest} == {ROUTINE}


def test_a_code_whose_first_try_failed_is_retried_before_the_reminders(app, twilio):
    citizens = citizens_reminded_at_nine()
    waiting = citizens[-1]
    request_login_code(waiting.cpr, "sms", "a-browser", NINE)
    handle_code_requests(NINE)
    twilio.fail_next(503)  # the provider is away for a moment: the code is retried, not lost
    [first] = lease_due(NINE, batch=1)
    send_leased(first, providers_from_config(app.config), NINE)
    code = db.session.get(Message, first)
    assert (code.purpose, code.status) == ("login_code", "failed_temporary")
    retried = lease_due(code.next_attempt_at)  # 120 reminders are still queued, and due longer
    assert retried[0] == code.id
