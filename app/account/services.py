"""The citizen's own pages: what they show, and the contact details the citizen changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import String, bindparam, literal, select, union_all
from sqlalchemy.orm import selectinload

from app import audit
from app.auth.services import browser_name, check_code, issue_code, login_of
from app.extensions import db
from app.models import AuditEvent, Citizen, InboundSms, Message
from app.notifications.outbox import enqueue, reachable_channels
from app.notifications.purposes import actions_with_helper_notice
from app.paging import Page, paged
from app.rules.dates import numeric_date

PAGE_SIZE = 50


@dataclass(frozen=True)
class JournalEntry:
    """One line of the journal: a message we sent ("out", a Message) or an SMS the citizen
    sent us ("in", an InboundSms, with what the portal did with it)."""

    direction: str
    item: Message | InboundSms


def journal_for(citizen: Citizen, number: int) -> Page:
    """Page `number` of every message out and in, newest first (20 a page, app/paging.py)."""
    out = select(
        literal("out", String).label("direction"), Message.id.label("id"), Message.created_at.label("at")
    ).where(Message.citizen_id == citizen.id)
    inbound = select(literal("in", String), InboundSms.id, InboundSms.received_at).where(
        InboundSms.citizen_id == citizen.id
    )
    both = union_all(out, inbound).subquery()
    page = paged(select(both).order_by(both.c.at.desc(), both.c.id.desc()), number, scalars=False)
    return Page(_journal_entries(page.items), page.number, page.count)


def _journal_entries(rows) -> list[JournalEntry]:
    """The page's rows as messages (attempts loaded) and inbound SMS, two queries in all."""
    out = [row.id for row in rows if row.direction == "out"]
    inbound = [row.id for row in rows if row.direction == "in"]
    loaded = {
        "out": _by_id(select(Message).where(Message.id.in_(out)).options(selectinload(Message.attempt_log))),
        "in": _by_id(select(InboundSms).where(InboundSms.id.in_(inbound))),
    }
    return [JournalEntry(row.direction, loaded[row.direction][row.id]) for row in rows]


def _by_id(query) -> dict:
    return {thing.id: thing for thing in db.session.scalars(query)}


def lookups_for(citizen: Citizen, number: int) -> Page:
    """Page `number` of who looked at the case (staff and helpers), newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.citizen_id == citizen.id, AuditEvent.action.like(audit.LOOKUP + "%"))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return paged(query, number)


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


def recent_helper_actions(citizen: Citizen, now: datetime) -> list:
    """What helpers did on the citizen's case in the last 30 days, newest first (at most 5),
    shown on the front page so nothing done for the citizen goes unnoticed: rows with the
    audit event's columns (at, actor_label, action ...), read past the ORM (the page only shows
    them, and loading them as objects cost twice as much as reading them)."""
    values = {
        "citizen_id": citizen.id,
        "changes": actions_with_helper_notice(),
        "since": now - timedelta(days=HELPER_NEWS_DAYS),
    }
    return db.session.connection().execute(_recent_helper_actions(), values).all()


@cache
def _recent_helper_actions():
    """Built once per process: the front page runs it on every view, and building it cost more
    than running it."""
    return (
        select(*AuditEvent.__table__.columns)
        .where(
            AuditEvent.citizen_id == bindparam("citizen_id"),
            AuditEvent.actor_type == "helper",
            AuditEvent.action.in_(bindparam("changes", expanding=True)),
            AuditEvent.at >= bindparam("since"),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(5)
    )


def start_contact_change(citizen: Citizen, channel: str, address: str, browser: str, now: datetime) -> None:
    """Send a code to the new phone (channel "sms") or e-mail; nothing changes until it is used
    in the same browser."""
    code = issue_code(citizen, channel, now, purpose="verify", target=address, client=browser_name(browser))
    enqueue("verify_contact", citizen, {"code": code}, channel=channel, recipient=address, now=now)


def confirm_contact_change(citizen: Citizen, browser: str, code: str, now: datetime) -> str:
    """Apply the change the code was sent for and tell the old address. Returns the channel.

    Raises WrongCode / LoginPaused like logging in does (the browser's wrong tries count together).
    """
    used = check_code(citizen, login_of(citizen), browser, code, now, purposes=("verify",))
    old = _replace_address(citizen, used.channel, used.target, now)
    audit.record_by(
        audit.Actor.of_citizen(citizen),
        "citizen.contact_changed",
        citizen_id=citizen.id,
        channel=used.channel,
    )
    if old and old != used.target:
        context = {"date": numeric_date(now.date()), "phone": citizen.jobcenter.phone}
        enqueue("contact_changed", citizen, context, channel=used.channel, recipient=old, now=now)
    return used.channel


def _replace_address(citizen: Citizen, channel: str, address: str, now: datetime) -> str | None:
    field = "phone" if channel == "sms" else "email"
    old = getattr(citizen, field)
    setattr(citizen, field, address)
    setattr(citizen, f"{field}_verified_at", now)
    citizen.preferred_channel = reachable_channels(citizen)[0]
    return old


@dataclass(frozen=True)
class Preferences:
    message_language: str
    first_channel: str  # sms | email
    sms: bool


def preferences_of(citizen: Citizen) -> Preferences:
    return Preferences(citizen.language, citizen.preferred_channel, citizen.sms_stopped_at is None)


def save_preferences(citizen: Citizen, chosen: Preferences, now: datetime) -> None:
    """Store how the citizen wants our messages; the outbox reads them for every message it
    queues (language, the preferred channel first, no SMS while stopped). Audited; the caller commits."""
    before = preferences_of(citizen)
    citizen.language = chosen.message_language
    citizen.preferred_channel = chosen.first_channel
    if chosen.sms != before.sms:
        citizen.sms_stopped_at = None if chosen.sms else now
    changed = {name: value for name, value in vars(chosen).items() if getattr(before, name) != value}
    if changed:
        audit.record_by(audit.Actor.of_citizen(citizen), "citizen.preferences_changed", citizen.id, **changed)
