"""The citizen's own pages: what they show, and the contact details the citizen changes."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import audit
from app.auth.services import browser_name, check_code, issue_code, login_of
from app.extensions import db
from app.models import AuditEvent, Citizen, Message
from app.notifications.outbox import enqueue, reachable_channels
from app.notifications.purposes import actions_with_helper_notice
from app.rules.dates import numeric_date

PAGE_SIZE = 50


def messages_for(citizen: Citizen) -> list[Message]:
    """The newest messages to the citizen first, with their attempts loaded in one query."""
    query = (
        select(Message)
        .where(Message.citizen_id == citizen.id)
        .options(selectinload(Message.attempt_log))
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(PAGE_SIZE)
    )
    return list(db.session.scalars(query))


def activity_for(citizen: Citizen) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        # What was done on the case; staff reading it (audit.record_lookup) is kept apart, or every
        # page view would push the changes off this list.
        .where(AuditEvent.citizen_id == citizen.id, AuditEvent.action.not_like(audit.LOOKUP + "%"))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
    )
    return list(db.session.scalars(query))


HELPER_NEWS_DAYS = 30


def recent_helper_actions(citizen: Citizen, now: datetime) -> list[AuditEvent]:
    """What helpers did on the citizen's case in the last 30 days, newest first (at most 5),
    shown on the front page so nothing done for the citizen goes unnoticed."""
    changes = actions_with_helper_notice()
    query = (
        select(AuditEvent)
        .where(
            AuditEvent.citizen_id == citizen.id,
            AuditEvent.actor_type == "helper",
            AuditEvent.action.in_(changes),
            AuditEvent.at >= now - timedelta(days=HELPER_NEWS_DAYS),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(5)
    )
    return list(db.session.scalars(query))


def start_contact_change(citizen: Citizen, channel: str, address: str, browser: str, now: datetime) -> None:
    """Send a code to the new phone (channel "sms") or e-mail; nothing changes until it is used
    in the same browser."""
    code = issue_code(citizen, channel, now, purpose="verify", target=address, client=browser_name(browser))
    enqueue("verify_contact", citizen, {"code": code}, channel=channel, recipient=address, now=now)
    db.session.commit()


def confirm_contact_change(citizen: Citizen, browser: str, code: str, now: datetime) -> str:
    """Apply the change the code was sent for and tell the old address. Returns the channel.

    Raises WrongCode / LoginPaused like logging in does (the browser's wrong tries count together).
    """
    used = check_code(citizen, login_of(citizen), browser, code, now, purposes=("verify",))
    old = _replace_address(citizen, used.channel, used.target, now)
    audit.record(
        "citizen.contact_changed",
        actor_type="citizen",
        actor_id=citizen.id,
        actor_label=citizen.name,
        citizen_id=citizen.id,
        channel=used.channel,
    )
    if old and old != used.target:
        context = {"date": numeric_date(now.date()), "phone": citizen.jobcenter.phone}
        enqueue("contact_changed", citizen, context, channel=used.channel, recipient=old, now=now)
    db.session.commit()
    return used.channel


def _replace_address(citizen: Citizen, channel: str, address: str, now: datetime) -> str | None:
    field = "phone" if channel == "sms" else "email"
    old = getattr(citizen, field)
    setattr(citizen, field, address)
    setattr(citizen, f"{field}_verified_at", now)
    citizen.preferred_channel = reachable_channels(citizen)[0]
    return old
