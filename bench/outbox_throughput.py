"""Outbox throughput and login-code latency, through the real worker to the loopback Twilio stub.

1. Messages per second with one and with two worker processes (`run_once` with the production
   settings of the code measured: its sending threads, batch size and SMS_PER_SECOND), Twilio
   answering in --twilio-latency seconds (default 0.1 s, as the real API over the internet).
   Only `run_once` is timed, inside the worker process: not the process's start.
   With --baseline DIR (a checkout of main, e.g. `git worktree add --detach /tmp/base main`),
   the same runs with DIR's worker code, alternating with this checkout's, in the same run.
2. Code latency: from "send me a code" (POST /log-ind) until the code reaches Twilio, with a real
   `flask worker` polling every 5 s: p50/p95 while the outbox is idle, and while a large batch of
   reminders is being sent. On PostgreSQL the worker is woken by NOTIFY; on SQLite it polls.

Run:
    .venv/bin/python bench/outbox_throughput.py                       # SQLite file, ~1 minute
    .venv/bin/python bench/outbox_throughput.py --database postgresql+psycopg://…
    scripts/with-postgres.sh .venv/bin/python bench/outbox_throughput.py --baseline /tmp/base
The database comes from --database, else TEST_DATABASE_URL (what scripts/with-postgres.sh sets),
else DATABASE_URL, else a fresh SQLite file; the first line printed names it. Its tables are
dropped and made anew.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Message  # noqa: E402
from app.notifications.outbox import add_all_once, prepare  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from config import Production  # noqa: E402
from tests.conftest import FreshRequestClient  # noqa: E402
from tests.factories import make_citizen, make_jobcenter  # noqa: E402
from tests.support.forms import submit  # noqa: E402
from tests.support.portal_server import SECRET_KEY, production_env  # noqa: E402
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub  # noqa: E402
from tests.support.workers import start_worker, wait_for  # noqa: E402

TWILIO = {
    "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "TWILIO_FROM": "+4570000000",
}
REMINDER_CONTEXT = {"date": "7.12.2026", "link": "https://portal.example.dk/j/abc", "url": "", "phone": ""}


def make_app(url: str, stub_url: str):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY=SECRET_KEY,  # the worker process unseals the code requests with it
        TWILIO_API_BASE_URL=stub_url,
        RATELIMIT_ENABLED=False,
        # What production sends with (the testing configuration sends one at a time).
        OUTBOX_SEND_THREADS=Production.OUTBOX_SEND_THREADS,
        **TWILIO,
    )


def fresh_tables(app) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()


def fill(app, count: int) -> None:
    """`count` reminders due now to distinct numbers: what a sweep leaves for the worker to send.
    (Before issue 23 these were login codes, which are few in real life and recorded one by one.)"""
    fresh_tables(app)
    queue_reminders(app, count)


# Run in a process of its own with the checkout measured first on sys.path, so it imports that
# checkout's worker: the app with the production sending settings, `run_once` timed from the
# moment every worker is ready (a start file) to its return. Prints the start and end times.
ONE_WORKER = """
import json, os, sys, time
settings = json.loads(os.environ["BENCH_WORKER"])
sys.path.insert(0, settings["checkout"])
from app import create_app
from app.notifications import worker
from config import Production
sending = {k: getattr(Production, k) for k in dir(Production) if k.startswith(("OUTBOX_", "SMS_"))}
app = create_app("testing", SQLALCHEMY_DATABASE_URI=settings["url"], **sending, **settings["config"])
with app.app_context():
    open(settings["ready"], "w").close()
    while not os.path.exists(settings["go"]):
        time.sleep(0.01)
    started, cpu = time.time(), time.process_time()
    worker.run_once()
    ended, cpu = time.time(), time.process_time() - cpu
    threads = sending["OUTBOX_SEND_THREADS"]
    report = {"started": started, "ended": ended, "cpu": cpu, "threads": threads}
    with open(settings["ready"] + ".json", "w") as out:
        json.dump(report, out)
