"""Counters of the rate limits, in the database every process shares (app/rate_limits.py)."""

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class RateCounter(db.Model):
    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)  # personal parts are hashed
    count: Mapped[int] = mapped_column()
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # Unix time: the window's end
