"""What someone typed into a form that could not be used yet, kept sealed for a few minutes
(app/drafts.py)."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class FormDraft(db.Model):
    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "citizen:7" (kept at a time-out), or "browser:<SHA-256 of a random token in the cookie>"
    owner: Mapped[str] = mapped_column(String(80), index=True)
    page: Mapped[str] = mapped_column(String(500))  # the path of the page the form is on
    form_name: Mapped[str] = mapped_column(String(100), default="")  # "" : matched by its fields
    sealed_fields: Mapped[str] = mapped_column(Text)  # JSON [[name, value], …], sealed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
