"""The outbox and worker against the real Twilio client (loopback stub) and a real SMTP server."""

import threading
from datetime import timedelta

from app import create_app
from app.extensions import db
from app.models import Message
from app.models.types import utcnow
from app.notifications import worker
from app.notifications.outbox import (
    enqueue,
    lease_due,
    lease_length,
    reachable_channels,
    reference_of,
    renew_lease,
    send_leased,
)
from app.notifications.providers import Outgoing, providers_from_config
from tests.conftest import empty_all_tables, is_postgres
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.clock import by_morning
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub


def send_code(citizen, **kwargs) -> Message:
    message = enqueue("login_code", citizen, {"code": "123456"}, **kwargs)
    db.session.commit()
    return message


def outcomes(message: Message) -> list[tuple[str, str]]:
    return [(a.channel, a.outcome) for a in message.attempt_log]


def test_an_sms_goes_through_the_real_twilio_client(app, twilio):
    citizen = make_citizen(phone="+4520123401")
    message = send_code(citizen)
    assert worker.run_once() == 1
    [received] = twilio.received
    assert (received.to, received.sender) == ("+4520123401", "+4570000000")
    assert "123456" in received.body
    assert received.status_callback == "http://127.0.0.1:5000/webhooks/twilio/status"
    assert (message.status, message.provider_ref, message.attempts) == ("sent", received.sid, 1)
    assert outcomes(message) == [("sms", "sent")]


def test_an_email_goes_through_the_real_smtp_server(app, smtp):
    citizen = make_citizen(email="borger@example.dk", email_verified_at=utcnow(), preferred_channel="email")
    message = send_code(citizen)
    worker.run_once()
    [received] = smtp.messages
    assert received["To"] == "borger@example.dk"
    assert received["Subject"] == message.subject
    assert "123456" in received.get_content()
    assert message.status == "sent"


def test_a_message_is_written_in_the_recipients_language(app, twilio):
    send_code(make_citizen(language="uk"))
    send_code(make_citizen(language="da"))
    worker.run_once()
    ukrainian, danish = (r.body for r in twilio.received)
    assert ukrainian != danish
    assert any("\u0400" <= ch <= "\u04ff" for ch in ukrainian)


def test_unverified_phone_is_not_used(app, smtp):
    citizen = make_citizen(phone_verified_at=None, email="b@example.dk", email_verified_at=utcnow())
    assert send_code(citizen).channel == "email"


def test_provider_error_500_is_retried_and_delivered_once(app, twilio):
    message = send_code(make_citizen())
    twilio.fail_next(500)
    now = utcnow()
    worker.run_once(now=now)
    assert message.status == "failed_temporary"
    assert message.next_attempt_at == now + timedelta(seconds=30)
    assert worker.run_once(now=now + timedelta(seconds=10)) == 0  # not due yet
    worker.run_once(now=now + timedelta(seconds=31))
    assert message.status == "sent"
    assert len(twilio.received) == 1
    assert outcomes(message) == [("sms", "failed_temporary"), ("sms", "sent")]


def test_a_refused_number_falls_back_to_email(app, twilio, smtp):
    citizen = make_citizen(email="b@example.dk", email_verified_at=utcnow())
    message = send_code(citizen)
    twilio.fail_next(400, 21211, "Invalid 'To' Phone Number")
    worker.run_once()
    worker.run_once()
    assert (message.channel, message.status, message.recipient) == ("email", "sent", "b@example.dk")
    assert len(smtp.messages) == 1 and twilio.received == []
    assert outcomes(message) == [("sms", "failed_permanent"), ("email", "fallback"), ("email", "sent")]


def test_nothing_is_lost_while_twilio_is_unreachable_for_an_hour(app, twilio):
    message = send_code(make_citizen())
    twilio.stop()
    start = utcnow()
    for minute in range(0, 61):
        worker.run_once(now=start + timedelta(minutes=minute))
    assert message.status == "failed_temporary"
    assert 6 <= message.attempts <= 10, "backs off instead of hammering"
    assert "unreachable" in message.last_error
    revived = start_twilio_stub()  # Twilio is back (on a new port, as stubs go)
    app.config["TWILIO_API_BASE_URL"] = revived.base_url
    worker.run_once(now=start + timedelta(hours=2))
    revived.stop()
    assert message.status == "sent"
    assert len(revived.received) == 1


