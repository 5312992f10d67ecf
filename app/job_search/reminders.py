"""The reminder scheduler: one sweep records missed deadlines and queues the reminders now due.

The worker runs a sweep every few minutes; `flask reminders run` runs one by hand. Each step
selects only the citizens it concerns with an indexed query (never every citizen in Python),
works through them in chunks and commits each chunk with the status change that marks the
reminder as sent. The messages of a chunk are inserted in one statement that skips any whose
deduplication key (citizen, due date, stage) is taken, so a second sweep, a second worker or a
crash halfway is harmless: a reminder is queued once or not at all.
Nobody exempt on the day is reminded or marked as missed.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, insert, not_, or_, select, text, tuple_, update

from app import audit, periodic
from app.extensions import db
from app.job_search import purposes
from app.job_search.links import link_maker
from app.job_search.services import status_of
from app.models import AuditEvent, Citizen, Exemption, Jobcenter, JobSearchMiss, JobSearchStatus
from app.models.types import utcnow
from app.notifications import bulk
from app.notifications.reminder_time import reminders_may_go_out
from app.rules import dates
from app.rules import job_search as rules
from app.rules.dates import numeric_date
from app.urls import external_url

# Citizens per chunk: each chunk is one SELECT, one insert of its messages, one UPDATE and a commit.
CHUNK = 5000


@dataclass
class SweepResult:
    created_statuses: int = 0
    misses: int = 0
    queued: dict[str, int] = field(default_factory=dict)

    @property
    def messages(self) -> int:
        return sum(self.queued.values())

    def __str__(self) -> str:
        return (
            f"new status rows {self.created_statuses}, missed deadlines {self.misses}, "
            f"reminders queued {self.messages} {dict(sorted(self.queued.items()))}"
        )


@dataclass(frozen=True)
class ReminderKind:
    name: str  # key of rules.REMINDER_RANK, and the last part of the deduplication key
    purpose: str  # the message purpose (job_search/purposes.py says whether a letter is worth it)
    stage: str

    @property
    def rank(self) -> int:
        return rules.REMINDER_RANK[self.name]


HEADS_UP = ReminderKind("heads_up", purposes.JOB_SEARCH_HEADS_UP.name, rules.OPEN)
DUE = ReminderKind("due", purposes.JOB_SEARCH_DUE.name, rules.OPEN)
MISSED = ReminderKind("missed", purposes.JOB_SEARCH_MISSED.name, rules.EXTENDED)
EXTENDED_DUE = ReminderKind("extended_due", purposes.JOB_SEARCH_DUE.name, rules.EXTENDED)
FOLLOW_UP = ReminderKind("follow_up", purposes.JOB_SEARCH_FOLLOW_UP.name, rules.FOLLOW_UP)


def sweep(now: datetime) -> SweepResult:
    """One full round for every jobcenter, with each jobcenter's own settings."""
    result = SweepResult()
    today = dates.danish_today(now)
    result.created_statuses = _create_missing_statuses(today)
    for jobcenter in db.session.scalars(select(Jobcenter).order_by(Jobcenter.id)).all():
        settings = rules.JobSearchSettings.from_settings(jobcenter.settings)
        result.misses += _record_misses(jobcenter, settings, today)
        if reminders_may_go_out(now, today, dates.ReminderHours.from_settings(jobcenter.settings)):
            for kind in (HEADS_UP, DUE, MISSED, EXTENDED_DUE, FOLLOW_UP):
                count = _queue_reminders(jobcenter, settings, kind, today, now)
                result.queued[kind.name] = result.queued.get(kind.name, 0) + count
    return result


def not_exempt_on(day: date, citizen_id=JobSearchStatus.citizen_id):
    """SQL condition: the citizen (of the status row, or `citizen_id`) has no exemption covering `day`."""
    return not_(
        exists().where(
            Exemption.citizen_id == citizen_id,
            Exemption.starts_on <= day,
            or_(Exemption.ends_on.is_(None), Exemption.ends_on >= day),
        )
    )