"""


def one_worker(checkout: Path, url: str, stub_url: str, go: Path, ready: Path) -> subprocess.Popen:
    config = {"TWILIO_API_BASE_URL": stub_url, "RATELIMIT_ENABLED": False, **TWILIO}
    settings = {"checkout": str(checkout), "url": url, "go": str(go), "ready": str(ready), "config": config}
    return subprocess.Popen(
        [sys.executable, "-c", ONE_WORKER],
        cwd=checkout,
        env={**os.environ, "BENCH_WORKER": json.dumps(settings)},
    )


def throughput(checkout: Path, url: str, stub, count: int, workers: int) -> tuple[float, int, float]:
    """Messages a second from `workers` processes running `checkout`'s worker, its threads, and
    the worker's CPU milliseconds per message (what one idle core caps it at: 1000 / that)."""
    fill(make_app(url, stub.base_url), count)
    stub.received.clear()
    folder = scratch_dir("outbox-go")
    ready = [folder / f"ready-{n}" for n in range(workers)]
    processes = [one_worker(checkout, url, stub.base_url, folder / "go", r) for r in ready]
    wait_for(lambda: all(r.exists() for r in ready), 120, "the workers to start")
    (folder / "go").touch()  # all start sending at once
    assert all(process.wait() == 0 for process in processes), "a worker failed"
    reports = [json.loads(Path(f"{r}.json").read_text()) for r in ready]
    elapsed = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
    assert len(stub.received) == count, f"sent {len(stub.received)} of {count}"
    assert len({r.to for r in stub.received}) == count, "a message was sent twice"
    cpu_ms = 1000 * sum(r["cpu"] for r in reports) / count
    return count / elapsed, reports[0]["threads"], cpu_ms


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


class CodeClock:
    """Citizens who ask for a code through the pages; each asks once (the per-CPR limit)."""

    def __init__(self, app, stub, count: int):
        self.app, self.stub = app, stub
        with app.app_context():
            jobcenter = make_jobcenter("codes")
            people = [
                make_citizen(jobcenter, target_group="sygedagpenge", registered_on=date.today())
                for _ in range(count)
            ]
            db.session.commit()
            self.people = [(person.cpr, person.phone) for person in people]
        app.test_client_class = FreshRequestClient
        self.client = app.test_client()
        with app.app_context():
            self.client.get("/log-ind")  # the first page of a process loads templates and translations

    def one(self) -> float:
        """Seconds from pressing "send me a code" until the code is at Twilio."""
        cpr, phone = self.people.pop()
        asked = datetime.now(UTC)
        with self.app.app_context():
            submit(self.client, "/log-ind", {"cpr": cpr, "channel": "sms"})
        wait_for(lambda: any(sms.to == phone for sms in list(self.stub.received)), 120, "the code")
        received = next(sms.created for sms in list(self.stub.received) if sms.to == phone)
        return (received - asked).total_seconds()


def queue_reminders(app, count: int) -> None:
    """`count` routine reminders due now, as a 09:00 sweep queues them (one insert per chunk)."""
    with app.app_context():
        jobcenter = make_jobcenter("sweep")
        citizen = make_citizen(jobcenter, target_group="sygedagpenge", registered_on=date.today())
        db.session.flush()
        row = prepare("job_search_due", citizen, REMINDER_CONTEXT, channel="sms")
        for first in range(0, count, 5000):
            numbers = range(first, min(first + 5000, count))
            add_all_once([{**row, "recipient": f"+4532{n:07d}"} for n in numbers])
            db.session.commit()


def reminders_left(app) -> int:
    with app.app_context():
        db.session.remove()
        query = db.select(db.func.count(Message.id)).where(
            Message.purpose == "job_search_due", Message.status.in_(("queued", "sending"))
        )
        return db.session.scalar(query)