def test_after_24_hours_of_temporary_failures_the_next_channel_is_used(app, twilio, smtp):
    citizen = make_citizen(email="b@example.dk", email_verified_at=utcnow())
    start = utcnow()
    message = enqueue("login_code", citizen, {"code": "1"}, now=start)
    db.session.commit()
    twilio.stop()
    worker.run_once(now=start)
    worker.run_once(now=start + timedelta(hours=24, seconds=1))
    worker.run_once(now=start + timedelta(hours=24, seconds=2))
    assert (message.channel, message.status) == ("email", "sent")


def test_a_refused_email_without_phone_goes_to_the_print_queue(app, smtp):
    smtp.refused.add("gone@example.dk")
    citizen = make_citizen(
        phone=None, email="gone@example.dk", email_verified_at=utcnow(), address="Vej 1, 2610 Rødovre"
    )
    message = enqueue("access_changed", citizen, {"date": "1.3.2027", "phone": "70 12 34 56"})
    db.session.commit()
    worker.run_once(now=by_morning())  # a notice from staff waits for the morning
    assert (message.channel, message.status) == ("letter", "queued")
    assert message.recipient.endswith("Vej 1, 2610 Rødovre")
    assert worker.run_once() == 0, "letters wait for staff; the worker leaves them"


def test_a_login_code_refused_by_sms_and_email_never_goes_to_the_print_queue(app, twilio, smtp):
    """It lives 10 minutes: on paper it would arrive days after it stopped working."""
    smtp.refused.add("gone@example.dk")
    twilio.fail_next(400, code=21211)  # Twilio: not a valid phone number
    citizen = make_citizen(email="gone@example.dk", email_verified_at=utcnow(), address="Vej 1, 2610 Rødovre")
    message = send_code(citizen)
    worker.run_once()  # the SMS is refused: the code moves to e-mail
    worker.run_once()
    assert (message.channel, message.status) == ("email", "failed_permanent")
    assert outcomes(message)[-1] == ("email", "failed_permanent")
    assert db.session.scalar(db.select(db.func.count(Message.id)).filter_by(channel="letter")) == 0


def test_staff_get_email_when_they_have_no_phone_and_never_a_letter(app):
    staff = make_staff(make_jobcenter(), email="sb@jobcenter.example")
    message = enqueue("login_code", staff, {"code": "1"})
    assert (message.channel, message.recipient) == ("email", "sb@jobcenter.example")
    assert message.staff_user_id == staff.id
    assert reachable_channels(staff) == ["email"]


def test_a_citizen_with_nothing_on_file_gets_a_letter(app):
    citizen = make_citizen(phone=None, address="Vej 2")
    assert reachable_channels(citizen) == ["letter"]


def test_the_same_deduplication_key_gives_one_message(app):
    citizen = make_citizen()
    first = send_code(citizen, dedup_key="reminder:1:2026-11-23:due")
    second = send_code(citizen, dedup_key="reminder:1:2026-11-23:due")
    assert first.id == second.id
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 1


def test_a_killed_workers_messages_are_sent_after_its_lease_runs_out(app, twilio):
    message = send_code(make_citizen())
    now = utcnow()
    assert lease_due(now) == [message.id]  # leased, then the worker "dies"
    assert worker.run_once(now=now + lease_length() - timedelta(seconds=1)) == 0
    worker.run_once(now=now + lease_length() + timedelta(seconds=1))
    assert message.status == "sent"
    assert len(twilio.received) == 1
    assert twilio.lookups == 1  # it might have been sent: Twilio was asked first


def test_a_message_the_killed_worker_had_handed_over_is_not_sent_again(app, twilio):
    """The worker handed the code to Twilio and died before recording it."""
    message = send_code(make_citizen())
    now = utcnow()
    [leased] = lease_due(now, lease="dead-worker")
    providers = providers_from_config(app.config)
    sid = providers["sms"].send(Outgoing(message.recipient, message.subject, message.body))  # then SIGKILL
    db.session.expire_all()
    assert worker.run_once(now=now + lease_length() + timedelta(seconds=1)) == 1
    assert len(twilio.received) == 1
    assert (message.status, message.provider_ref) == ("sent", sid)
    assert [a.outcome for a in message.attempt_log] == ["found_sent", "sent"]
    assert "123456" not in message.body  # the code is blanked out as after any sending


