"""The worker hands several messages to Twilio at once (OUTBOX_SEND_THREADS), each exactly once.

In-memory SQLite can only send one at a time, so on SQLite these tests use a database file.
"""

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Message
from app.notifications import worker
from tests.notifications.threaded_sending import app_with_queued_codes
from tests.support.twilio_stub import start_twilio_stub

MESSAGES = 40


@pytest.fixture
def stub():
    stub = start_twilio_stub()
    stub.latency = 0.05  # long enough for the threads to overlap
    yield stub
    stub.stop()


@pytest.fixture
def threaded_app(database_url, tmp_path, stub):
    with app_with_queued_codes(database_url, tmp_path, stub, "threads", MESSAGES) as app:
        yield app


def statuses() -> dict[str, int]:
    return dict(db.session.execute(select(Message.status, func.count()).group_by(Message.status)).all())


def test_a_batch_goes_out_through_several_threads_and_each_message_once(threaded_app, stub):
    assert worker.run_once(batch=20) == MESSAGES
    assert stub.most_at_once > 1
    assert len(stub.received) == MESSAGES
    assert len({message.to for message in stub.received}) == MESSAGES
    db.session.expire_all()
    assert statuses() == {"sent": MESSAGES}
    assert worker.run_once(batch=20) == 0 and len(stub.received) == MESSAGES


def test_one_failure_among_threads_is_retried_later_and_the_rest_are_sent(threaded_app, stub):
    stub.fail_next(500)
    assert worker.run_once(batch=20) == MESSAGES
    db.session.expire_all()
    assert statuses() == {"sent": MESSAGES - 1, "failed_temporary": 1}
    failed = db.session.scalar(select(Message).where(Message.status == "failed_temporary"))
    assert failed.attempts == 1 and "500" in failed.last_error


def test_one_thread_sends_one_at_a_time(threaded_app, stub):
    threaded_app.config["OUTBOX_SEND_THREADS"] = 1
    assert worker.run_once(batch=20) == MESSAGES
    assert stub.most_at_once == 1


def test_the_sending_threads_need_no_database_connection_of_their_own(database_url, tmp_path, stub):
    """32 threads with a pool of 2 connections: only the worker's own thread uses the database
    (it records what the threads hand over), so the pool is never what limits sending. Before,
    each thread held a connection, and more threads than pooled connections failed to send."""
    tight_pool = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 2, "hide_parameters": True}
    with app_with_queued_codes(
        database_url,
        tmp_path,
        stub,
        "pool",
        MESSAGES,
        OUTBOX_SEND_THREADS=32,
        SQLALCHEMY_ENGINE_OPTIONS=tight_pool,
    ):
        assert worker.run_once(batch=MESSAGES) == MESSAGES
        assert stub.most_at_once > 2
        assert len({message.to for message in stub.received}) == len(stub.received) == MESSAGES
        db.session.expire_all()
        assert statuses() == {"sent": MESSAGES}


def test_a_worker_stalled_past_its_lease_stops_sending_and_the_next_sends_each_message_once(
    database_url, tmp_path, stub, monkeypatch
):
    """The database stalls the first worker's first commit for 4 s; its 2-s lease runs out and a
    second worker takes the messages over at 2.5 s. Before, the first worker's thread went on
    handing messages over during the stall (0.1 s each), and the second sent them too."""
    stub.latency = 0.1
    record_handed, first = worker.record_handed, threading.Event()

    def stalled(*args):
        if threading.current_thread().name == "stalled" and not first.is_set():
            first.set()
            time.sleep(4)
        record_handed(*args)

    monkeypatch.setattr(worker, "record_handed", stalled)
    with app_with_queued_codes(
        database_url, tmp_path, stub, "stall", MESSAGES, OUTBOX_SEND_THREADS=1, OUTBOX_LEASE_SECONDS=2
    ) as app:

        def run_worker():
            with app.app_context():
                worker.run_once(batch=MESSAGES)
                db.session.remove()

        stalled_worker = threading.Thread(target=run_worker, name="stalled")
        stalled_worker.start()
        time.sleep(2.5)
        run_worker()  # the next worker, while the first one is stalled
        stalled_worker.join(timeout=60)

        sent = Counter(message.to for message in stub.received)
        assert len(sent) == MESSAGES and max(sent.values()) == 1, sent.most_common(3)
        db.session.expire_all()
        assert statuses() == {"sent": MESSAGES}
