"""The set-based sweep (plain columns, message rows without ORM objects, COPY on PostgreSQL) does
exactly what the sweep of one ORM citizen at a time did: the same messages (recipient, purpose,
channel, language, texts, context, deduplication key), the same misses, audit events and status
rows, for a varied population swept every morning for five weeks.

The old per-citizen functions are kept below as the oracle."""

from contextlib import suppress
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app import audit
from app.extensions import db
from app.job_search import reminders, services
from app.job_search.links import _signer, link_for, link_maker, token_for
from app.models import AuditEvent, Citizen, Exemption, JobSearchMiss, JobSearchStatus, Message
from app.models.types import utcnow
from app.notifications import bulk
from app.notifications.outbox import add_all_once, prepare
from app.plan.purposes import PLAN_REMINDER
from app.rules import job_search as rules
from app.rules.dates import DANISH_TIME, numeric_date
from app.sickness.purposes import SICKNESS_RECOVERY_REMINDER
from app.urls import external_url
from tests.conftest import empty_all_tables
from tests.factories import make_jobcenter

MON = date(2027, 3, 1)
LANGUAGES = ("da", "en", "ar", "uk")


def at(day: int, hour: int = 9) -> datetime:
    return datetime.combine(MON + timedelta(days=day), time(hour), tzinfo=DANISH_TIME)


def contact_fields(n: int) -> dict:
    """Every mix of phone (verified or not, STOP), e-mail (verified or not) and preferred channel."""
    verified = utcnow()
    return {
        "phone": None if n % 5 == 0 else f"+452000{n:04d}",
        "phone_verified_at": None if n % 5 == 1 else verified,
        "sms_stopped_at": verified if n % 7 == 2 else None,
        "email": f"borger{n}@example.dk" if n % 3 else None,
        "email_verified_at": verified if n % 4 else None,
        "preferred_channel": ("sms", "email", "letter")[n % 3],
        "language": LANGUAGES[n % 4],
        "address": "" if n % 6 == 0 else f"Vejen {n}\n8000 Aarhus C",
    }


def populate() -> None:
    """60 citizens of two jobcenters (their own heads-up days), registered on different days;
    some exempt (a holiday over a send day, a sickness that ends, an open-ended one), some
    without the duty. Explicit ids, so two runs give the same deduplication keys and links."""
    jobcenters = [
        make_jobcenter(code="aarhus", id=1, phone="70 12 34 56"),
        make_jobcenter(
            code="odense", id=2, phone="66 11 22 33", settings={"job_search": {"heads_up_days": 3}}
        ),
    ]
    for n in range(1, 61):
        db.session.add(
            Citizen(
                id=n,
                cpr=f"01017{n:05d}",
                name=f"Borger Nummer {n}",
                jobcenter=jobcenters[n % 2],
                target_group="kontanthjaelp_aktivitetsparat" if n % 11 == 0 else "dagpenge",
                registered_on=MON + timedelta(days=n % 9),
                **contact_fields(n),
            )
        )
        if n % 8 == 3:
            db.session.add(
                Exemption(
                    citizen_id=n,
                    kind="holiday",
                    starts_on=MON + timedelta(days=n % 10),
                    ends_on=MON + timedelta(days=n % 10 + 2),
                )
            )
        if n % 13 == 4:
            db.session.add(
                Exemption(
                    citizen_id=n,
                    kind="sickness",
                    starts_on=MON + timedelta(days=12),
                    ends_on=MON + timedelta(days=15),
                )
            )
        if n % 17 == 5:
            db.session.add(
                Exemption(
                    citizen_id=n, kind="parental_leave", starts_on=MON + timedelta(days=20), ends_on=None
                )
            )
    db.session.commit()


