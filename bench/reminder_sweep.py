"""One reminder sweep for 10,000 and 100,000 citizens: how long it takes, and what it does.

Run: .venv/bin/python bench/reminder_sweep.py [N ...]   (default 10000 100000)
SQLite by default (a fresh file); DATABASE_URL or TEST_DATABASE_URL picks another database, e.g.
    scripts/with-postgres.sh .venv/bin/python bench/reminder_sweep.py

The citizens are spread as in a normal week: deadlines evenly over the next 7 days, 2 % one day
past their deadline, 5 % exempt today, 20 % in a group without the duty. The sweep runs at 09:00
Danish time, so heads-ups, deadline-day reminders and missed-deadline notices are all due.
A second sweep right after shows the cost when there is nothing left to do.
"""

import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.job_search import reminders  # noqa: E402
from app.models import Citizen, Exemption, Jobcenter, JobSearchStatus, Message  # noqa: E402
from app.models.types import utcnow  # noqa: E402
from app.rules.job_search import DANISH_TIME  # noqa: E402

TODAY = date(2027, 3, 10)
NINE = datetime(2027, 3, 10, 9, 0, tzinfo=DANISH_TIME)
LANGUAGES = ("da", "da", "da", "ar", "uk", "en")
BATCH = 5000


def seed(count: int) -> None:
    """Insert the citizens, their status rows and exemptions in bulk (the bench measures the sweep)."""
    db.session.remove()  # PostgreSQL: an open transaction would hold locks DROP TABLE waits for
    db.drop_all()
    db.create_all()
    db.session.execute(insert(Jobcenter), [{"id": 1, "code": "bench", "name": "Jobcenter Bench",
                                            "phone": "70 12 34 56", "settings": {}}])
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        db.session.execute(insert(Citizen), [_citizen(n) for n in numbers])
        db.session.execute(insert(JobSearchStatus), [_status(n) for n in numbers])
        exempt = [{"citizen_id": n + 1, "kind": "ferie", "starts_on": TODAY - timedelta(days=1),
                   "ends_on": TODAY + timedelta(days=3), "note": ""} for n in numbers if n % 20 == 7]
        if exempt:
            db.session.execute(insert(Exemption), exempt)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh statistics, as autovacuum keeps them live
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def _citizen(n: int) -> dict:
    return {"id": n + 1, "cpr": f"{n:010d}", "name": f"Borger {n}", "phone": f"+4520{n:06d}",
            "phone_verified_at": utcnow(), "language": LANGUAGES[n % len(LANGUAGES)],
            "preferred_channel": "sms",
            "target_group": "kontanthjaelp_aktivitetsparat" if n % 5 == 0 else "dagpenge",
            "jobcenter_id": 1, "registered_on": TODAY - timedelta(days=60), "address": "",
            "wrong_codes": 0}


def _status(n: int) -> dict:
    if n % 5 == 0:  # no duty
        return {"citizen_id": n + 1, "due_on": None, "deadline_on": None, "stage": "open",
                "reminders_sent": 0, "clock_started_on": TODAY - timedelta(days=60)}
    due = TODAY - timedelta(days=1) if n % 50 == 1 else TODAY + timedelta(days=n % 7)
    return {"citizen_id": n + 1, "due_on": due, "deadline_on": due, "stage": "open",
            "reminders_sent": 1 if due <= TODAY else 0, "clock_started_on": due - timedelta(days=7)}


def sweep_once() -> tuple[float, reminders.SweepResult]:
    start = time.perf_counter()
    result = reminders.sweep(NINE)
    return time.perf_counter() - start, result


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    url = (os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
           or f"sqlite:///{tempfile.mkdtemp()}/sweep-bench.sqlite")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    print(f"database: {db_name(url)}")
    print(f"{'citizens':>9} | {'sweep s':>8} | {'misses':>6} | {'queued':>7} | {'msg/s':>7} | "
          f"{'2nd sweep s':>11}")
    with app.app_context():
        for count in counts:
            seed(count)
            seconds, result = sweep_once()
            again, second = sweep_once()
            queued = db.session.scalar(select(func.count()).select_from(Message))
            assert queued == result.messages and second.messages == 0, "a reminder was queued twice"
            print(f"{count:>9} | {seconds:>8.2f} | {result.misses:>6} | {queued:>7} | "
                  f"{queued / seconds:>7.0f} | {again:>11.2f}   {dict(sorted(result.queued.items()))}")
        db.session.remove()
        db.drop_all()


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite (file)"


if __name__ == "__main__":
    main()
