"""Signed-in sessions, kept on the server: the cookie holds only a random reference to a row, so
logging out, a staff reset or a deactivation ends the session wherever its cookie was copied."""

from datetime import datetime, timedelta

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class LoginSession(db.Model):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie's token
    user_key: Mapped[str] = mapped_column(String(40), index=True)  # "citizen:7", as Flask-Login's id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # logout | everywhere | idle | absolute | deactivated | contact_changed
    end_reason: Mapped[str] = mapped_column(String(20), default="")

    def ends_at(self, absolute: timedelta) -> datetime:
        return self.created_at + absolute

    def is_live(self, now: datetime, absolute: timedelta) -> bool:
        return self.ended_at is None and now < self.ends_at(absolute)