def _create_missing_statuses(today: date) -> int:
    """Citizens added since the last sweep (or by an import) get their status row."""
    missing = select(Citizen).where(~exists().where(JobSearchStatus.citizen_id == Citizen.id)).limit(CHUNK)
    created = 0
    while citizens := db.session.scalars(missing).all():
        for citizen in citizens:
            status_of(citizen, today)
        created += len(citizens)
        db.session.commit()
    return created


# What a reminder needs, as plain columns: a sweep over 1,000,000 citizens builds no ORM object.
REMINDER_COLUMNS = (
    JobSearchStatus.citizen_id,
    JobSearchStatus.due_on,
    JobSearchStatus.deadline_on,
    JobSearchStatus.stage,
    JobSearchStatus.reminders_sent,
)
# The order of a reminder's chunks: that of the sweep's indexes (models/job_search.py).
NOT_YET_REMINDED = (JobSearchStatus.reminders_sent, JobSearchStatus.citizen_id)


def _in_jobcenter(jobcenter_id: int, *conditions, order=(JobSearchStatus.citizen_id,)):
    return (
        select(*REMINDER_COLUMNS, *bulk.contact_columns())
        .join(Citizen, Citizen.id == JobSearchStatus.citizen_id)
        .where(Citizen.jobcenter_id == jobcenter_id, *conditions)
        .order_by(*order)
        .limit(CHUNK)
    )


def _in_chunks(query, order=(JobSearchStatus.citizen_id,)):
    """The rows of `query` (plain values), chunk by chunk in `order` (that of `query`). Each
    chunk starts after the last row of the one before (keyset paging), so no query rescans done
    rows."""
    after = None
    while rows := _chunk(query if after is None else query.where(tuple_(*order) > after)):
        yield rows
        after = tuple_(*(getattr(rows[-1], column.key) for column in order))


def _chunk(query) -> list:
    if db.engine.dialect.name == "postgresql":
        # For one chunk PostgreSQL started parallel workers (a process each, per query): more CPU
        # than the chunk's own index scan. SET LOCAL: for this chunk's transaction only.
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    return db.session.execute(query).all()


def _record_misses(jobcenter: Jobcenter, settings: rules.JobSearchSettings, today: date) -> int:
    """Move every period whose deadline passed unconfirmed one step down the ladder."""
    overdue = _in_jobcenter(
        jobcenter.id,
        JobSearchStatus.stage.in_((rules.OPEN, rules.EXTENDED)),
        JobSearchStatus.deadline_on < today,
        not_exempt_on(today),
    )
    recorded = 0
    for rows in _in_chunks(overdue):
        citizen_ids = [row.citizen_id for row in rows]
        earlier = _first_misses_within_a_year(citizen_ids, today)
        periods = _periods_of(citizen_ids)
        misses = [
            (row, _miss(row, earlier.get(row.citizen_id, 0), periods.get(row.citizen_id, []), settings))
            for row in rows
        ]
        _store_misses(misses)
        recorded += len(rows)
        db.session.commit()
    return recorded


def _first_misses_within_a_year(citizen_ids: list[int], today: date) -> dict[int, int]:
    query = (
        select(JobSearchMiss.citizen_id, func.count())
        .where(
            bulk.one_of(JobSearchMiss.citizen_id, citizen_ids),
            JobSearchMiss.stage_before == rules.OPEN,
            JobSearchMiss.deadline_on >= rules.one_year_before(today),
        )
        .group_by(JobSearchMiss.citizen_id)
    )
    return dict(db.session.execute(query).all())


def _periods_of(citizen_ids: list[int]) -> dict[int, list[rules.Period]]:
    """Each citizen's exemptions as rule periods, in the order `services.periods_of` gives them."""
    query = (
        select(Exemption.citizen_id, Exemption.starts_on, Exemption.ends_on, Exemption.kind)
        .where(bulk.one_of(Exemption.citizen_id, citizen_ids))
        .order_by(Exemption.citizen_id, Exemption.starts_on, Exemption.id)
    )
    periods: dict[int, list[rules.Period]] = {}
    for citizen_id, starts_on, ends_on, kind in db.session.execute(query):
        periods.setdefault(citizen_id, []).append(rules.Period(starts_on, ends_on, kind))
    return periods


