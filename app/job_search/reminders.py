"""The reminder scheduler: one sweep records missed deadlines and queues the reminders now due.

The worker runs a sweep every few minutes; `flask reminders run` runs one by hand. Each step
selects only the citizens it concerns with an indexed query (never every citizen in Python),
works through them in chunks and commits each chunk with the status change that marks the
reminder as sent. The messages of a chunk are inserted in one statement that skips any whose
deduplication key (citizen, due date, stage) is taken, so a second sweep, a second worker or a
crash halfway is harmless: a reminder is queued once or not at all.
Nobody exempt on the day is reminded or marked as missed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, not_, or_, select, update
from sqlalchemy.orm import selectinload

from app import audit, periodic
from app.extensions import db
from app.job_search import purposes
from app.job_search.links import link_for
from app.job_search.services import periods_of, status_of
from app.models import Citizen, Exemption, Jobcenter, JobSearchMiss, JobSearchStatus
from app.notifications.outbox import add_all_once, prepare
from app.notifications.reminder_time import reminders_may_go_out
from app.rules import dates
from app.rules import job_search as rules
from app.rules.dates import numeric_date
from app.urls import external_url

CHUNK = 500


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


def _in_jobcenter(jobcenter: Jobcenter, *conditions):
    return (
        select(JobSearchStatus, Citizen)
        .join(Citizen, Citizen.id == JobSearchStatus.citizen_id)
        .where(Citizen.jobcenter_id == jobcenter.id, *conditions)
        .order_by(JobSearchStatus.citizen_id)
        .limit(CHUNK)
    )


def _in_chunks(query):
    """The (status, citizen) rows of `query`, chunk by chunk in citizen order. Each chunk starts
    after the last citizen of the one before (keyset paging), so no query rescans done rows."""
    after = 0
    while rows := db.session.execute(query.where(JobSearchStatus.citizen_id > after)).all():
        last = rows[-1][0].citizen_id  # read before the caller commits and expires the rows
        yield rows
        after = last


def _record_misses(jobcenter: Jobcenter, settings: rules.JobSearchSettings, today: date) -> int:
    """Move every period whose deadline passed unconfirmed one step down the ladder."""
    overdue = _in_jobcenter(
        jobcenter,
        JobSearchStatus.stage.in_((rules.OPEN, rules.EXTENDED)),
        JobSearchStatus.deadline_on < today,
        not_exempt_on(today),
    ).options(selectinload(Citizen.exemptions))
    recorded = 0
    for rows in _in_chunks(overdue):
        earlier = _first_misses_within_a_year([status.citizen_id for status, _ in rows], today)
        for status, citizen in rows:
            _record_miss(status, citizen, earlier.get(citizen.id, 0), settings)
        recorded += len(rows)
        db.session.commit()
    return recorded


def _first_misses_within_a_year(citizen_ids: list[int], today: date) -> dict[int, int]:
    query = (
        select(JobSearchMiss.citizen_id, func.count())
        .where(
            JobSearchMiss.citizen_id.in_(citizen_ids),
            JobSearchMiss.stage_before == rules.OPEN,
            JobSearchMiss.deadline_on >= rules.one_year_before(today),
        )
        .group_by(JobSearchMiss.citizen_id)
    )
    return dict(db.session.execute(query).all())


def _record_miss(
    status: JobSearchStatus, citizen: Citizen, earlier_misses: int, settings: rules.JobSearchSettings
) -> None:
    db.session.add(
        JobSearchMiss(
            citizen_id=citizen.id,
            due_on=status.due_on,
            deadline_on=status.deadline_on,
            stage_before=status.stage,
        )
    )
    miss = rules.after_miss(
        status.stage, status.due_on, status.deadline_on, earlier_misses, periods_of(citizen), settings
    )
    audit.record_by(
        audit.Actor.system(),
        "job_search.missed",
        citizen_id=citizen.id,
        obj=status,
        due_on=status.due_on.isoformat(),
        deadline_on=status.deadline_on.isoformat(),
        stage=miss.stage,
    )
    status.stage, status.deadline_on = miss.stage, miss.deadline_on


def _queue_reminders(
    jobcenter: Jobcenter, settings: rules.JobSearchSettings, kind: ReminderKind, today: date, now: datetime
) -> int:
    query = _in_jobcenter(jobcenter, *_conditions(kind, settings, today), not_exempt_on(today))
    queued = 0
    for rows in _in_chunks(query):
        messages = [_reminder(status, citizen, kind, now) for status, citizen in rows]
        queued += add_all_once([message for message in messages if message])
        db.session.execute(
            update(JobSearchStatus)
            .where(JobSearchStatus.citizen_id.in_([status.citizen_id for status, _ in rows]))
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


def _reminder(status: JobSearchStatus, citizen: Citizen, kind: ReminderKind, now: datetime) -> dict | None:
    context = {
        "date": numeric_date(status.deadline_on or status.due_on),
        "phone": citizen.jobcenter.phone,
        "link": link_for(citizen.id, status.due_on),
        "url": external_url("public.landing"),
    }
    dedup_key = f"js:{citizen.id}:{status.due_on.isoformat()}:{kind.name}"
    return prepare(kind.purpose, citizen, context, dedup_key=dedup_key, now=now)


def register_periodic_jobs() -> None:
    periodic.register("job_search_reminders", sweep, reminder=True)
