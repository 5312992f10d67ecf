"""Each worker process notes in the database when it last looked for work and last swept.

Written at most every BEAT_EVERY per process (a busy worker claims a batch many times a second),
so a long send of the 09:00 reminders still shows a worker that is alive."""

import os
import socket
import time
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from app.extensions import db, insert_skipping_duplicates
from app.models import WorkerHeartbeat

BEAT_EVERY = 5.0  # seconds
FORGET_AFTER = timedelta(days=7)  # rows of workers that stopped long ago
_last_beat = {"at": float("-inf"), "pid": None}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(now: datetime, *, force: bool = False) -> None:
    """Record that this worker looked for work now (and commit)."""
    if not force and _last_beat["pid"] == os.getpid() and time.monotonic() - _last_beat["at"] < BEAT_EVERY:
        return
    _own_row(now).last_seen_at = now
    db.session.commit()
    _last_beat.update(at=time.monotonic(), pid=os.getpid())


def swept(now: datetime, seconds: float) -> None:
    """Record a sweep that succeeded, forget workers stopped long ago (and commit)."""
    row = _own_row(now)
    row.last_seen_at, row.last_sweep_at, row.last_sweep_seconds = now, now, round(seconds, 3)
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.last_seen_at < now - FORGET_AFTER))
    db.session.commit()


def last_seen() -> datetime | None:
    """The last time any worker looked for work."""
    return db.session.scalar(select(func.max(WorkerHeartbeat.last_seen_at)))


def last_sweep() -> datetime | None:
    """When any worker last finished a sweep."""
    return db.session.scalar(select(func.max(WorkerHeartbeat.last_sweep_at)))


def _own_row(now: datetime) -> WorkerHeartbeat:
    # Threads of one process share the name: the first to insert wins, the others find its row.
    name = worker_name()
    db.session.execute(
        insert_skipping_duplicates(WorkerHeartbeat.__table__, ["worker"]).values(
            worker=name, started_at=now, last_seen_at=now
        )
    )
    return db.session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.worker == name))