def test_a_worker_that_lost_its_lease_leaves_the_message_to_the_one_that_took_over(app, twilio):
    message = send_code(make_citizen())
    now = utcnow()
    lease_due(now, lease="slow-worker")
    lease_due(now + lease_length() + timedelta(seconds=1), lease="new-worker")  # the slow one's lease ran out
    assert send_leased(message.id, providers_from_config(app.config), now, lease="slow-worker") == "sending"
    assert twilio.received == []
    assert send_leased(message.id, providers_from_config(app.config), now, lease="new-worker") == "sent"


def test_a_live_worker_keeps_its_messages_while_it_sends_a_long_batch(app, twilio):
    message = send_code(make_citizen())
    now = utcnow()
    lease_due(now, lease="busy-worker")
    renew_lease([message.id], "busy-worker", now + lease_length())  # still sending at the lease's end
    assert lease_due(now + lease_length() + timedelta(seconds=1), lease="other") == []
    assert lease_due(now + 2 * lease_length() + timedelta(seconds=1), lease="other") == [
        message.id
    ]  # it died


def test_the_lease_lasts_as_long_as_the_setting_says(app, twilio):
    app.config["OUTBOX_LEASE_SECONDS"] = 2  # what the tests with killed workers use, to take seconds
    message = send_code(make_citizen())
    now = utcnow()
    lease_due(now, lease="killed-worker")
    assert lease_due(now + timedelta(seconds=1), lease="other") == []
    assert lease_due(now + timedelta(seconds=3), lease="other") == [message.id]


def test_an_email_keeps_its_message_id_on_every_try(app, smtp):
    citizen = make_citizen(
        email="b@example.dk", email_verified_at=utcnow(), preferred_channel="email", phone=None
    )
    message = enqueue("contact_changed", citizen, {"date": "07.12.2026", "phone": "70 12 34 56"})
    db.session.commit()
    smtp_provider = providers_from_config(app.config)["email"]
    outgoing = Outgoing(message.recipient, message.subject, message.body, reference_of(message))
    first, second = smtp_provider.send(outgoing), smtp_provider.send(outgoing)
    assert first == second == f"<{reference_of(message)}@jobcenter.example>"
    assert smtp.messages[0]["Message-ID"] == smtp.messages[1]["Message-ID"] == first


def test_two_workers_send_each_message_exactly_once(tmp_path, database_url):
    """Two workers with their own database connections, as two processes would have."""
    url = database_url if is_postgres() else f"sqlite:///{tmp_path}/two-workers.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    twilio = start_twilio_stub()
    app.config.update(
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=twilio.base_url,
    )
    with app.app_context():
        db.create_all()
        try:
            _send_with_two_workers(app, twilio)
        finally:
            twilio.stop()
            db.session.remove()
            empty_all_tables()


def _send_with_two_workers(app, twilio):
    jobcenter = make_jobcenter()
    for number in range(120):
        enqueue("login_code", make_citizen(jobcenter, phone=f"+45301{number:05d}"), {"code": "1"})
    db.session.commit()
    counts = []

    def one_worker():
        with app.app_context():
            counts.append(worker.run_once(batch=10))

    threads = [threading.Thread(target=one_worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent_to = [r.to for r in twilio.received]
    assert len(sent_to) == 120
    assert len(set(sent_to)) == 120
    assert sum(counts) == 120


def test_a_sent_code_is_blanked_out_in_the_journal(app, twilio):
    message = send_code(make_citizen())
    worker.run_once()
    assert "123456" in twilio.received[0].body
    assert "123456" not in message.body and "******" in message.body
    assert "code" not in message.context


def test_a_code_for_a_new_phone_number_never_falls_back_to_the_old_email(app, twilio, smtp):
    citizen = make_citizen(email="old@example.dk", email_verified_at=utcnow())
    message = enqueue("verify_contact", citizen, {"code": "654321"}, channel="sms", recipient="+4520999888")
    db.session.commit()
    twilio.fail_next(400, 21211, "Invalid 'To' Phone Number")
    worker.run_once()
    assert (message.channel, message.status) == ("sms", "failed_permanent")
    assert smtp.messages == []
