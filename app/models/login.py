"""One-time codes for logging in: by SMS or e-mail, or printed in a letter."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class OneTimeCode(db.Model):
    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("helpers.id"), index=True)
    # "login" (10 minutes, by SMS or e-mail), "letter" (14 days, printed by staff) or
    # "verify" (proves the citizen holds `target`, a new phone number or e-mail address)
    purpose: Mapped[str] = mapped_column(String(20), default="login")
    target: Mapped[str | None] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(100))  # never the code itself
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def is_live(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
