"""A citizen (borger) registered at a jobcenter, and the periods their duties pause."""

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Date, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.jobcenter import Jobcenter
from app.models.types import UTCDateTime, utcnow
from app.rules.cpr import masked

CHANNELS = ("sms", "email", "letter")
EXEMPTION_KINDS = ("parental_leave", "holiday", "sickness", "treatment", "job_start", "other")


class Citizen(UserMixin, db.Model):
    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # E.164
    phone_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email: Mapped[str | None] = mapped_column(String(254))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str] = mapped_column(String(5), default="da")
    preferred_channel: Mapped[str] = mapped_column(String(10), default="sms")
    target_group: Mapped[str] = mapped_column(String(40))
    jobcenter_id: Mapped[int] = mapped_column(ForeignKey("jobcenters.id"), index=True)
    registered_on: Mapped[date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(Text, default="")  # postal address for letters
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sms_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # replied STOP: no SMS
    # "Do not sanction" (DOMAIN.md, "Confirming job search"): still listed for follow-up, but flagged.
    do_not_sanction_reason: Mapped[str | None] = mapped_column(Text)
    # The day the citizen left the jobcenter (the case closed): retention counts from it.
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    # The category of a sygedagpenge case (1-3), set by the caseworker: category 3 meets every
    # 8 weeks instead of 4 (README.md, "Meetings: rhythm per target group"). None: not set.
    sickness_category: Mapped[int | None] = mapped_column(SmallInteger)
    # The day the nightly job emptied the closed case after its last retention period: the row
    # stays (the remaining audit events point to it) without anything that names the person.
    anonymised_on: Mapped[date | None] = mapped_column(Date)

    jobcenter: Mapped[Jobcenter] = relationship()
    exemptions: Mapped[list["Exemption"]] = relationship(
        back_populates="citizen", order_by="Exemption.starts_on"
    )
    # Read-only: loaded with the signed-in citizen (load_user), so the front page and a
    # confirmation find the status row without a query of their own. The services write it.
    job_search_status: Mapped["JobSearchStatus | None"] = relationship(viewonly=True)  # noqa: F821

    @property
    def first_name(self) -> str:
        """How pages name the citizen to a helper ("Mette must confirm ..."): the first name."""
        return (self.name or "").split(" ", 1)[0] or self.name

    @property
    def masked_cpr(self) -> str:
        return masked(self.cpr)

    def get_id(self) -> str:
        return f"citizen:{self.id}"

    def __repr__(self) -> str:
        return f"<Citizen {self.id}>"


class Exemption(db.Model):
    """A period in which the citizen's duties pause (barsel, sickness, holiday ...)."""

    __tablename__ = "exemptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)  # None: until further notice
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    citizen: Mapped[Citizen] = relationship(back_populates="exemptions")

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
