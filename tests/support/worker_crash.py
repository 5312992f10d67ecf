"""A worker process killed with SIGKILL in the middle of a batch, and a second one that takes over.

Used by tests/notifications/test_worker_killed.py and bench/worker_crash.py. The messages are
login codes to distinct numbers, sent through the real Twilio client to the loopback stub; the
worker is the real `flask worker` process with the production configuration.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import Message
from app.notifications.outbox import enqueue
from tests.factories import make_citizen, make_jobcenter
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, TwilioStub

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Outcome:
    messages: int
    sent_before_kill: int  # what the stub had when the worker was killed
    in_flight_at_kill: int  # requests the stub was answering just before the kill
    sent_twice: int  # messages the stub received more than once
    seconds_until_all_sent: float | None  # from the kill; None: not within the time allowed
    lookups: int  # times a worker asked Twilio whether it already had a message


def queue_codes(url: str, count: int) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        # Registered today, in a group without duties: no reminder joins the batch.
        jobcenter = make_jobcenter("crash")
        for number in range(count):
            citizen = make_citizen(
                jobcenter, phone=f"+4531{number:06d}", target_group="sygedagpenge", registered_on=date.today()
            )
            enqueue("login_code", citizen, {"code": f"{number:06d}"})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def drop_tables(url: str) -> None:
    """Leave the database as the other tests expect it: they create the tables they need."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def start_worker(url: str, stub: TwilioStub, lease_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": "worker-crash-" + "k" * 32,
        "DATABASE_URL": url,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+4570000000",
        "TWILIO_API_BASE_URL": stub.base_url,
        "OUTBOX_SEND_THREADS": "8",
        "REMINDER_SWEEP_SECONDS": "3600",
        "OUTBOX_LEASE_SECONDS": str(lease_seconds),
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--interval", "0.5"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def sent_in_database(engine, count: int) -> bool:
    with engine.connect() as connection:
        sent = connection.scalar(
            sa.select(sa.func.count())
            .select_from(Message.__table__)
            .where(Message.__table__.c.status == "sent")
        )
    return sent == count


def kill_mid_batch(
    url: str,
    stub: TwilioStub,
    count: int = 40,
    kill_after: int = 12,
    wait: float = 150,
    lease_seconds: int = 30,
) -> Outcome:
    """Queue `count` codes, let a worker send about `kill_after`, SIGKILL it, start another and
    wait (at most `wait` seconds) until every message is recorded as sent. Both workers lease
    for `lease_seconds` (OUTBOX_LEASE_SECONDS): the second takes the first's messages after it."""
    queue_codes(url, count)
    first = start_worker(url, stub, lease_seconds)
    try:
        # Codes go out one by one from the code lane as well as from the sending threads, so a
        # moment with nothing in flight is common: wait for one with something in flight.
        _wait_for(lambda: _mid_batch(stub, kill_after), 120, "the first worker sent nothing")
    finally:
        sent_before, in_flight = len(stub.received), stub.in_flight
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    killed_at = time.monotonic()
    second = start_worker(url, stub, lease_seconds)
    engine = sa.create_engine(url)
    try:
        done = _wait_for(lambda: sent_in_database(engine, count), wait, None)
        seconds = time.monotonic() - killed_at if done else None
        time.sleep(1)  # anything still on its way to the stub arrives
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)
        engine.dispose()
    twice = sum(n - 1 for n in Counter(r.to for r in stub.received).values())
    return Outcome(count, sent_before, in_flight, twice, seconds, stub.lookups)


def _mid_batch(stub: TwilioStub, sent: int) -> bool:
    return len(stub.received) >= sent and stub.in_flight > 0


def _wait_for(condition, seconds: float, failure: str | None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    if failure:
        raise RuntimeError(failure)
    return False
