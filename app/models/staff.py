"""Jobcenter staff. Each belongs to one jobcenter and has one role."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.jobcenter import Jobcenter
from app.models.types import UTCDateTime, utcnow

STAFF_ROLES = ("front_desk", "caseworker", "manager", "admin")


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    jobcenter_id: Mapped[int] = mapped_column(ForeignKey("jobcenters.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Password tries under way or wrong since the last right one; at STAFF_PASSWORD_TRIES the
    # account pauses until password_paused_until (app/staff/passwords.py).
    wrong_passwords: Mapped[int] = mapped_column(default=0, server_default="0")
    password_paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    jobcenter: Mapped[Jobcenter] = relationship()

    def get_id(self) -> str:
        return f"staff:{self.id}"

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role}>"
