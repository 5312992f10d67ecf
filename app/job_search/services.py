"""The job-search duty of one citizen: keeping their status current, confirming, exemptions.

Every change commits and is audited with who did it and for whom. The status row is what the
reminder scheduler queries; every service that changes what the due date depends on (a
confirmation, an exemption, the target group) calls `refresh_status`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, select, update

from app import audit, case_events
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db, insert_skipping_duplicates
from app.job_search.purposes import REMINDERS
from app.models import Citizen, Exemption, JobSearchConfirmation, JobSearchStatus, Message
from app.rules import dates
from app.rules import job_search as rules
from app.rules.target_groups import duties_for


class NoDutyNow(DomainError):
    """The citizen has nothing to confirm right now (group without the duty, or exempt)."""


def settings_for(citizen: Citizen) -> rules.JobSearchSettings:
    return rules.JobSearchSettings.from_settings(citizen.jobcenter.settings)


def must_confirm(citizen: Citizen) -> bool:
    """Whether the citizen's target group confirms job search (the jobcenter may override)."""
    overrides = (citizen.jobcenter.settings or {}).get("duties")
    return duties_for(citizen.target_group, overrides).confirm_job_search


def periods_of(citizen: Citizen) -> list[rules.Period]:
    return [rules.Period(e.starts_on, e.ends_on, e.kind) for e in citizen.exemptions]


def status_of(citizen: Citizen, today: date) -> JobSearchStatus:
    """The citizen's stored status row, for a service that changes it and commits.

    A citizen without one (created before rows were made at import) gets it here, complete with
    its due date. No savepoint: on SQLite a savepoint released outside a transaction commits on
    its own, which once saved the row half done (issue 17). The INSERT skips a row that another
    request (a double tap) made meanwhile, and that row is used.
    """
    status = db.session.get(JobSearchStatus, citizen.id)
    if status is not None:
        return status
    _insert_unless_there(computed_status(citizen, today))
    return db.session.get(JobSearchStatus, citizen.id)


def _insert_unless_there(status: JobSearchStatus) -> None:
    columns = {column.key: getattr(status, column.key) for column in JobSearchStatus.__table__.columns}
    columns = {key: value for key, value in columns.items() if value is not None}
    db.session.execute(
        insert_skipping_duplicates(JobSearchStatus.__table__, ["citizen_id"]).values(**columns)
    )


def current_status(citizen: Citizen, today: date) -> JobSearchStatus:
    """Where the citizen stands, for pages: the stored row, or the one the next sweep would
    store, computed and never added to the session. A page view writes nothing."""
    return db.session.get(JobSearchStatus, citizen.id) or computed_status(citizen, today)


def computed_status(citizen: Citizen, today: date) -> JobSearchStatus:
    """A new status row for a citizen who has none yet, with its due date; not in the session."""
    status = JobSearchStatus(
        citizen_id=citizen.id,
        clock_started_on=_first_clock_start(citizen, today),
        stage=rules.OPEN,
        reminders_sent=0,
    )
    return refresh_status(citizen, today, status)


def track(citizen: Citizen, today: date) -> JobSearchStatus:
    """Create the citizen's status row when the citizen is created (import, demo, the sweep for
    older citizens), or bring it up to date when what the duty depends on changed (a new target
    group in a re-import). The caller commits."""
    status = db.session.get(JobSearchStatus, citizen.id)
    if status is None:
        status = computed_status(citizen, today)
        db.session.add(status)
    else:
        _refresh_after_group_change(citizen, status, today)
    db.session.flush()
    return status


def _refresh_after_group_change(citizen: Citizen, status: JobSearchStatus, today: date) -> None:
    """A group without the duty stops it at once. A group with it starts the clock today: a
    clock counted from the old registration or confirmation would be past due at once. (No due
    date and the duty, after a refresh, can only mean a new group: an open-ended pause keeps
    the due date empty, and ending one refreshes the row.)"""
    duty_begins = status.due_on is None and must_confirm(citizen)
    refresh_status(citizen, today, status)
    if duty_begins and status.due_on is not None:
        status.clock_started_on, status.due_on = today, None
        refresh_status(citizen, today, status)


