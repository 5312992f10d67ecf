"""Sickness reports: what the citizen (or someone for them) reported, and the exemption it opened.

The report is the citizen's evidence; the exemption it points to is what pauses the job-search
duty. Recovery ends that exemption, which restarts the job-search clock. No diagnosis is ever
stored: the note is optional and the form says not to write one.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen, Exemption
from app.models.types import ActedBy, UTCDateTime, utcnow


class SicknessReport(ActedBy, db.Model):
    __tablename__ = "sickness_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    exemption_id: Mapped[int] = mapped_column(ForeignKey("exemptions.id"))
    first_day: Mapped[date] = mapped_column(Date)
    expected_return_on: Mapped[date | None] = mapped_column(Date)
    partial_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))  # still able to work, hours a week
    note: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_late: Mapped[bool] = mapped_column(default=False)  # first day before the day of reporting
    recovered_on: Mapped[date | None] = mapped_column(Date, index=True)  # the first day well again
    recovery_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recovery_reported_by: Mapped[str] = mapped_column(Text, default="")
    recovery_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_by_staff_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # "new" until then
    seen_by_staff_label: Mapped[str] = mapped_column(Text, default="")

    citizen: Mapped[Citizen] = relationship()
    exemption: Mapped[Exemption] = relationship()

    @property
    def reference(self) -> str:
        return f"SY-{self.id:07d}"

    @property
    def is_open(self) -> bool:
        return self.recovered_on is None
