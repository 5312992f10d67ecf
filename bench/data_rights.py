"""Figures for issue 21: the copy of all data (time and size) for the richest demo citizen and for
a citizen with 300 files, and the nightly retention job's time for N messages.

Run: .venv/bin/python bench/data_rights.py export
     scripts/with-postgres.sh .venv/bin/python bench/data_rights.py retention 1000000
     scripts/with-postgres.sh .venv/bin/python bench/data_rights.py ended 10000
("ended": N closed cases past their last period and N open ones, each with 5 messages, 5 audit
events, 2 job-search confirmations, 3 meetings and a plan version; the night empties the closed ones.)
SQLite by default (a fresh file); DATABASE_URL or TEST_DATABASE_URL picks another database.
The files of the 300-file citizen are 400 KB of random bytes each (a phone photo does not compress).
"""

import argparse
import os
import secrets
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.claims.storage import current_storage  # noqa: E402
from app.demo import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    AuditEvent,
    Citizen,
    Claim,
    ClaimFile,
    Jobcenter,
    JobSearchConfirmation,
    Meeting,
    Message,
    PlanVersion,
)
from app.models.types import utcnow  # noqa: E402
from app.rights.export import export_zip  # noqa: E402
from app.rights.retention import apply_retention  # noqa: E402
from bench.scratch import scratch_dir  # noqa: E402

BATCH = 10_000


def make_app(folder: Path):
    url = (
        os.environ.get("DATABASE_URL")
        or os.environ.get("TEST_DATABASE_URL")
        or f"sqlite:///{folder}/bench.sqlite"
    )
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(folder / "uploads"))


def fresh_database() -> None:
    db.session.remove()
    db.drop_all()
    db.create_all()


def timed_export(citizen: Citizen) -> str:
    started = time.perf_counter()
    archive = export_zip(citizen, citizen.language)
    seconds = time.perf_counter() - started
    return f"{citizen.name} ({citizen.language}): {seconds:.2f} s, {len(archive) / 1024:.0f} KB"


def richest_demo_citizen() -> Citizen:
    """The demo citizen with the most audit events, messages and files together."""

    def weight(citizen):
        return sum(
            db.session.scalar(select(func.count()).select_from(model).where(model.citizen_id == citizen.id))
            for model in (AuditEvent, Message, ClaimFile)
        )

    return max(db.session.scalars(select(Citizen)), key=weight)


def with_300_files(jobcenter_id: int) -> Citizen:
    citizen = Citizen(
        cpr="3112999999",
        name="Bench Filer",
        language="da",
        target_group="dagpenge",
        jobcenter_id=jobcenter_id,
        registered_on=date(2026, 1, 5),
        phone="+4529999999",
    )
    db.session.add(citizen)
    db.session.flush()
    for number in range(100):
        claim = Claim(
            citizen_id=citizen.id,
            category="transport",
            amount_ore=10_000 + number,
            invoice_date=date(2026, 11, 2),
            vendor=f"Vendor {number}",
            invoice_number=str(number),
            description="",
            status="approved",
            actor_type="citizen",
            actor_id=citizen.id,
            actor_label=citizen.name,
        )
        db.session.add(claim)
        db.session.flush()
        for copy in range(3):
            data = secrets.token_bytes(400 * 1024)
            name = f"{secrets.token_hex(16)}.jpg"
            current_storage().save(name, data)
            db.session.add(
                ClaimFile(
                    citizen_id=citizen.id,
                    claim_id=claim.id,
                    stored_name=name,
                    original_name=f"kvittering-{number}-{copy}.jpg",
                    content_type="image/jpeg",
                    size=len(data),
                    sha256="0" * 64,
                )
            )
    db.session.commit()
    return citizen


def bench_export() -> None:
    fresh_database()
    load_demo_data()
    print("richest demo citizen:", timed_export(richest_demo_citizen()))
    jobcenter_id = db.session.scalar(select(Jobcenter.id).limit(1))
    print("300 files:", timed_export(with_300_files(jobcenter_id)))


def insert_citizens(count: int, closed_on: date | None = None, first_id: int = 1) -> None:
    rows = [
        {
            "id": n,
            "cpr": f"{n:010d}",
            "name": f"B {n}",
            "phone": f"+452{n:07d}",
            "language": "da",
            "target_group": "dagpenge",
            "jobcenter_id": 1,
            "registered_on": date(2016, 1, 5),
            "closed_on": closed_on,
        }
        for n in range(first_id, first_id + count)
    ]
    for start in range(0, count, BATCH):
        db.session.execute(insert(Citizen), rows[start : start + BATCH])


