"""Expense claims (udlæg): an invoice the citizen hands in for reimbursement, its files and the
jobcenter's decision.

Amounts are whole øre, so sums and the approval limit never meet floating point. A file row
without a claim is an upload waiting for its claim to be sent (kept so a refused neighbour file
or a duplicate warning does not make the citizen upload it again).
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen
from app.models.types import ActedBy, UTCDateTime, utcnow

CLAIM_CATEGORIES = ("materials", "transport", "work_clothes", "course_fee", "other")
SUBMITTED, AWAITING_MANAGER, APPROVED, REJECTED = "submitted", "awaiting_manager", "approved", "rejected"
OPEN_STATUSES = (SUBMITTED, AWAITING_MANAGER)


class Claim(ActedBy, db.Model):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_status", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    amount_ore: Mapped[int] = mapped_column()
    invoice_date: Mapped[date] = mapped_column(Date)
    vendor: Mapped[str] = mapped_column(Text)
    invoice_number: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Why it looks like a claim handed in before: "same_file" or "same_invoice", and which one.
    duplicate_reason: Mapped[str] = mapped_column(String(20), default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    first_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    first_approved_by_label: Mapped[str] = mapped_column(String(200), default="")
    first_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decided_by_label: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # required for a rejection

    citizen: Mapped[Citizen] = relationship()
    files: Mapped[list["ClaimFile"]] = relationship(back_populates="claim", order_by="ClaimFile.id")
    duplicate_of: Mapped["Claim | None"] = relationship(remote_side=[id])

    @property
    def reference(self) -> str:
        return f"UD-{self.id:07d}"


class ClaimFile(db.Model):
    """One stored file. `stored_name` is random and is the only name used on disk."""

    __tablename__ = "claim_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    converted_from: Mapped[str] = mapped_column(String(20), default="")  # "heic" when made a JPEG
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim | None] = relationship(back_populates="files")
