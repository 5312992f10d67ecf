"""Outbox: one row per SMS, e-mail or letter, written in the transaction that caused it.

A worker sends queued rows later and records every attempt (MessageAttempt). Letters are not
sent by the worker: they wait in the staff print queue until marked as sent.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow

# "cancelled": a reminder that lost its reason before it went out (confirmed, or now exempt).
STATUSES = ("queued", "sending", "sent", "delivered", "failed_temporary", "failed_permanent", "cancelled")
SENDABLE = ("queued", "failed_temporary")  # what a worker may claim when it is due
# The worker sends by priority, then by due time. A person waiting for a code must not wait
# behind the 09:00 reminders: for a large jobcenter those take the provider many minutes.
SOMEONE_WAITS, ROUTINE = 0, 1


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_due", "status", "priority", "next_attempt_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("helpers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))  # sms | email | letter
    language: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str] = mapped_column(Text)  # E.164 phone, e-mail address or postal address
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    # What the texts were rendered from, so a fallback channel can render its own version.
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    priority: Mapped[int] = mapped_column(SmallInteger, default=ROUTINE, server_default=str(ROUTINE))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a leased row's deadline
    claimed_by: Mapped[str | None] = mapped_column(String(32))  # the worker round holding the lease
    # Claimed again after its worker stopped mid-batch: the provider may already have it, so the
    # next worker asks the provider before sending it again (see outbox.send_leased).
    maybe_sent: Mapped[bool] = mapped_column(default=False, server_default=false())
    provider_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # A letter's code, sealed (app.sealing) until staff mark the letter as posted; the body and
    # context no longer hold it, so neither a database copy nor a staff page shows it.
    sealed_code: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt_log: Mapped[list["MessageAttempt"]] = relationship(
        back_populates="message", order_by="MessageAttempt.id"
    )


class MessageAttempt(db.Model):
    """One try to hand a message to a provider, or a status report from the provider."""

    __tablename__ = "message_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))  # sent | failed_temporary | failed_permanent | ...
    detail: Mapped[str] = mapped_column(Text, default="")

    message: Mapped[Message] = relationship(back_populates="attempt_log")