def bench_retention(count: int) -> None:
    fresh_database()
    db.session.execute(insert(Jobcenter), [{"id": 1, "code": "bench", "name": "Bench", "settings": {}}])
    citizens = max(1, count // 100)
    insert_citizens(citizens)
    sent = utcnow() - timedelta(days=100)
    for start in range(0, count, BATCH):
        db.session.execute(
            insert(Message),
            [
                {
                    "citizen_id": n % citizens + 1,
                    "purpose": "job_search_heads_up",
                    "channel": "sms",
                    "language": "da",
                    "recipient": "+4520000000",
                    "subject": "",
                    "body": "Husk at bekræfte din jobsøgning senest fredag.",
                    "context": {},
                    "status": "delivered",
                    "created_at": sent,
                    "sent_at": sent,
                    "next_attempt_at": sent,
                }
                for n in range(start, min(start + BATCH, count))
            ],
        )
        db.session.commit()
    analyze()
    started = time.perf_counter()
    counts = apply_retention(utcnow())
    seconds = time.perf_counter() - started
    print(f"retention on {db.engine.dialect.name}, {count} messages: {seconds:.1f} s, {counts}")
    started = time.perf_counter()
    apply_retention(utcnow())
    print(f"the next night, nothing due: {time.perf_counter() - started:.2f} s")


def analyze() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would have them by night."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def bench_ended(count: int) -> None:
    """The night `count` closed cases pass their last period, beside `count` open ones."""
    fresh_database()
    db.session.execute(insert(Jobcenter), [{"id": 1, "code": "bench", "name": "Bench", "settings": {}}])
    insert_citizens(count, closed_on=date.today() - timedelta(days=6 * 365))
    insert_citizens(count, first_id=count + 1)
    for start in range(1, 2 * count + 1, BATCH // 10):
        case_rows(range(start, min(start + BATCH // 10, 2 * count + 1)))
        db.session.commit()
    analyze()
    started = time.perf_counter()
    counts = apply_retention(utcnow())
    seconds = time.perf_counter() - started
    print(
        f"end of the last period on {db.engine.dialect.name}, {count} closed cases: {seconds:.1f} s, {counts}"
    )
    left = db.session.scalar(select(func.count(Message.id)))
    print(f"messages left (the open cases' {5 * count}): {left}")


def case_rows(ids: range) -> None:
    """5 messages, 5 audit events, 2 confirmations, 3 meetings and a published plan version per
    citizen (PostgreSQL checks each deleted message against the meetings)."""
    moment = utcnow() - timedelta(days=7 * 365)
    message = {"purpose": "job_search_heads_up", "channel": "sms", "language": "da",
               "recipient": "+4520000000", "subject": "", "body": "", "context": {}, "status": "delivered",
               "created_at": moment, "sent_at": moment, "next_attempt_at": moment}  # fmt: skip
    db.session.execute(insert(Message), [{**message, "citizen_id": n} for n in ids for _ in range(5)])
    event = {"at": moment, "actor_type": "citizen", "actor_label": "B", "action": "job_search.confirmed",
             "object_type": "", "object_id": "", "details": {"channel": "sms"}}  # fmt: skip
    db.session.execute(insert(AuditEvent), [{**event, "citizen_id": n} for n in ids for _ in range(5)])
    confirmations = [
        {
            "citizen_id": n,
            "due_on": date(2019, 1, 7 + day),
            "confirmed_on": date(2019, 1, 7 + day),
            "confirmed_at": moment,
            "channel": "web",
            "actor_type": "citizen",
            "actor_id": n,
        }  # fmt: skip
        for n in ids
        for day in (0, 7)
    ]
    db.session.execute(insert(JobSearchConfirmation), confirmations)
    versions = [{"citizen_id": n, "number": 1, "status": "published", "goals": "Job"} for n in ids]
    db.session.execute(insert(PlanVersion), versions)
    meetings = [{"citizen_id": n, "kind": "jobsamtale", "form": "phone", "starts_at": moment,
                 "actor_type": "staff"} for n in ids for _ in range(3)]  # fmt: skip
    db.session.execute(insert(Meeting), meetings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["export", "retention", "ended"])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    arguments = parser.parse_args()
    app = make_app(scratch_dir("rights"))
    with app.app_context(), app.test_request_context():
        if arguments.what == "export":
            bench_export()
        else:
            (bench_retention if arguments.what == "retention" else bench_ended)(arguments.count)


if __name__ == "__main__":
    main()