def code_latency(url: str, stub, codes: int, reminders: int) -> dict:
    """Latencies (s) idle and while `reminders` are being sent, with a real polling worker. The
    worker is stopped once the codes are measured: the rest of the batch is not waited for."""
    app = make_app(url, stub.base_url)
    fresh_tables(app)
    clock = CodeClock(app, stub, 2 * codes)
    folder = scratch_dir("outbox-latency")
    env = production_env(
        folder,
        DATABASE_URL=url,
        TWILIO_API_BASE_URL=stub.base_url,
        REMINDER_SWEEP_SECONDS="86400",
        OUTBOX_SEND_THREADS=str(Production.OUTBOX_SEND_THREADS),
        **TWILIO,
    )
    running = start_worker(env, folder / "worker.log", interval=5)
    try:
        wait_for(lambda: running.jobs("sweep"), 120, "the worker's first round")
        time.sleep(1)
        idle = [_spaced(clock.one) for _ in range(codes)]
        queue_reminders(app, reminders)
        wait_for(lambda: len(stub.received) > 2 * codes + min(200, reminders // 10), 120, "the batch")
        busy, left = [], []
        while len(busy) < codes and reminders_left(app) > 0:
            busy.append(_spaced(clock.one))
            left.append(reminders_left(app))
    finally:
        running.stop()
    return {"idle": idle, "busy": busy, "left": left}


def _spaced(measure) -> float:
    seconds = measure()
    time.sleep(0.3)  # not back to back: the next code arrives while the worker waits again
    return seconds


def percentiles(seconds: list[float]) -> str:
    if len(seconds) < 2:
        shown = ", ".join(f"{second * 1000:.0f} ms" for second in seconds)
        return f"{shown} (n={len(seconds)}: the batch was sent before more codes were asked for)"
    p50, p95 = statistics.median(seconds), statistics.quantiles(seconds, n=20, method="inclusive")[18]
    return f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (n={len(seconds)})"


def database_url(given: str | None) -> str:
    """--database, else the throwaway cluster of scripts/with-postgres.sh (TEST_DATABASE_URL: it
    wins over a DATABASE_URL left in the shell, which silently measured SQLite or another
    database before), else DATABASE_URL, else a fresh SQLite file."""
    return (
        given
        or os.environ.get("TEST_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{scratch_dir('outbox')}/outbox-bench.sqlite"
    )


def compare_throughput(url: str, stub, messages: int, baseline: Path | None, rounds: int) -> None:
    """Messages/s of this checkout (and of `baseline`), alternating, each `rounds` times."""
    checkouts = {"this": ROOT} | ({"baseline": baseline} if baseline else {})
    for workers in (1, 2):
        found = {name: [] for name in checkouts}
        for _ in range(rounds):
            for name, checkout in checkouts.items():
                per_second, threads, cpu_ms = throughput(checkout, url, stub, messages, workers)
                found[name].append((per_second, cpu_ms))
                shown = f"{workers} worker(s), {threads} threads: {per_second:6.0f} messages/s"
                print(f"  {name:8} {shown}, worker CPU {cpu_ms:.2f} ms/message ({load()})")
        for name, runs in found.items():
            rate, cpu_ms = (statistics.median(values) for values in zip(*runs, strict=True))
            print(f"{name:8} {workers} worker(s): median {rate:6.0f} messages/s, {cpu_ms:.2f} CPU ms/message")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("messages", nargs="?", type=int, default=3000, help="for the throughput runs")
    parser.add_argument("--database", help="SQLAlchemy URL (default: TEST_DATABASE_URL, DATABASE_URL)")
    parser.add_argument("--baseline", type=Path, help="a checkout of main whose worker to measure beside")
    parser.add_argument("--rounds", type=int, default=2, help="throughput runs per checkout (median)")
    parser.add_argument("--no-codes", action="store_true", help="throughput only")
    parser.add_argument("--reminders", type=int, default=3000, help="the batch codes compete with")
    parser.add_argument("--codes", type=int, default=10, help="codes asked for idle, and again busy")
    parser.add_argument("--twilio-latency", type=float, default=0.1, help="seconds Twilio takes per SMS")
    args = parser.parse_args()
    url = database_url(args.database)
    stub = start_twilio_stub()
    stub.latency = args.twilio_latency  # a real provider answers in 0.1-0.3 s
    print(
        f"database: {url.split('@')[-1]}, messages: {args.messages}, "
        f"Twilio answering in {args.twilio_latency * 1000:.0f} ms, {load()}"
    )
    compare_throughput(url, stub, args.messages, args.baseline, args.rounds)
    if args.no_codes:
        stub.stop()
        return
    stub.received.clear()
    found = code_latency(url, stub, args.codes, args.reminders)
    stub.stop()
    print(f"code latency, worker polling every 5 s, Twilio answering in {args.twilio_latency * 1000:.0f} ms:")
    print(f"  idle:                                   {percentiles(found['idle'])}")
    left = f"{min(found['left'], default=0)}-{max(found['left'], default=0)} still to send"
    print(f"  while {args.reminders} reminders are sent ({left}): {percentiles(found['busy'])}")


if __name__ == "__main__":
    main()
