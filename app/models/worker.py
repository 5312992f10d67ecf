"""What the background workers last did, so /healthz/ready and /metrics can tell whether one is
alive on any machine (the database is the one place every instance sees)."""

from datetime import datetime

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class WorkerHeartbeat(db.Model):
    __tablename__ = "worker_heartbeats"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker: Mapped[str] = mapped_column(String(200), unique=True)  # host name and process id
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # last looked for work
    last_sweep_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last sweep that succeeded
    last_sweep_seconds: Mapped[float | None] = mapped_column(Float)