def _miss(row, earlier_misses: int, periods: list[rules.Period], settings: rules.JobSearchSettings):
    return rules.after_miss(row.stage, row.due_on, row.deadline_on, earlier_misses, periods, settings)


def _store_misses(misses: list) -> None:
    """The misses of a chunk, their audit events and the statuses' new stage and deadline, each
    in one statement."""
    db.session.execute(
        insert(JobSearchMiss),
        [
            {
                "citizen_id": row.citizen_id,
                "due_on": row.due_on,
                "deadline_on": row.deadline_on,
                "stage_before": row.stage,
            }
            for row, _ in misses
        ],
    )
    db.session.execute(
        insert(AuditEvent),
        [
            audit.row(
                "job_search.missed",
                actor_type="system",
                citizen_id=row.citizen_id,
                object_type="JobSearchStatus",  # a status row has no id of its own: the citizen's
                due_on=row.due_on.isoformat(),
                deadline_on=row.deadline_on.isoformat(),
                stage=miss.stage,
            )
            for row, miss in misses
        ],
    )
    moment = utcnow()
    db.session.execute(  # the ORM's bulk UPDATE by primary key: one statement, executemany
        update(JobSearchStatus),
        [
            {
                "citizen_id": row.citizen_id,
                "stage": miss.stage,
                "deadline_on": miss.deadline_on,
                "updated_at": moment,
            }
            for row, miss in misses
        ],
    )


def _queue_reminders(
    jobcenter: Jobcenter, settings: rules.JobSearchSettings, kind: ReminderKind, today: date, now: datetime
) -> int:
    conditions = (*_conditions(kind, settings, today), not_exempt_on(today))
    query = _in_jobcenter(jobcenter.id, *conditions, order=NOT_YET_REMINDED)
    reminder = _reminder_of(kind, jobcenter.phone)  # read the phone once: commits expire it

    def prepared():
        for rows in _in_chunks(query, NOT_YET_REMINDED):
            yield rows, list(map(reminder, rows))

    if db.engine.dialect.name == "postgresql":
        # The next chunk is read and prepared (the links signed) while this one is written, on
        # another connection: it sees only what is committed (each chunk commits all anyway).
        db.session.commit()
        chunks = bulk.read_ahead(prepared)
    else:
        chunks = prepared()
    queued = 0
    for rows, entries in chunks:
        queued += bulk.add_for_citizens(kind.purpose, entries, "link", now)
        db.session.execute(
            update(JobSearchStatus)
            .where(bulk.one_of(JobSearchStatus.citizen_id, [row.citizen_id for row in rows]))
            .values(reminders_sent=kind.rank)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return queued


def _conditions(kind: ReminderKind, settings: rules.JobSearchSettings, today: date) -> list:
    conditions = [JobSearchStatus.stage == kind.stage, JobSearchStatus.reminders_sent < kind.rank]
    if kind is HEADS_UP:
        conditions.append(JobSearchStatus.due_on == today + timedelta(days=settings.heads_up_days))
    elif kind in (DUE, EXTENDED_DUE):
        conditions.append(JobSearchStatus.deadline_on == today)
    return conditions


def _reminder_of(kind: ReminderKind, jobcenter_phone: str) -> Callable[..., tuple]:
    """The function that gives, for a row (a status with its citizen's contact columns), what
    `bulk.add_for_citizens` makes the reminder of `kind` from: (row, context, deduplication key).
    What is the same for every row is read once: a sweep of 1,000,000 citizens writes 200,000."""
    url, link = external_url("public.landing"), link_maker()
    date_text = functools.lru_cache(maxsize=64)(numeric_date)  # a sweep has few distinct dates

    def reminder(row) -> tuple:
        context = {
            "date": date_text(row.deadline_on or row.due_on),
            "phone": jobcenter_phone,
            "link": link(row.citizen_id, row.due_on),  # the one value of its own per citizen
            "url": url,
        }
        return row, context, f"js:{row.citizen_id}:{row.due_on.isoformat()}:{kind.name}"

    return reminder


def register_periodic_jobs() -> None:
    periodic.register("job_search_reminders", sweep, reminder=True)