def five_weeks() -> list[str]:
    """A sweep every morning (on Mondays a second at 09:05, which finds nothing); a third of the
    citizens confirm on some days, so some periods are answered and some missed."""
    results = []
    for day in range(35):
        for n in range(3, 61, 3):
            if (n + day) % 10 == 0:
                citizen = db.session.get(Citizen, n)
                with suppress(services.NoDutyNow):  # exempt today, or the duty does not apply
                    services.confirm(citizen, "web", services.Actor.of_citizen(citizen), at(day, 8))
                db.session.commit()
        results.append(str(reminders.sweep(at(day))))
        if day % 7 == 0:
            results.append(str(reminders.sweep(at(day) + timedelta(minutes=5))))
    return results


STORED_FIELDS = (
    "citizen_id",
    "purpose",
    "channel",
    "language",
    "recipient",
    "subject",
    "body",
    "context",
    "status",
    "priority",
    "attempts",
    "last_error",
    "maybe_sent",
    "created_at",
    "next_attempt_at",
)


def stored_fields(message: Message) -> tuple:
    """Everything a sweep writes into a message row, but its key."""
    return tuple(getattr(message, name) for name in STORED_FIELDS)


def everything() -> dict:
    messages = db.session.scalars(select(Message).order_by(Message.dedup_key)).all()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    return {
        "messages": [(*stored_fields(m), m.dedup_key) for m in messages],
        "misses": sorted(
            (m.citizen_id, m.due_on, m.deadline_on, m.stage_before)
            for m in db.session.scalars(select(JobSearchMiss))
        ),
        "audit": [
            (
                e.action,
                e.actor_type,
                e.actor_id,
                e.actor_label,
                e.citizen_id,
                e.object_type,
                # The confirmations' ids come from a sequence PostgreSQL does not reset; the
                # sweep's own events name no id.
                e.object_id if e.object_type != "JobSearchConfirmation" else "",
                e.details,
            )
            for e in events
        ],
        "statuses": sorted(
            (s.citizen_id, s.due_on, s.deadline_on, s.stage, s.reminders_sent, s.last_confirmed_on)
            for s in db.session.scalars(select(JobSearchStatus))
        ),
    }


