"""The periodic jobs (reminder sweeps, clean-ups), declared once: each feature registers its own
in its module, the factory calls those registrations (app/__init__.py), and both `flask worker`
and `flask reminders run` run what is registered. Nothing here knows any feature.

On PostgreSQL a session-level advisory lock lets only one process sweep at a time: when two
workers are due at once, one sweeps and the other skips. (Session-level, not transaction-level:
a sweep commits chunk by chunk.) SQLite has no such lock: run a single worker there.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from app.extensions import db

log = logging.getLogger("borgerportal.worker")

SWEEP_LOCK = 7_240_318_001  # any number of our own; advisory locks are named by a bigint


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[datetime], object]  # takes `now`; returns what it did (counts), or None
    reminder: bool = False  # queues reminders: `flask reminders run` runs it too


_registry: dict[str, PeriodicJob] = {}


def register(name: str, run: Callable[[datetime], object], *, reminder: bool = False) -> None:
    """Add a job; they run in the order registered. Registering a name again replaces it in
    place (the factory runs once per app, and the tests build many apps)."""
    _registry[name] = PeriodicJob(name, run, reminder)


def registered(reminders_only: bool = False) -> list[PeriodicJob]:
    return [job for job in _registry.values() if job.reminder or not reminders_only]


def run_all(now: datetime, reminders_only: bool = False) -> dict[str, object]:
    """Run the registered jobs one after the other, each committed at its end (a job that works
    in chunks commits each chunk itself). Returns each one's result by name."""
    return {job.name: _run(job, now) for job in registered(reminders_only)}


def _run(job: PeriodicJob, now: datetime) -> object:
    result = job.run(now)
    db.session.commit()
    return result


@contextmanager
def one_at_a_time(wait: bool = False) -> Iterator[bool]:
    """Yield whether this process may sweep now. On PostgreSQL: True while it holds the sweep
    lock (with `wait`, it waits for another process's sweep to end first); False when another
    process holds it. The lock is on a connection of its own and ends with it, so a worker
    killed mid-sweep never leaves it taken. On SQLite: always True."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as connection:
        held = _take_lock(connection, wait)
        try:
            yield held
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SWEEP_LOCK})
                connection.commit()


def _take_lock(connection, wait: bool) -> bool:
    if wait:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SWEEP_LOCK})
        held = True
    else:
        held = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": SWEEP_LOCK}))
    connection.commit()  # the lock belongs to the connection, not to this transaction
    return held
