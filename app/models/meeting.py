"""Meetings (samtaler) between a citizen and the jobcenter, and the evidence of their summons.

One row per meeting. Moving a meeting keeps the row (and its calendar UID) and bumps `sequence`,
so the citizen's calendar updates the entry instead of adding a second one. The summons message
and its delivery status are the jobcenter's evidence that it summoned on time.
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen
from app.models.message import Message
from app.models.staff import StaffUser
from app.models.types import ActedBy, UTCDateTime, utcnow


class Meeting(ActedBy, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # app.rules.meetings.KINDS
    form: Mapped[str] = mapped_column(String(20))  # in_person | phone | video
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=30)
    place: Mapped[str] = mapped_column(Text, default="")  # the address, for in-person meetings
    video_link: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="booked")  # app.rules.meetings.STATUSES
    sequence: Mapped[int] = mapped_column(default=0)  # the calendar's SEQUENCE: bumped on each move
    deadline_on: Mapped[date | None] = mapped_column(Date)  # the citizen's deadline when booked
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The summons: the message that carried it (its status and delivery are the evidence), or a
    # letter / Digital Post staff recorded as sent.
    summoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Indexed: deleting a message (retention) makes PostgreSQL look here for rows that point to it.
    summons_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    summons_by_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The outcome staff record after the meeting (held, absent, cancelled), with a note.
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_by: Mapped[str] = mapped_column(String(200), default="")

    # "I cannot come": what the citizen (or their helper) said, and when.
    citizen_reason: Mapped[str] = mapped_column(String(20), default="")  # app.rules.meetings.REASONS
    citizen_reason_text: Mapped[str] = mapped_column(Text, default="")
    citizen_wish: Mapped[str] = mapped_column(String(20), default="")
    citizen_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    citizen_answered_by: Mapped[str] = mapped_column(String(200), default="")
    sickness_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a sickness covers it
    seen_by_staff_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # off the follow-up list

    reminded_day_before_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_soon_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    citizen: Mapped[Citizen] = relationship()
    caseworker: Mapped[StaffUser | None] = relationship()
    summons_message: Mapped[Message | None] = relationship()

    @property
    def reference(self) -> str:
        return f"SA-{self.id:07d}"

    @property
    def calendar_uid(self) -> str:
        """Stable for the meeting's whole life, so calendars update it when it moves."""
        return f"meeting-{self.id}@borgerportal"
