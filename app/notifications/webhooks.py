"""Twilio calls us back: delivery reports for the SMS we sent, and SMS citizens send us.

These routes are CSRF-exempt (Twilio cannot hold a token) and accept only requests signed
with our auth token (X-Twilio-Signature, checked with Twilio's RequestValidator).
"""

from functools import wraps

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from twilio.request_validator import RequestValidator

from app.access import ACCESS_ATTRIBUTE
from app.extensions import csrf, db
from app.i18n import in_language
from app.models import Message, MessageAttempt
from app.models.types import utcnow
from app.notifications.outbox import fall_back
from app.slots import INBOUND_SMS, the_one
from app.urls import external_url

bp = Blueprint("notifications", __name__, url_prefix="/webhooks")

DELIVERED = {"delivered"}
UNDELIVERED = {"undelivered", "failed"}


def signed_by_twilio(view):
    """Refuse (403) any request whose X-Twilio-Signature does not match our auth token."""

    @wraps(view)
    def checked(*args, **kwargs):
        validator = RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"])
        signature = request.headers.get("X-Twilio-Signature", "")
        if not current_app.config["TWILIO_AUTH_TOKEN"] or not validator.validate(
            _public_url(), request.form.to_dict(), signature
        ):
            abort(403)
        return view(*args, **kwargs)

    setattr(checked, ACCESS_ATTRIBUTE, "twilio-signature")
    return csrf.exempt(checked)


def _public_url() -> str:
    """The URL Twilio called, as configured: behind a proxy request.url may differ."""
    query = request.query_string.decode()
    base = external_url(request.endpoint, **(request.view_args or {}))
    return f"{base}?{query}" if query else base


@bp.post("/twilio/status")
@signed_by_twilio
def twilio_status():
    message = db.session.scalar(select(Message).where(Message.provider_ref == request.form.get("MessageSid")))
    if message is None:
        return "", 204  # not ours (or long gone); Twilio needs no error
    status = request.form.get("MessageStatus", "")
    apply_delivery_status(message, status, request.form.get("ErrorCode", ""))
    db.session.commit()
    return "", 204


# Twilio's ids are 34 characters; the column holds 64. A longer one is not from Twilio's API
# (PostgreSQL would refuse to store it).
SID_LENGTH_AT_MOST = 64
UNKNOWN_SENDER = _l("Borgerportal does not know this phone number. Call your jobcenter for help.")


@bp.post("/twilio/sms")
@signed_by_twilio
def twilio_inbound_sms():
    """A citizen answered by SMS. Known citizens get their reply through the outbox (journaled);
    an unknown number gets a short answer in Danish and English straight back. The feature that
    understands the answers (job search) plugs its handler into the INBOUND_SMS slot."""
    form = request.form
    if not form.get("MessageSid") or not form.get("From") or len(form["MessageSid"]) > SID_LENGTH_AT_MOST:
        abort(400)
    outcome = _handled_once(the_one(INBOUND_SMS), form["MessageSid"], form["From"], form.get("Body", ""))
    # Imported here: only this answer needs TwiML (and xml.etree), ~5 CPU ms per process start.
    from twilio.twiml.messaging_response import MessagingResponse

    answer = MessagingResponse()
    if outcome == "unknown":
        answer.message(" / ".join(in_language(UNKNOWN_SENDER, language) for language in ("da", "en")))
    return Response(str(answer), mimetype="text/xml")


def _handled_once(handle_inbound, sid: str, sender: str, body: str) -> str:
    """Handle the SMS and commit what it caused, all at once. A Twilio retry of an SMS another
    request was handling at the same moment is refused by the journal (the same MessageSid):
    then it gets the outcome that request journaled, and nothing is done twice."""
    try:
        outcome = handle_inbound(sid, sender, body, utcnow())
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        outcome = handle_inbound(sid, sender, body, utcnow())  # finds the SMS journaled
        db.session.commit()
    return outcome


def apply_delivery_status(message: Message, status: str, error_code: str = "") -> None:
    now = utcnow()
    if status in DELIVERED:
        message.status, message.delivered_at = "delivered", now
        db.session.add(MessageAttempt(message=message, at=now, channel="sms", outcome="delivered"))
    elif status in UNDELIVERED and message.channel == "sms":
        fall_back(message, f"Twilio reports {status} (error {error_code or 'none'})", now)
    else:
        db.session.add(MessageAttempt(message=message, at=now, channel="sms", outcome=status[:20]))
