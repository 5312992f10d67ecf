"""Answering by SMS: JA/YES/the word in the citizen's language confirms, STOP ends SMS, anything
else gets help. Unknown numbers and bad signatures confirm nothing."""

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import AuditEvent, InboundSms, JobSearchConfirmation, Message
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_jobcenter
from tests.support.sms import reply_sms


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def citizen(app):
    citizen = make_citizen(
        make_jobcenter(phone="70 12 34 56"),
        registered_on=danish_today(utcnow()),
        email="b@example.dk",
        email_verified_at=utcnow(),
    )
    db.session.commit()
    return citizen


@pytest.mark.parametrize(
    ("language", "word"), [("da", "Ja"), ("da", "yes!"), ("ar", "نعم"), ("uk", "так"), ("en", " YES thanks")]
)
def test_yes_in_any_form_confirms_and_the_receipt_goes_back_by_sms(client, twilio, citizen, language, word):
    citizen.language = language
    db.session.commit()
    response = reply_sms(client, citizen.phone, word)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    confirmation = db.session.scalars(select(JobSearchConfirmation)).one()
    assert (confirmation.channel, confirmation.actor_type) == ("sms", "citizen")
    worker.run_once()
    assert twilio.received[-1].to == citizen.phone
    assert confirmation.reference in twilio.received[-1].body
    assert db.session.scalars(select(InboundSms)).one().outcome == "confirmed"


def test_a_second_yes_is_one_confirmation_and_twilio_retries_are_handled_once(client, twilio, citizen):
    reply_sms(client, citizen.phone, "JA", sid="SMretry1")
    reply_sms(client, citizen.phone, "JA", sid="SMretry1")  # Twilio retried the same SMS
    reply_sms(client, citizen.phone, "ja")
    assert count(JobSearchConfirmation) == 1
    assert count(Message, Message.purpose == "job_search_receipt") == 2  # one per SMS, none per retry
    assert [s.outcome for s in db.session.scalars(select(InboundSms).order_by(InboundSms.id))] == [
        "confirmed",
        "already",
    ]


