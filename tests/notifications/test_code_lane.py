"""Codes never wait behind the sweep or a big backlog: `flask worker` sends what someone waits for
(login codes, answers) from a thread of its own, the code lane (app/notifications/worker.py).

Real threads, the real Twilio client and the loopback stub, on a SQLite file or PostgreSQL. The
tests assert on what reached the stub and in which order, not on how long it took.
"""

import threading
from contextlib import contextmanager
from datetime import date

import pytest

from app import periodic
from app.auth.services import request_login_code
from app.extensions import db
from app.models.types import utcnow
from app.notifications import worker
from app.notifications.outbox import add_all_once, prepare
from tests.factories import make_citizen, make_jobcenter
from tests.notifications.threaded_sending import app_with_queued_codes
from tests.support.workers import wait_for

SLOW_JOB = "test_a_sweep_that_waits_for_the_code"
WAITING_PHONE = "+4520999999"


@pytest.fixture
def lane_app(database_url, tmp_path, stub):
    """An app on a database that several threads can use (a SQLite file, not one in memory)."""
    with app_with_queued_codes(database_url, tmp_path, stub, "lane", 0, OUTBOX_SEND_THREADS=4) as app:
        yield app


@contextmanager
def running_worker(app):
    """`flask worker` as it loops, in a thread with an app context of its own; stopped on exit."""
    stop = threading.Event()

    def run():
        with app.app_context():
            worker.run_forever(interval=5.0, stop=stop)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=120)
        assert not thread.is_alive()


def code_reached(stub) -> bool:
    return any(sms.to == WAITING_PHONE for sms in list(stub.received))


def ask_for_a_code() -> None:
    """What the login page does: record the request; the worker turns it into a code."""
    citizen = make_citizen(
        make_jobcenter("lane"), phone=WAITING_PHONE, target_group="sygedagpenge", registered_on=date.today()
    )
    db.session.commit()
    request_login_code(citizen.cpr, "sms", "a-browser", utcnow())
    db.session.commit()  # the login route's unit of work ends here


@pytest.fixture
def sweep_waiting_for_the_code(stub):
    """A periodic job that runs until the code is at the stub (at most a minute), as a sweep of a
    million citizens runs for many seconds. It records whether the code came while it ran."""
    started, seen = threading.Event(), {}

    def sweep(_now):
        started.set()
        seen["during_sweep"] = _wait(lambda: code_reached(stub), 60)

    periodic.register(SLOW_JOB, sweep)
    yield started, seen
    periodic._registry.pop(SLOW_JOB, None)


def _wait(condition, seconds: float) -> bool:
    try:
        wait_for(condition, seconds)
    except AssertionError:
        return False
    return True


def test_a_code_asked_for_during_a_sweep_reaches_twilio_before_the_sweep_ends(
    lane_app, stub, sweep_waiting_for_the_code
):
    started, seen = sweep_waiting_for_the_code
    with running_worker(lane_app):
        assert started.wait(60), "the worker's first round sweeps"
        ask_for_a_code()
        wait_for(lambda: "during_sweep" in seen, 90, "the sweep to end")
    assert seen["during_sweep"], "the code waited for the sweep to end"
    assert [sms.to for sms in stub.received] == [WAITING_PHONE]


BACKLOG = 300


def queue_backlog() -> None:
    """Reminders due now to distinct numbers, as a big sweep leaves them for the worker."""
    citizen = make_citizen(make_jobcenter("backlog"), phone="+4520000001")
    db.session.flush()
    row = prepare("job_search_due", citizen, {"date": "7.12.2026", "link": "https://x.dk/j/a"}, channel="sms")
    add_all_once([{**row, "recipient": f"+4532{n:06d}"} for n in range(BACKLOG)])
    db.session.commit()


def test_a_code_asked_for_during_a_big_batch_goes_out_before_the_backlog_drains(lane_app, stub):
    """The whole backlog is one batch (OUTBOX_LEASE_BATCH), sent slowly by 4 threads: a code
    asked for once it is under way goes out long before its end, though the batch holds on."""
    lane_app.config["OUTBOX_LEASE_BATCH"] = 1000
    stub.latency = 0.05
    queue_backlog()
    reminders_out = lambda: sum(sms.to.startswith("+4532") for sms in list(stub.received))  # noqa: E731
    with running_worker(lane_app):
        wait_for(lambda: reminders_out() >= 20, 60, "the batch to be under way")
        ask_for_a_code()
        wait_for(lambda: code_reached(stub), 120, "the code")
        sent_before = next(n for n, sms in enumerate(list(stub.received)) if sms.to == WAITING_PHONE)
        stub.latency = 0  # the rest of the batch goes quickly: the worker stops after it
    assert sent_before < BACKLOG, "the code waited for the whole backlog"
