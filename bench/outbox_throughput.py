"""Outbox throughput: messages per second through the worker to the loopback Twilio stub,
with one and with two worker processes, and the time from "send me a code" to the stub.

Run: .venv/bin/python bench/outbox_throughput.py [N]   (DATABASE_URL picks the database;
default a fresh SQLite file). Prints a small table.
"""

import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.notifications import worker  # noqa: E402
from app.notifications.outbox import enqueue  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from tests.conftest import FreshRequestClient  # noqa: E402
from tests.factories import make_citizen, make_jobcenter  # noqa: E402
from tests.support.forms import submit  # noqa: E402
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub  # noqa: E402


def make_app(url: str, stub_url: str):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=stub_url,
        RATELIMIT_ENABLED=False,
    )


def fill(app, count: int) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()
        jobcenter = make_jobcenter("bench")
        for number in range(count):
            enqueue("login_code", make_citizen(jobcenter, phone=f"+4531{number:06d}"), {"code": "123456"})
        db.session.commit()


def one_worker(url: str, stub_url: str) -> None:
    app = make_app(url, stub_url)
    with app.app_context():
        worker.run_once(batch=50)


def throughput(url: str, stub, count: int, workers: int) -> float:
    fill(make_app(url, stub.base_url), count)
    stub.received.clear()
    processes = [
        multiprocessing.Process(target=one_worker, args=(url, stub.base_url)) for _ in range(workers)
    ]
    start = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    assert len(stub.received) == count, f"sent {len(stub.received)} of {count}"
    assert len({r.to for r in stub.received}) == count, "a message was sent twice"
    return count / elapsed


def code_latency(url: str, stub, rounds: int = 20) -> tuple[float, float]:
    """Milliseconds for the POST to /log-ind, and for one worker round to reach the stub."""
    app = make_app(url, stub.base_url)
    app.test_client_class = FreshRequestClient  # a clean request context each time, as in a server
    fill(app, 0)
    with app.app_context():
        citizen = make_citizen(make_jobcenter("latency"), phone="+4520999999")
        db.session.commit()
        posts, sends = [], []
        for _ in range(rounds):
            client = app.test_client()
            start = time.perf_counter()
            submit(client, "/log-ind", {"cpr": citizen.cpr, "channel": "sms"})
            posts.append(time.perf_counter() - start)
            start = time.perf_counter()
            sent = worker.run_once()
            sends.append(time.perf_counter() - start)
            assert sent == 1 and stub.received[-1].to == "+4520999999"
    return sorted(posts)[rounds // 2] * 1000, sorted(sends)[rounds // 2] * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch_dir('outbox')}/outbox-bench.sqlite"
    stub = start_twilio_stub()
    print(f"database: {url.split('@')[-1]}, messages: {count}")
    for workers in (1, 2):
        print(f"{workers} worker(s): {throughput(url, stub, count, workers):8.0f} messages/s")
    post_ms, send_ms = code_latency(url, stub)
    print(
        f"'send me a code': POST answered in {post_ms:.1f} ms (median); one worker round hands it to "
        f"the stub in {send_ms:.1f} ms; plus up to the worker's polling interval (5 s default)"
    )
    stub.stop()


if __name__ == "__main__":
    main()