def test_the_set_based_sweep_queues_what_the_per_citizen_sweep_did(app, monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK", 7)  # several chunks per query: the keyset paging too
    populate()
    with monkeypatch.context() as old:
        old.setattr(reminders, "_record_misses", old_record_misses)
        old.setattr(reminders, "_queue_reminders", old_queue_reminders)
        expected_results = five_weeks()
    expected = everything()
    db.session.remove()
    empty_all_tables()

    populate()
    results = five_weeks()

    assert results == expected_results
    got = everything()
    for part in ("messages", "misses", "audit", "statuses"):
        assert got[part] == expected[part], part
    purposes = {(m[1], m[2], m[3]) for m in got["messages"]}
    # The population reaches every kind of reminder, every channel and every language.
    assert {p for p, _, _ in purposes} >= {
        "job_search_heads_up",
        "job_search_due",
        "job_search_missed",
        "job_search_follow_up",
    }
    assert {c for _, c, _ in purposes} == {"sms", "email", "letter"}
    assert {lang for _, _, lang in purposes} == set(LANGUAGES)


def contact_of(citizen: Citizen) -> SimpleNamespace:
    """What a sweep selects of the citizen: its id as `citizen_id`, and CONTACT_COLUMNS."""
    columns = {column.key: getattr(citizen, column.key) for column in bulk.CONTACT_COLUMNS}
    return SimpleNamespace(citizen_id=citizen.id, **columns)


SWEPT_PURPOSES = (
    *sorted(
        {kind.purpose for kind in (reminders.HEADS_UP, reminders.DUE, reminders.MISSED, reminders.FOLLOW_UP)}
    ),
    PLAN_REMINDER.name,
    SICKNESS_RECOVERY_REMINDER.name,
)


def test_a_message_of_plain_columns_is_the_message_of_the_citizen(app):
    """Every purpose a set-based sweep queues (job search, Min Plan, recovery), for every mix of
    channels and languages: the row of `bulk.citizen_message` is the row of `outbox.prepare`."""
    now = at(3)
    context = {
        "date": "08.03.2027",
        "phone": "70 12 34 56",
        "link": "https://x/j/ab-cd.ef",
        "url": "https://x",
    }
    for n in range(60):
        citizen = Citizen(id=n, name=f"Borger {n}", **contact_fields(n))
        contact = SimpleNamespace(
            citizen_id=n, **{c.key: getattr(citizen, c.key) for c in bulk.CONTACT_COLUMNS}
        )
        for purpose in SWEPT_PURPOSES:
            expected = prepare(purpose, citizen, context, dedup_key=f"k{n}", now=now)
            assert bulk.citizen_message(purpose, contact, context, f"k{n}", now) == expected, (purpose, n)


def test_a_link_is_the_signers_own_token(app):
    for citizen_id, day in ((1, MON), (123_456, date(2031, 12, 31)), (10**9, date(2026, 1, 1))):
        payload = token_for(citizen_id, day).rsplit(".", 1)[0]
        assert token_for(citizen_id, day) == _signer().sign(payload).decode()
        assert link_maker()(citizen_id, day) == link_for(citizen_id, day)


def test_rows_go_in_once_whatever_their_time_zone(app):
    """COPY on PostgreSQL stores the same moment as the ORM would (naive UTC), and a taken
    deduplication key is skipped, within a chunk too."""
    citizen = Citizen(
        id=1,
        cpr="0101700001",
        name="A",
        jobcenter=make_jobcenter(id=1),
        target_group="dagpenge",
        registered_on=MON,
        **contact_fields(7),
    )
    db.session.add(citizen)
    db.session.commit()
    now = at(3, 9)  # Danish time, not UTC
    contact = db.session.execute(
        select(Citizen.id.label("citizen_id"), *bulk.CONTACT_COLUMNS).where(Citizen.id == 1)
    ).one()
    row = bulk.citizen_message(
        "job_search_due", contact, {"date": "1", "phone": "2", "link": "3", "url": "4"}, "k1", now
    )
    assert bulk.add_once([row, dict(row)]) == 1
    assert bulk.add_once([row, {**row, "dedup_key": "k2"}]) == 1
    db.session.commit()
    stored = db.session.scalars(select(Message).order_by(Message.id)).all()
    assert [m.dedup_key for m in stored] == ["k1", "k2"]
    assert stored[0].created_at == stored[0].next_attempt_at == now
    assert stored[0].context == {"date": "1", "phone": "2", "link": "3", "url": "4"}


# The sweep of one ORM citizen at a time, as it was before the set-based one: the oracle.


def old_in_jobcenter(jobcenter, *conditions):
    return (
        select(JobSearchStatus, Citizen)
        .join(Citizen, Citizen.id == JobSearchStatus.citizen_id)
        .where(Citizen.jobcenter_id == jobcenter.id, *conditions)
        .order_by(JobSearchStatus.citizen_id)
        .limit(reminders.CHUNK)
    )


def old_in_chunks(query):
    after = 0
    while rows := db.session.execute(query.where(JobSearchStatus.citizen_id > after)).all():
        last = rows[-1][0].citizen_id
        yield rows
        after = last


def old_record_misses(jobcenter, settings, today):
    overdue = old_in_jobcenter(
        jobcenter,
        JobSearchStatus.stage.in_((rules.OPEN, rules.EXTENDED)),
        JobSearchStatus.deadline_on < today,
        reminders.not_exempt_on(today),
    ).options(selectinload(Citizen.exemptions))
    recorded = 0
    for rows in old_in_chunks(overdue):
        earlier = reminders._first_misses_within_a_year([status.citizen_id for status, _ in rows], today)
        for status, citizen in rows:
            old_record_miss(status, citizen, earlier.get(citizen.id, 0), settings)
        recorded += len(rows)
        db.session.commit()
    return recorded


def old_record_miss(status, citizen, earlier_misses, settings):
    db.session.add(
        JobSearchMiss(
            citizen_id=citizen.id,
            due_on=status.due_on,
            deadline_on=status.deadline_on,
            stage_before=status.stage,
        )
    )
    miss = rules.after_miss(
        status.stage,
        status.due_on,
        status.deadline_on,
        earlier_misses,
        services.periods_of(citizen),
        settings,
    )
    audit.record(
        "job_search.missed",
        actor_type="system",
        citizen_id=citizen.id,
        obj=status,
        due_on=status.due_on.isoformat(),
        deadline_on=status.deadline_on.isoformat(),
        stage=miss.stage,
    )
    status.stage, status.deadline_on = miss.stage, miss.deadline_on


def old_queue_reminders(jobcenter, settings, kind, today, now):
    query = old_in_jobcenter(
        jobcenter, *reminders._conditions(kind, settings, today), reminders.not_exempt_on(today)
    )
    queued = 0
    for rows in old_in_chunks(query):
        messages = [old_reminder(status, citizen, kind, now) for status, citizen in rows]
        queued += add_all_once([message for message in messages if message])
        db.session.execute(
            update(JobSearchStatus)
            .where(JobSearchStatus.citizen_id.in_([status.citizen_id for status, _ in rows]))
            .values(reminders_sent=kind.rank)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return queued


def old_reminder(status, citizen, kind, now):
    context = {
        "date": numeric_date(status.deadline_on or status.due_on),
        "phone": citizen.jobcenter.phone,
        "link": link_for(citizen.id, status.due_on),
        "url": external_url("public.landing"),
    }
    dedup_key = f"js:{citizen.id}:{status.due_on.isoformat()}:{kind.name}"
    return prepare(kind.purpose, citizen, context, dedup_key=dedup_key, now=now)


def test_rows_the_database_builds_are_the_rows_python_builds(app):
    """`bulk.add_for_citizens` (on PostgreSQL: channel, recipient, texts and context built in
    SQL from texts rendered once per group) stores what `citizen_message` rows store, for every
    mix of channels, every language, names with spaces around them and several groups."""
    jobcenter = make_jobcenter(id=1)
    for n in range(1, 61):
        name = f"  Borger {n}\t" if n % 9 == 0 else f"Borger {n}"
        db.session.add(
            Citizen(
                id=n,
                cpr=f"01017{n:05d}",
                name=name,
                jobcenter=jobcenter,
                target_group="dagpenge",
                registered_on=MON,
                **contact_fields(n),
            )
        )
    db.session.commit()
    contacts = db.session.execute(
        select(Citizen.id.label("citizen_id"), *bulk.CONTACT_COLUMNS).order_by(Citizen.id)
    ).all()
    now = at(3)

    def entries(prefix: str) -> list[tuple]:
        return [
            (
                contact,
                {
                    "date": numeric_date(MON + timedelta(days=contact.citizen_id % 2)),
                    "phone": "70 12 34 56",
                    "link": f"https://x/j/{contact.citizen_id}-ab.cd",
                    "url": "https://x",
                },
                f"{prefix}:{contact.citizen_id}",
            )
            for contact in contacts
        ]

    for purpose in SWEPT_PURPOSES[:4]:  # the job-search reminders
        in_python = [bulk.citizen_message(purpose, *entry, now) for entry in entries(f"py:{purpose}")]
        expected = bulk.add_once([message for message in in_python if message])
        assert bulk.add_for_citizens(purpose, entries(f"db:{purpose}"), "link", now) == expected
        assert bulk.add_for_citizens(purpose, entries(f"db:{purpose}"), "link", now) == 0  # taken keys
    db.session.commit()

    def stored(prefix: str) -> list[tuple]:
        messages = db.session.scalars(select(Message).where(Message.dedup_key.startswith(prefix)))
        return sorted((m.dedup_key.split(":", 1)[1], *stored_fields(m)) for m in messages)

    assert stored("db:") == stored("py:")
    assert {m[3] for m in stored("db:")} == {"sms", "email", "letter"}