def _first_clock_start(citizen: Citizen, today: date) -> date:
    """From registration; for someone registered long before the portal knew them, from today,
    so nobody misses a deadline that passed before they could see it."""
    recent = citizen.registered_on + timedelta(days=settings_for(citizen).interval_days) >= today
    return citizen.registered_on if recent else today


def refresh_status(citizen: Citizen, today: date, status: JobSearchStatus | None = None) -> JobSearchStatus:
    """Recompute the due date after anything it depends on changed. A new due date starts a new
    period (stage open, no reminders yet); an unchanged one keeps the ladder stage."""
    status = status or status_of(citizen, today)
    if not must_confirm(citizen):
        status.due_on = status.deadline_on = None
        status.stage, status.reminders_sent = rules.OPEN, 0
        return status
    periods, settings = periods_of(citizen), settings_for(citizen)
    start = rules.clock_start(status.clock_started_on, periods)
    due = rules.next_due_date(start, periods, settings.interval_days)
    if due != status.due_on:
        status.due_on, status.deadline_on = due, due
        status.stage, status.reminders_sent = rules.OPEN, 0
    elif status.stage == rules.EXTENDED:
        status.deadline_on = rules.extended_deadline(due, periods, settings)
    return status


def window_opens_on(citizen: Citizen, due_on: date) -> date:
    """The first day the front page asks again (the heads-up reminder goes out that day too)."""
    return due_on - timedelta(days=settings_for(citizen).heads_up_days)


@dataclass(frozen=True)
class Receipt:
    confirmation: JobSearchConfirmation
    already: bool  # True: the period was already confirmed; nothing new was recorded
    # Taken when the receipt is made, before the commit expires the row: the redirect to the
    # receipt page needs no query to read it again.
    confirmation_id: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "confirmation_id", self.confirmation.id)


def confirm(citizen: Citizen, channel: str, actor: Actor, now: datetime) -> Receipt:
    """Record that the citizen confirmed job search for the current period, once.

    Confirming again on the same day returns the earlier confirmation (a double click, a
    second SMS). Raises NoDutyNow when there is nothing to confirm. The caller commits, with
    whatever else its request changed (the SMS path: the receipt and the inbound SMS).
    """
    today = dates.danish_today(now)
    status = status_of(citizen, today)
    if status.last_confirmed_on == today:
        return Receipt(last_confirmation(citizen), already=True)
    if status.due_on is None or rules.exemption_on(today, periods_of(citizen)):
        raise NoDutyNow()
    confirmation = _insert_confirmation(citizen, status.due_on, channel, actor, now)
    if confirmation is None:  # a second request the same day (a double tap, an SMS) won the race
        return Receipt(last_confirmation(citizen), already=True)
    _start_new_period(citizen, status, today)
    case_events.record_event(
        actor,
        citizen,
        "job_search.confirmed",
        confirmation,
        now=now,
        channel=channel,
        due_on=confirmation.due_on.isoformat(),
    )
    return Receipt(confirmation, already=False)


def _insert_confirmation(
    citizen: Citizen, due_on: date, channel: str, actor: Actor, now: datetime
) -> JobSearchConfirmation | None:
    """One INSERT … ON CONFLICT DO NOTHING on (citizen, day): no savepoint, so the confirmation
    commits with the status change and the audit event or not at all. None when one was there."""
    values = {
        "citizen_id": citizen.id,
        "due_on": due_on,
        "confirmed_at": now,
        "confirmed_on": dates.danish_today(now),
        "channel": channel,
        "actor_type": actor.type,
        "actor_id": actor.id,
        "actor_label": actor.label,
    }
    return db.session.scalar(_confirmation_insert(db.engine.dialect.name), values)


@cache
def _confirmation_insert(dialect: str):
    """Built once per process and database kind: every confirmation runs it, and building it
    cost about as much as running it. RETURNING the whole row: the new confirmation without a
    SELECT to read it back."""
    statement = insert_skipping_duplicates(JobSearchConfirmation, ["citizen_id", "confirmed_on"])
    return statement.returning(JobSearchConfirmation)


def _start_new_period(citizen: Citizen, status: JobSearchStatus, today: date) -> None:
    status.clock_started_on = status.last_confirmed_on = today
    status.due_on = None  # forces refresh_status to open a new period
    refresh_status(citizen, today, status)
    cancel_pending_reminders(citizen)


