"""Min Plan: the versions of a citizen's plan, their activities, and the evidence around them.

A version is a draft until a caseworker publishes it; then it gets a number and its text is
never edited again. Publishing the next version supersedes it. What the citizen did with a
version (first view, "read", "received") and how the jobcenter delivered it are separate rows,
so the evidence is kept even when the version is superseded.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen
from app.models.types import ActedBy, UTCDateTime, utcnow

DRAFT, PUBLISHED, SUPERSEDED = "draft", "published", "superseded"
RECEIPT_KINDS = ("viewed", "read", "acknowledged")
# Only digital post and letters count as delivery for citizens outside the acknowledging groups
# (DOMAIN.md, "Min Plan"); "portal" is recorded when an acknowledging citizen confirms receipt.
DELIVERY_CHANNELS = ("digital_post", "letter")
PLAN_TEXT_FIELDS = ("goals", "job_search_requirements", "contact_person", "mentor")


class PlanVersion(db.Model):
    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("citizen_id", "number"),
        Index("ix_plan_versions_status", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    number: Mapped[int | None] = mapped_column()  # 1, 2, 3 ... once published; None for a draft
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    goals: Mapped[str] = mapped_column(Text, default="")
    job_search_requirements: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(Text, default="")
    mentor: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    published_by_label: Mapped[str] = mapped_column(String(200), default="")
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the one reminder went out

    citizen: Mapped[Citizen] = relationship()
    activities: Mapped[list["PlanActivity"]] = relationship(
        back_populates="version", order_by="PlanActivity.position", cascade="all, delete-orphan"
    )
    receipts: Mapped[list["PlanReceipt"]] = relationship(order_by="PlanReceipt.at")
    comments: Mapped[list["PlanComment"]] = relationship(order_by="PlanComment.at")
    deliveries: Mapped[list["PlanDelivery"]] = relationship(order_by="PlanDelivery.delivered_on")

    def receipt(self, kind: str) -> "PlanReceipt | None":
        return next((receipt for receipt in self.receipts if receipt.kind == kind), None)

    @property
    def reference(self) -> str:
        return f"MP-{self.citizen_id:06d}-{self.number or 0}"


class PlanActivity(db.Model):
    """One activity (tilbud, course, job training ...) in a version of the plan."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200), default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    hours_per_week: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    purpose: Mapped[str] = mapped_column(Text, default="")
    gain: Mapped[str] = mapped_column(Text, default="")  # what the citizen will have gained
    is_duty: Mapped[bool] = mapped_column(default=True)  # a duty, or voluntary

    version: Mapped[PlanVersion] = relationship(back_populates="activities")


class PlanReceipt(ActedBy, db.Model):
    """What the citizen (or a helper) did with a version: first viewed it, marked it read, or
    confirmed receipt. Unique per kind, so a double click is recorded once."""

    __tablename__ = "plan_receipts"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # viewed | read | acknowledged
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(20))  # web | helper


class PlanComment(ActedBy, db.Model):
    """The citizen's own words about a version. Reading a plan is not agreeing to it.

    A caseworker answers a comment once; a disagreement stays on the staff plans list until
    then, whatever happens to the plan's receipt or delivery."""

    __tablename__ = "plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    disagrees: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)  # the caseworker's answer, shown to the citizen
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_by_label: Mapped[str] = mapped_column(String(200), default="", server_default="")


class PlanDelivery(db.Model):
    """How the jobcenter delivered a version outside the portal (digital post or a letter)."""

    __tablename__ = "plan_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))  # digital_post | letter
    delivered_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    staff_label: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
