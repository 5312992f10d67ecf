"""One reminder sweep and the dispatch of its messages, for 10,000 to 1,000,000 citizens.

Run: .venv/bin/python bench/reminder_sweep.py [--sweep-only] [--threads 8] [--twilio-latency 0.1] [N ...]
(default 10000 100000)
SQLite by default (a fresh file); DATABASE_URL or TEST_DATABASE_URL picks another database, e.g.
    scripts/with-postgres.sh .venv/bin/python bench/reminder_sweep.py 10000 100000 1000000

The worker's part runs in its own process, as in production: the full sweep (job search, Min Plan,
recovery, helpers' access), then the sending of every queued message with the real Twilio
client to the loopback Twilio stub. It reports seconds, the CPU seconds of the worker and (on
PostgreSQL) of the database server during the sweep, messages/s and its peak memory (RSS).

The citizens are spread as in a normal week: deadlines evenly over the next 7 days, 2 % one day
past their deadline, 5 % exempt today, 20 % in a group without the duty. The sweep runs at 09:00
Danish time, so heads-ups, deadline-day reminders and missed-deadline notices are all due.
A second sweep right after shows the cost when there is nothing left to do.
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Citizen, Exemption, Jobcenter, JobSearchStatus, Message  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.notifications import worker  # noqa: E402
from app.rules.dates import DANISH_TIME  # noqa: E402
from bench.load import cpu_seconds  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402
from config import Production  # noqa: E402
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub  # noqa: E402

TODAY = date(2027, 3, 10)
NINE = datetime(2027, 3, 10, 9, 0, tzinfo=DANISH_TIME)
LANGUAGES = ("da", "da", "da", "ar", "uk", "en")
BATCH = 5000


def seed(count: int) -> None:
    """Insert the citizens, their status rows and exemptions in bulk (the bench measures the sweep)."""
    db.session.remove()  # PostgreSQL: an open transaction would hold locks DROP TABLE waits for
    db.drop_all()
    db.create_all()
    db.session.execute(
        insert(Jobcenter),
        [{"id": 1, "code": "bench", "name": "Jobcenter Bench", "phone": "70 12 34 56", "settings": {}}],
    )
    if db.engine.dialect.name == "postgresql":
        _seed_in_sql(count)  # the same rows, 1,000,000 in seconds instead of many minutes
        return
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        db.session.execute(insert(Citizen), [_citizen(n) for n in numbers])
        db.session.execute(insert(JobSearchStatus), [_status(n) for n in numbers])
        exempt = [
            {
                "citizen_id": n + 1,
                "kind": "holiday",
                "starts_on": TODAY - timedelta(days=1),
                "ends_on": TODAY + timedelta(days=3),
                "note": "",
            }
            for n in numbers
            if n % 20 == 7
        ]
        if exempt:
            db.session.execute(insert(Exemption), exempt)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh statistics, as autovacuum keeps them live
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def _seed_in_sql(count: int) -> None:
    """What the loop in `seed` inserts (`_citizen`, `_status`, every 20th exempt), by
    generate_series on PostgreSQL."""
    values = {"count": count, "today": TODAY, "now": utcnow().replace(tzinfo=None)}
    statements = [
        """INSERT INTO citizens (id, cpr, name, phone, phone_verified_at, language, preferred_channel,
                                 target_group, jobcenter_id, registered_on, address, created_at)
           SELECT n + 1, lpad(n::text, 10, '0'), 'Borger ' || n, '+4520' || lpad(n::text, 6, '0'), :now,
                  (ARRAY['da', 'da', 'da', 'ar', 'uk', 'en'])[n % 6 + 1], 'sms',
                  CASE WHEN n % 5 = 0 THEN 'kontanthjaelp_aktivitetsparat' ELSE 'dagpenge' END,
                  1, CAST(:today AS date) - 60, '', :now
           FROM generate_series(0, :count - 1) AS n""",
        """INSERT INTO job_search_status (citizen_id, due_on, deadline_on, stage, reminders_sent,
                                          clock_started_on, updated_at)
           SELECT n + 1, due, due, 'open', CASE WHEN due <= CAST(:today AS date) THEN 1 ELSE 0 END,
                  coalesce(due - 7, CAST(:today AS date) - 60), :now
           FROM generate_series(0, :count - 1) AS n,
                LATERAL (SELECT CASE WHEN n % 5 = 0 THEN NULL
                                     WHEN n % 50 = 1 THEN CAST(:today AS date) - 1
                                     ELSE CAST(:today AS date) + n % 7 END AS due) AS d""",
        """INSERT INTO exemptions (citizen_id, kind, starts_on, ends_on, note, created_at)
           SELECT n + 1, 'holiday', CAST(:today AS date) - 1, CAST(:today AS date) + 3, '', :now
           FROM generate_series(0, :count - 1) AS n WHERE n % 20 = 7""",
    ]
    for statement in statements:  # one by one: psycopg binds parameters to one statement
        db.session.execute(text(statement), values)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def _citizen(n: int) -> dict:
    return {
        "id": n + 1,
        "cpr": f"{n:010d}",
        "name": f"Borger {n}",
        "phone": f"+4520{n:06d}",
        "phone_verified_at": utcnow(),
        "language": LANGUAGES[n % len(LANGUAGES)],
        "preferred_channel": "sms",
        "target_group": "kontanthjaelp_aktivitetsparat" if n % 5 == 0 else "dagpenge",
        "jobcenter_id": 1,
        "registered_on": TODAY - timedelta(days=60),
        "address": "",
    }


def _status(n: int) -> dict:
    if n % 5 == 0:  # no duty
        return {
            "citizen_id": n + 1,
            "due_on": None,
            "deadline_on": None,
            "stage": "open",
            "reminders_sent": 0,
            "clock_started_on": TODAY - timedelta(days=60),
        }
    due = TODAY - timedelta(days=1) if n % 50 == 1 else TODAY + timedelta(days=n % 7)
    return {
        "citizen_id": n + 1,
        "due_on": due,
        "deadline_on": due,
        "stage": "open",
        "reminders_sent": 1 if due <= TODAY else 0,
        "clock_started_on": due - timedelta(days=7),
    }


def make_app(url: str, stub_url: str = "http://127.0.0.1:9", threads: int = 1):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=stub_url,
        OUTBOX_SEND_THREADS=threads,
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def worker_process(url: str, stub_url: str, threads: int, send: bool, report) -> None:
    """What the worker does at 09:00: one sweep, a second (finds nothing), then send everything."""
    with make_app(url, stub_url, threads).app_context():
        server = database_server_pid()
        start, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_of(server)
        worker.sweep_reminders(NINE)
        swept = time.perf_counter() - start
        cpu, server_cpu = time.process_time() - cpu, _cpu_of(server) - server_cpu
        queued = db.session.scalar(select(func.count()).select_from(Message))
        sweep_peak = peak_mb()
        start = time.perf_counter()
        worker.sweep_reminders(NINE)
        again = time.perf_counter() - start
        assert db.session.scalar(select(func.count()).select_from(Message)) == queued, "queued twice"
        start = time.perf_counter()
        sent = worker.run_once(now=NINE, batch=200) if send else 0
        report.put(
            {
                "swept": swept,
                "cpu": cpu,
                "server_cpu": server_cpu,
                "queued": queued,
                "again": again,
                "sweep_peak": sweep_peak,
                "sent": sent,
                "sending": time.perf_counter() - start,
                "peak": peak_mb(),
            }
        )


def database_server_pid() -> int | None:
    """PostgreSQL's postmaster (the parent of our backend), whose processes do the database's
    share of the sweep; None on SQLite (it runs inside the worker)."""
    if db.engine.dialect.name != "postgresql":
        return None
    backend = db.session.scalar(text("SELECT pg_backend_pid()"))
    db.session.commit()
    return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _cpu_of(pid: int | None) -> float:
    """The CPU of the server's processes alive now, and of those that ended and were reaped: a
    backend replaced when the pool recycles its connection (a sweep of minutes), the parallel
    query workers, autovacuum. Without the reaped ones a 5-minute sweep showed 1.8 s."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime + cstime
    return cpu_seconds(pid) + reaped


