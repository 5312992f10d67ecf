"""Twilio delivery reports: signed with the real RequestValidator, refused when the signature is bad."""

from twilio.request_validator import RequestValidator

from app.extensions import db
from app.models import Message
from app.models.types import utcnow
from app.notifications import worker
from app.notifications.outbox import enqueue
from tests.factories import make_citizen
from tests.support.twilio_stub import AUTH_TOKEN

URL = "http://127.0.0.1:5000/webhooks/twilio/status"


def post_status(client, form: dict, token: str = AUTH_TOKEN):
    signature = RequestValidator(token).compute_signature(URL, form)
    return client.post("/webhooks/twilio/status", data=form, headers={"X-Twilio-Signature": signature})


def sent_sms(twilio, purpose="contact_changed", **citizen_fields) -> Message:
    notice = {"date": "23.11.2026", "phone": "70 12 34 56"}
    context = {"code": "123456"} if purpose == "login_code" else notice
    message = enqueue(purpose, make_citizen(**citizen_fields), context)
    db.session.commit()
    worker.run_once()
    return message


def test_a_delivery_report_marks_the_message_delivered(app, client, twilio):
    message = sent_sms(twilio)
    response = post_status(client, {"MessageSid": message.provider_ref, "MessageStatus": "delivered"})
    assert response.status_code == 204
    db.session.refresh(message)
    assert message.status == "delivered"
    assert message.delivered_at is not None


def test_an_undelivered_report_falls_back_to_email(app, client, twilio, smtp):
    message = sent_sms(twilio, email="b@example.dk", email_verified_at=utcnow())
    form = {"MessageSid": message.provider_ref, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert post_status(client, form).status_code == 204
    db.session.refresh(message)
    assert (message.channel, message.status) == ("email", "queued")
    worker.run_once()
    assert len(smtp.messages) == 1


def test_an_undelivered_login_code_is_not_resent_by_email(app, client, twilio, smtp):
    """The code was blanked out after sending; the citizen asks for a new one instead."""
    message = sent_sms(twilio, purpose="login_code", email="b@example.dk", email_verified_at=utcnow())
    form = {"MessageSid": message.provider_ref, "MessageStatus": "failed", "ErrorCode": "30005"}
    assert post_status(client, form).status_code == 204
    db.session.refresh(message)
    assert (message.channel, message.status) == ("sms", "failed_permanent")


def test_a_bad_signature_is_refused_and_changes_nothing(app, client, twilio):
    message = sent_sms(twilio)
    form = {"MessageSid": message.provider_ref, "MessageStatus": "delivered"}
    assert post_status(client, form, token="wrong-token").status_code == 403
    assert client.post("/webhooks/twilio/status", data=form).status_code == 403
    db.session.refresh(message)
    assert message.status == "sent"


def test_a_report_for_an_unknown_message_is_accepted_and_ignored(app, client, twilio):
    response = post_status(client, {"MessageSid": "SMnotours", "MessageStatus": "delivered"})
    assert response.status_code == 204


def test_webhooks_are_refused_when_no_twilio_token_is_configured(app, client):
    app.config["TWILIO_AUTH_TOKEN"] = ""
    signature = RequestValidator("").compute_signature(URL, {"MessageSid": "x"})
    response = client.post(
        "/webhooks/twilio/status", data={"MessageSid": "x"}, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403
