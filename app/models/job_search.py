"""Confirming job search: each confirmation (the citizen's evidence), where each citizen stands
in the current period (what the reminder scheduler queries), the misses, and staff decisions."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen
from app.models.types import ActedBy, UTCDateTime, utcnow

CONFIRMATION_CHANNELS = ("web", "link", "sms", "in_person", "helper")
DECISIONS = ("no_consequence", "contacted", "sanction_assessment", "deregistered")


class JobSearchConfirmation(ActedBy, db.Model):
    """One confirmation of one period. At most one a day (Danish time) makes confirming
    idempotent. Not one per due date: confirming on the day the clock started (the day of
    registration, or of recovery) gives the next period the same due date as the one confirmed."""

    __tablename__ = "job_search_confirmations"
    __table_args__ = (
        UniqueConstraint("citizen_id", "confirmed_on", name="uq_job_search_confirmations_citizen_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)  # the due date this confirmation answers
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_on: Mapped[date] = mapped_column(Date)  # the day of confirmed_at, Danish time
    channel: Mapped[str] = mapped_column(String(20))

    citizen: Mapped[Citizen] = relationship()

    @property
    def reference(self) -> str:
        return f"JS-{self.id:07d}"


class JobSearchStatus(db.Model):
    """Where the citizen stands now. One row per citizen, kept up to date by the services, so
    the scheduler finds who is due with indexed queries instead of recomputing every citizen."""

    __tablename__ = "job_search_status"
    # The reminder sweep's queries (app/job_search/reminders.py): a stage and a day, the rows not
    # yet reminded (reminders_sent below the reminder's rank), in (reminders_sent, citizen) order
    # for its keyset chunks. Stamped rows leave the range: a sweep that finds nothing reads nothing.
    __table_args__ = (
        Index("ix_job_search_status_stage_due", "stage", "due_on", "reminders_sent", "citizen_id"),
        Index("ix_job_search_status_stage_deadline", "stage", "deadline_on", "reminders_sent", "citizen_id"),
    )

    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), primary_key=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)  # None: no duty right now
    deadline_on: Mapped[date | None] = mapped_column(Date)  # due_on, or later after a 1st/2nd miss
    stage: Mapped[str] = mapped_column(String(12), default="open")  # open | extended | follow_up
    reminders_sent: Mapped[int] = mapped_column(default=0)  # rank of the last reminder sent
    clock_started_on: Mapped[date] = mapped_column(Date)  # last confirmation, or when the duty began
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    citizen: Mapped[Citizen] = relationship()


class JobSearchMiss(db.Model):
    """A deadline that passed unconfirmed: counted for the ladder (3rd miss in 12 months)."""

    __tablename__ = "job_search_misses"
    __table_args__ = (UniqueConstraint("citizen_id", "deadline_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    deadline_on: Mapped[date] = mapped_column(Date)
    stage_before: Mapped[str] = mapped_column(String(12))  # open (a first miss) | extended
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUpDecision(db.Model):
    """A caseworker's decision about a missed confirmation. The portal itself decides nothing."""

    __tablename__ = "follow_up_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)  # the period it is about
    decision: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboundSms(db.Model):
    """Every SMS a citizen (or anyone) sends us, journaled with what we did with it."""

    __tablename__ = "inbound_sms"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_ref: Mapped[str] = mapped_column(String(64), unique=True)  # Twilio retries: handle once
    sender: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    # confirmed | already | help | no_duty | stopped | started | unknown, and on a number several
    # citizens have: shared | shared_stopped | shared_started
    outcome: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
