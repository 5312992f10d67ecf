"""Helpers log in and act through the pages, as a browser does."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Mandate, Message
from tests.support.forms import submit
from tests.support.login import send_and_read_code


def in_english(client):
    """Pages in English for this client (the session keeps the language across logins)."""
    client.get("/?lang=en")
    return client


def log_in_helper(client, twilio, phone: str, next_page: str | None = None):
    """Ask for a code with the phone number, and use the code the Twilio stub received."""
    path = "/hjaelper/log-ind" + (f"?next={next_page}" if next_page else "")
    submit(client, path, {"phone": phone})
    return submit(client, "/hjaelper/log-ind/kode", {"code": send_and_read_code(twilio, phone)})


def act_for(client, mandate: Mandate):
    """Press "Jeg hjælper: <name>" on the helper's page."""
    return submit(client, f"/hjaelper/hjaelp/{mandate.id}", {}, form_page="/hjaelper/")


def invitation_link(twilio) -> str:
    """The path of the invitation link in the last SMS."""
    return re.search(r"https?://[^/\s]+(/h/\S+)", twilio.received[-1].body).group(1)


def audited(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def messages(purpose: str) -> list[Message]:
    return list(db.session.scalars(select(Message).where(Message.purpose == purpose).order_by(Message.id)))