def cancel_pending_reminders(citizen: Citizen) -> None:
    """Reminders that have not gone out yet are moot once the citizen confirmed or is exempt."""
    db.session.execute(_cancel_reminders(), {"of_citizen": citizen.id})


@cache
def _cancel_reminders():
    """Built once per process: every confirmation runs it."""
    return (
        update(Message)
        .where(
            Message.citizen_id == bindparam("of_citizen"),
            Message.purpose.in_([purpose.name for purpose in REMINDERS]),
            Message.status.in_(("queued", "failed_temporary")),
        )
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )


def last_confirmation(citizen: Citizen) -> JobSearchConfirmation | None:
    return next(iter(confirmations_of(citizen, limit=1)), None)


def confirmations_of(citizen: Citizen, limit: int = 200, skip: int = 0) -> list[JobSearchConfirmation]:
    """The citizen's confirmations, newest first (`skip` the newest ones, for a later page)."""
    values = {"citizen_id": citizen.id, "skip": skip, "limit": limit}
    return list(db.session.scalars(_confirmations_newest_first(), values))


@cache
def _confirmations_newest_first():
    """Built once per process: the front page runs it on every view, and building it cost more
    than running it."""
    return (
        select(JobSearchConfirmation)
        .where(JobSearchConfirmation.citizen_id == bindparam("citizen_id"))
        .order_by(JobSearchConfirmation.confirmed_at.desc(), JobSearchConfirmation.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


RECEIPTS_PER_PAGE = 20  # a year of weekly receipts in three pages; each page stays under 15 KB


@dataclass(frozen=True)
class ReceiptPage:
    confirmations: list[JobSearchConfirmation]
    number: int  # 1: the newest
    has_older: bool


def receipt_page(citizen: Citizen, number: int) -> ReceiptPage:
    """One page of the citizen's receipts, newest first. One query: it reads one row more than
    a page holds to know whether an older page follows."""
    number = max(1, number)
    found = confirmations_of(citizen, RECEIPTS_PER_PAGE + 1, skip=(number - 1) * RECEIPTS_PER_PAGE)
    return ReceiptPage(found[:RECEIPTS_PER_PAGE], number, len(found) > RECEIPTS_PER_PAGE)


def add_exemption(
    actor: Actor,
    citizen: Citizen,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    now: datetime,
    note: str = "",
) -> Exemption:
    """Pause the duty for a period. Reminders waiting to go out are cancelled if it covers today.
    The caller commits (a sickness report commits the exemption with its own rows)."""
    exemption = Exemption(citizen=citizen, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note)
    db.session.add(exemption)
    db.session.flush()
    _after_exemption_change(actor, citizen, exemption, "exemption.created", now)
    return exemption


def end_exemption(actor: Actor, exemption: Exemption, ends_on: date, now: datetime) -> None:
    """End an exemption on `ends_on` (the last exempt day); an ended sickness restarts the clock.
    The caller commits."""
    exemption.ends_on = ends_on
    _after_exemption_change(actor, exemption.citizen, exemption, "exemption.ended", now)


def _after_exemption_change(
    actor: Actor, citizen: Citizen, exemption: Exemption, action: str, now: datetime
) -> None:
    today = dates.danish_today(now)
    db.session.refresh(citizen, ["exemptions"])
    refresh_status(citizen, today)
    if exemption.covers(today):
        cancel_pending_reminders(citizen)
    _audit(
        actor,
        citizen,
        action,
        exemption,
        kind=exemption.kind,
        starts_on=exemption.starts_on.isoformat(),
        ends_on=exemption.ends_on.isoformat() if exemption.ends_on else None,
    )


def current_and_coming_exemptions(citizen: Citizen, today: date) -> list[Exemption]:
    return [e for e in citizen.exemptions if e.ends_on is None or e.ends_on >= today]


def exemptions_for_front_page(citizen: Citizen, now: datetime) -> list[Exemption]:
    return current_and_coming_exemptions(citizen, dates.danish_today(now))


def _audit(actor: Actor, citizen: Citizen, action: str, obj, **details) -> None:
    audit.record_by(actor, action, citizen.id, obj, **details)