def run(url: str, stub, count: int, threads: int, send: bool) -> dict:
    with make_app(url).app_context():
        seed(count)
        db.session.remove()
        db.engine.dispose()  # the worker is another process with its own connections
    stub.received.clear()
    spawn = multiprocessing.get_context("spawn")  # a clean process: its memory is the worker's own
    report = spawn.Queue()
    process = spawn.Process(target=worker_process, args=(url, stub.base_url, threads, send, report))
    process.start()
    figures = report.get()
    process.join()
    assert len(stub.received) == figures["sent"] == (figures["queued"] if send else 0), "not all sent"
    assert len({r.to for r in stub.received}) == figures["sent"], "a citizen got two reminders"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("citizens", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--sweep-only", action="store_true", help="do not send (1,000,000: ~228,000 SMS)")
    parser.add_argument(
        "--threads",
        type=int,
        default=Production.OUTBOX_SEND_THREADS,
        help=f"OUTBOX_SEND_THREADS (production: {Production.OUTBOX_SEND_THREADS})",
    )
    parser.add_argument(
        "--twilio-latency",
        type=float,
        default=0.0,
        help="seconds the stub takes per message (the real API: about 0.1-0.3)",
    )
    args = parser.parse_args()
    url = (
        os.environ.get("DATABASE_URL")
        or os.environ.get("TEST_DATABASE_URL")
        or f"sqlite:///{scratch_dir('sweep')}/sweep-bench.sqlite"
    )
    stub = start_twilio_stub()
    stub.latency = args.twilio_latency
    send = not args.sweep_only
    print(
        "load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
        f"\ndatabase: {db_name(url)}; one worker process, {args.threads} sending threads; Twilio client "
        f"to the loopback stub answering in {args.twilio_latency * 1000:.0f} ms\n",
    )
    print(
        "| citizens | sweep s | worker CPU s | database CPU s | queued | queued/s | 2nd sweep s "
        "| sweep peak MB | sending s | sent/s | worker peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for count in args.citizens:
        print(table_row(count, run(url, stub, count, args.threads, send), send), flush=True)
    stub.stop()
    # The figures of a loaded machine are not those of an idle one: say how loaded it was.
    print("\nload average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with make_app(url).app_context():
        db.drop_all()


def table_row(count: int, f: dict, sent: bool) -> str:
    sending = "not sent | |"
    if sent:
        sending = f"{f['sending']:.1f} | {f['sent'] / f['sending']:,.0f} | {f['peak']:.0f}"
    return (
        f"| {count:,} | {f['swept']:.1f} | {f['cpu']:.1f} | {f['server_cpu']:.1f} | {f['queued']:,} "
        f"| {f['queued'] / f['swept']:,.0f} "
        f"| {f['again']:.1f} | {f['sweep_peak']:.0f} | {sending} |"
    )


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite (file)"


if __name__ == "__main__":
    main()
