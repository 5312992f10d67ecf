"""A copy of all a citizen's data that the worker builds because it is too large for a request
(many uploaded files). The ZIP lives in the upload storage under a random name until it expires;
the retention job then deletes the file and the row."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class DataExport(db.Model):
    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    # Who asked: the citizen or a helper (a helper's copy leaves out the full CPR number, so only
    # a helper may fetch it, and only the citizen may fetch the citizen's).
    asked_by_type: Mapped[str] = mapped_column(String(20))
    asked_by_id: Mapped[int | None]
    language: Mapped[str] = mapped_column(String(10))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stored_name: Mapped[str | None] = mapped_column(String(80))  # set when the worker built it
    size: Mapped[int | None] = mapped_column(BigInteger)  # bytes; hundreds of files pass 2 GB
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the worker could not build it
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @property
    def for_helper(self) -> bool:
        return self.asked_by_type == "helper"
