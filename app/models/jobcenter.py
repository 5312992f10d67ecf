"""The tenant: a municipal jobcenter. Every citizen and staff user belongs to one."""

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Jobcenter(db.Model):
    __tablename__ = "jobcenters"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # stable key used in CSV imports
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    # Per-jobcenter overrides of the rule defaults (intervals, duties per target group ...).
    settings: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<Jobcenter {self.code}>"