def test_a_webhook_that_failed_halfway_is_handled_once_when_twilio_retries_it(client, twilio, citizen):
    """The database drops the first try just after the confirmation, as it queues the receipt;
    Twilio gets a 503 and sends the same MessageSid again. The first try must leave nothing
    behind: before, it had committed the confirmation on its own, so the retry found the period
    "already" confirmed (the citizen sent one SMS) and the journal told a different story."""
    dropped = []

    def drop_the_receipt_once(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO messages") and not dropped:
            dropped.append(statement)
            raise OperationalError(statement, parameters, Exception("server closed the connection"))

    event.listen(db.engine, "before_cursor_execute", drop_the_receipt_once)
    try:
        first_try = reply_sms(client, citizen.phone, "JA", sid="SMhalfway1")
    finally:
        event.remove(db.engine, "before_cursor_execute", drop_the_receipt_once)
    assert dropped and first_try.status_code == 503  # "the database is down": Twilio tries again
    assert count(JobSearchConfirmation) == 0 and count(InboundSms) == 0
    reply_sms(client, citizen.phone, "JA", sid="SMhalfway1")
    reply_sms(client, citizen.phone, "JA", sid="SMhalfway1")  # and once more, after it worked
    worker.run_once()
    confirmation = db.session.scalars(select(JobSearchConfirmation)).one()
    assert db.session.scalars(select(InboundSms)).one().outcome == "confirmed"
    assert [sms.to for sms in twilio.received if confirmation.reference in sms.body] == [citizen.phone]


def test_a_reply_that_cannot_be_queued_leaves_no_confirmation_behind(client, twilio, citizen):
    """The receipt cannot be queued (any error, here one raised as its row is written): the
    webhook fails as a whole, so the confirmation goes too, and Twilio's retry does it all once."""
    failed = []

    def refuse_the_receipt_once(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO messages") and not failed:
            failed.append(statement)
            raise RuntimeError("the receipt could not be queued")

    event.listen(db.engine, "before_cursor_execute", refuse_the_receipt_once)
    try:
        first_try = reply_sms(client, citizen.phone, "JA", sid="SMrefused1")
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse_the_receipt_once)
    assert failed and first_try.status_code == 500
    assert count(JobSearchConfirmation) == 0 and count(Message) == 0 and count(InboundSms) == 0
    assert count(AuditEvent, AuditEvent.action.like("job_search.%")) == 0
    assert reply_sms(client, citizen.phone, "JA", sid="SMrefused1").status_code == 200
    assert reply_sms(client, citizen.phone, "JA", sid="SMrefused1").status_code == 200
    assert count(JobSearchConfirmation) == 1 and count(Message) == 1


def test_a_retry_that_another_request_is_handling_is_answered_from_the_journal(client, twilio, citizen):
    """Twilio sends the SMS again while the first request is still at work on it. That request
    journals it first (here: another connection commits the journal row just before ours), so
    this one confirms and answers nothing, and still says 200: Twilio must not try a third time.
    Before, it confirmed again, queued a second receipt and then failed on the journal (500)."""
    raced = []

    def the_other_request_journals_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO inbound_sms") and not raced:
            raced.append(statement)
            with db.engine.begin() as other:
                other.execute(
                    insert(InboundSms).values(
                        provider_ref="SMraced1",
                        sender=citizen.phone,
                        body="JA",
                        citizen_id=citizen.id,
                        outcome="confirmed",
                        received_at=utcnow(),
                    )
                )

    event.listen(db.engine, "before_cursor_execute", the_other_request_journals_first)
    try:
        response = reply_sms(client, citizen.phone, "JA", sid="SMraced1")
    finally:
        event.remove(db.engine, "before_cursor_execute", the_other_request_journals_first)
    assert raced and response.status_code == 200
    assert count(JobSearchConfirmation) == 0 and count(Message) == 0  # the other request's work
    assert db.session.scalars(select(InboundSms)).one().outcome == "confirmed"


def test_an_unknown_number_gets_a_short_answer_and_nothing_is_recorded(client, twilio, citizen):
    response = reply_sms(client, "+4529999999", "JA")
    assert "<Message>" in response.get_data(as_text=True)
    assert "Borgerportal" in response.get_data(as_text=True)
    assert count(JobSearchConfirmation) == 0 and count(Message) == 0
    assert db.session.scalars(select(InboundSms)).one().outcome == "unknown"


def test_an_unverified_phone_confirms_nothing(client, twilio, citizen):
    citizen.phone_verified_at = None
    db.session.commit()
    reply_sms(client, citizen.phone, "JA")
    assert count(JobSearchConfirmation) == 0


def test_a_bad_signature_is_refused_and_changes_nothing(client, twilio, citizen):
    response = reply_sms(client, citizen.phone, "JA", token="not-the-auth-token")
    assert response.status_code == 403
    assert count(JobSearchConfirmation) == 0 and count(InboundSms) == 0


def test_missing_fields_are_a_bad_request(client, twilio, citizen):
    from twilio.request_validator import RequestValidator

    from tests.support.sms import INBOUND_URL
    from tests.support.twilio_stub import AUTH_TOKEN

    form = {"Body": "JA"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(INBOUND_URL, form)
    response = client.post("/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 400 and count(InboundSms) == 0


def test_an_id_longer_than_twilios_is_a_bad_request(client, twilio, citizen):
    """PostgreSQL refused to store it (a 500, found by the fuzzing); Twilio's ids are 34 characters."""
    response = reply_sms(client, citizen.phone, "JA", sid="SM" + "0" * 63)
    assert response.status_code == 400
    assert count(JobSearchConfirmation) == 0 and count(InboundSms) == 0


def test_other_text_gets_help_in_the_citizens_language(client, twilio, citizen):
    citizen.language = "ar"
    db.session.commit()
    reply_sms(client, citizen.phone, "مرحبا، ماذا أفعل؟")
    worker.run_once()
    assert count(JobSearchConfirmation) == 0
    assert "نعم" in twilio.received[-1].body and "70 12 34 56" in twilio.received[-1].body


def test_stop_switches_to_email_and_start_switches_back(client, twilio, smtp, citizen):
    reply_sms(client, citizen.phone, "STOP")
    worker.run_once()
    db.session.refresh(citizen)
    assert citizen.sms_stopped_at is not None and citizen.preferred_channel == "email"
    assert "START" in twilio.received[-1].body  # the last SMS says how to undo it
    sent_before = len(twilio.received)
    reply_sms(client, citizen.phone, "JA")  # still confirms, but no SMS back
    worker.run_once()
    assert count(JobSearchConfirmation) == 1 and len(twilio.received) == sent_before
    reply_sms(client, citizen.phone, "start")
    worker.run_once()
    db.session.refresh(citizen)
    assert citizen.sms_stopped_at is None and citizen.preferred_channel == "sms"


def test_a_citizen_without_the_duty_is_told_there_is_nothing_to_confirm(client, twilio, citizen):
    citizen.target_group = "sygedagpenge"
    db.session.commit()
    reply_sms(client, citizen.phone, "JA")
    worker.run_once()
    assert count(JobSearchConfirmation) == 0
    assert db.session.scalars(select(InboundSms)).one().outcome == "no_duty"


@pytest.fixture
def couple(app):
    """Two citizens who verified the same phone (the import allows it, with a warning)."""
    jobcenter = make_jobcenter(phone="70 12 34 56")
    today = danish_today(utcnow())
    anna = make_citizen(jobcenter, name="Anna Berg", phone="+4520555511", registered_on=today)
    bo = make_citizen(
        jobcenter,
        name="Bo Berg",
        phone="+4520555511",
        registered_on=today,
        email="bo@example.dk",
        email_verified_at=utcnow(),
    )
    db.session.commit()
    return anna, bo


def test_stop_from_a_shared_number_stops_sms_for_everyone_with_it_and_says_so(client, twilio, couple):
    """It answered "Borgerportal does not know this phone number" and kept sending SMS."""
    anna, bo = couple
    response = reply_sms(client, anna.phone, "STOP")
    assert "does not know this phone number" not in response.get_data(as_text=True)
    worker.run_once()
    for citizen in couple:
        db.session.refresh(citizen)
        assert citizen.sms_stopped_at is not None
    assert (anna.preferred_channel, bo.preferred_channel) == ("letter", "email")
    [answer] = twilio.received
    assert answer.to == "+4520555511"
    assert "ingen SMS" in answer.body and "alle" in answer.body and "START" in answer.body
    assert "Berg" not in answer.body
    assert db.session.scalars(select(InboundSms)).one().outcome == "shared_stopped"
    stops = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "citizen.sms_stopped")).all()
    assert sorted(event.citizen_id for event in stops) == [anna.id, bo.id]
    assert {(event.actor_type, event.details["shared_phone"]) for event in stops} == {("system", 2)}


def test_start_from_a_shared_number_starts_sms_for_everyone_again(client, twilio, couple):
    anna, bo = couple
    reply_sms(client, anna.phone, "STOP")
    reply_sms(client, anna.phone, "start")
    worker.run_once()
    for citizen in couple:
        db.session.refresh(citizen)
        assert citizen.sms_stopped_at is None and citizen.preferred_channel == "sms"
    assert "STOP" in twilio.received[-1].body and "Berg" not in twilio.received[-1].body


def test_yes_from_a_shared_number_confirms_for_nobody_and_the_answer_names_no_one(client, twilio, couple):
    reply_sms(client, couple[0].phone, "JA")
    worker.run_once()
    assert count(JobSearchConfirmation) == 0
    [answer] = twilio.received
    assert "Flere personer" in answer.body and "http://127.0.0.1:5000" in answer.body
    assert "Berg" not in answer.body
    assert db.session.scalars(select(InboundSms)).one().outcome == "shared"


def test_stop_from_a_verified_number_also_stops_an_unverified_citizen_with_it(client, twilio, couple):
    anna, bo = couple
    bo.phone_verified_at = None
    db.session.commit()
    reply_sms(client, anna.phone, "STOP")
    worker.run_once()
    db.session.refresh(bo)
    assert bo.sms_stopped_at is not None
    assert db.session.scalars(select(InboundSms)).one().outcome == "stopped"
    assert "du" in twilio.received[-1].body.lower()  # Anna alone verified it: she is "you"
