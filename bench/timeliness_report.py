"""The timeliness report (/medarbejder/rettidighed) for 10,000 meetings: the rows with their
outcome and evidence, the CSV, and the whole page through the app as a caseworker sees it.

Run: .venv/bin/python bench/timeliness_report.py [N ...]   (default 10000)
SQLite by default (a fresh file); on PostgreSQL:
    scripts/with-postgres.sh .venv/bin/python bench/timeliness_report.py 10000

Meetings are spread over one quarter among 5,000 citizens: every summons delivered by SMS,
some held, some absent, some cancelled with a reason, 5 % of the citizens on barsel.
"""

import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.audit import record_lookup  # noqa: E402
from app.extensions import db  # noqa: E402
from app.meetings import report  # noqa: E402
from app.models import Citizen, Exemption, Jobcenter, Meeting, Message, StaffUser  # noqa: E402
from app.rules.dates import DANISH_TIME  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402

FIRST_DAY, LAST_DAY = date(2027, 1, 1), date(2027, 3, 31)
NOW = datetime(2027, 4, 15, 12, tzinfo=UTC)
STATUSES = ("held", "held", "held", "absent", "cancelled_by_citizen", "booked")
BATCH = 5000


def seed(count: int) -> None:
    db.session.remove()
    db.drop_all()
    db.create_all()
    db.session.execute(
        insert(Jobcenter),
        [{"id": 1, "code": "bench", "name": "Jobcenter Bench", "phone": "70", "settings": {}}],
    )
    db.session.execute(
        insert(StaffUser),
        [
            {
                "id": n,
                "email": f"s{n}@x.dk",
                "name": f"Sagsbehandler {n}",
                "role": "caseworker",
                "jobcenter_id": 1,
            }
            for n in range(1, 21)
        ],
    )
    citizens = max(count // 2, 1)
    for start in range(0, citizens, BATCH):
        numbers = range(start, min(start + BATCH, citizens))
        db.session.execute(insert(Citizen), [_citizen(n) for n in numbers])
        barsel = [_barsel(n) for n in numbers if n % 20 == 0]
        if barsel:
            db.session.execute(insert(Exemption), barsel)
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        db.session.execute(insert(Message), [_message(n) for n in numbers])
        db.session.execute(insert(Meeting), [_meeting(n, citizens) for n in numbers])
    db.session.commit()


def _citizen(n: int) -> dict:
    return {
        "id": n + 1,
        "cpr": f"{n:010d}",
        "name": f"Borger {n}",
        "phone": f"+4520{n:06d}",
        "language": "da",
        "preferred_channel": "sms",
        "target_group": "kontanthjaelp_aktivitetsparat",
        "jobcenter_id": 1,
        "registered_on": date(2026, 10, 1),
        "address": "",
        "created_at": NOW,
    }


def _barsel(n: int) -> dict:
    return {
        "citizen_id": n + 1,
        "kind": "parental_leave",
        "starts_on": date(2026, 12, 1),
        "ends_on": date(2027, 9, 1),
        "note": "",
        "created_at": NOW,
    }


def _starts(n: int) -> datetime:
    day = FIRST_DAY + timedelta(days=n % 88)
    return datetime(day.year, day.month, day.day, 8 + n % 8, tzinfo=DANISH_TIME).astimezone(UTC)


def _message(n: int) -> dict:
    sent = _starts(n) - timedelta(days=10)
    return {
        "id": n + 1,
        "purpose": "meeting_summons",
        "channel": "sms",
        "language": "da",
        "recipient": "+4520000000",
        "subject": "",
        "body": "x",
        "context": {},
        "status": "delivered",
        "priority": 1,
        "attempts": 1,
        "next_attempt_at": sent,
        "last_error": "",
        "created_at": sent,
        "sent_at": sent,
        "delivered_at": sent + timedelta(seconds=4),
    }


def _meeting(n: int, citizens: int) -> dict:
    starts = _starts(n)
    status = STATUSES[n % len(STATUSES)]
    cancelled = status == "cancelled_by_citizen"
    return {
        "id": n + 1,
        "citizen_id": n % citizens + 1,
        "caseworker_id": n % 20 + 1,
        "kind": "jobsamtale",
        "form": "in_person",
        "starts_at": starts,
        "minutes": 30,
        "place": "Jobcentret",
        "video_link": "",
        "agenda": "",
        "status": status,
        "sequence": 0,
        "deadline_on": (starts + timedelta(days=20)).date(),
        "created_at": starts - timedelta(days=10),
        "summoned_at": starts - timedelta(days=10),
        "summons_message_id": n + 1,
        "outcome_note": "",
        "outcome_by": "",
        "citizen_reason": "job" if cancelled else "",
        "citizen_reason_text": "",
        "citizen_wish": "",
        "citizen_answered_at": starts - timedelta(days=1) if cancelled else None,
        "citizen_answered_by": "",
        "actor_type": "staff",
        "actor_id": 1,
        "actor_label": "Sagsbehandler 1",
    }


def measure(count: int) -> None:
    seed(count)
    wanted = report.ReportFilter(1, FIRST_DAY, LAST_DAY)
    started = time.perf_counter()
    rows = report.rows(wanted, NOW)
    rows_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report.as_csv(rows)
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    record_lookup(db.session.get(StaffUser, 1), "timeliness_report", [row.citizen_id for row in rows])
    audit_seconds = time.perf_counter() - started
    counts = report.counts(rows)
    page_seconds = _page_seconds()
    db.session.remove()
    print(
        f"{count:>7} meetings: rows {rows_seconds:.2f} s, CSV {csv_seconds:.2f} s, "
        f"look-up audit {audit_seconds:.2f} s; the whole page {page_seconds:.2f} s; {counts}"
    )


def _page_seconds() -> float:
    """The page as a caseworker opens it: filters, rows, HTML, the look-up audit."""
    from flask import current_app
    from flask_login import login_user

    from app.meetings.staff_routes import timeliness

    query = f"first_day={FIRST_DAY.isoformat()}&last_day={LAST_DAY.isoformat()}"
    for _first_and_second in range(2):  # the first also compresses the static files once
        with current_app.test_request_context(f"/medarbejder/rettidighed?{query}"):
            login_user(db.session.get(StaffUser, 1))
            started = time.perf_counter()
            _page, status = timeliness.__wrapped__()
            assert status == 200
            seconds = time.perf_counter() - started
    return seconds


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [10000]
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    url = url or f"sqlite:///{scratch_dir('timeliness') / 'timeliness.sqlite'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        print(f"database: {db.engine.dialect.name}")
        for count in counts:
            measure(count)


if __name__ == "__main__":
    main()
