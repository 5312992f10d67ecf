"""Keeping nothing longer than needed: a nightly job deletes or empties what has passed its time
under each jobcenter's retention settings (app/rules/retention.py), in batches that each commit,
on SQLite and PostgreSQL, and deletes the files of deleted invoices from the upload storage (the
folder or the S3 bucket). Each run writes one audit event with its counts.

Audit events are otherwise append-only; this job is the one thing that deletes them (look-ups and,
where the municipality sets it, old events), by rule and counted in the run's own event.
"""

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update

from app import audit, periodic
from app.claims.storage import current_storage
from app.extensions import db
from app.models import (
    AuditEvent,
    Citizen,
    Claim,
    ClaimFile,
    Exemption,
    InboundSms,
    Jobcenter,
    Message,
    SicknessReport,
)
from app.rights.anonymise import empty_ended_cases
from app.rights.large import delete_expired
from app.rules.dates import DANISH_TIME, danish_today
from app.rules.retention import RetentionSettings, all_ended_before, closed_before, days_before

BATCH = 5000
RUN = "retention.run"
NIGHT = range(1, 5)  # Danish hours the job runs in: after the day's work, before the reminders
DONE_SENDING = ("sent", "delivered", "failed_permanent", "cancelled")


def nightly(now: datetime) -> dict | None:
    """The periodic job: once a night (the first sweep in the night hours), else nothing."""
    if now.astimezone(DANISH_TIME).hour not in NIGHT or _ran_since(now - timedelta(hours=20)):
        return None
    return apply_retention(now)


def _ran_since(moment: datetime) -> bool:
    last = db.session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == RUN))
    return last is not None and last >= moment


def apply_retention(now: datetime) -> dict:
    """Delete or empty, for every jobcenter, what is due at `now`. Returns the counts by kind."""
    counts = Counter()
    for jobcenter_id, settings in db.session.execute(select(Jobcenter.id, Jobcenter.settings)).all():
        counts.update(_for_jobcenter(jobcenter_id, RetentionSettings.from_settings(settings), now))
    counts.update(_for_no_jobcenter(RetentionSettings(), now))
    counts["data_exports"] += delete_expired(now)
    details = {kind: counts[kind] for kind in sorted(counts)}
    event = audit.record_by(audit.Actor.system("Borgerportal"), RUN, **details)
    event.at = now  # the run's own moment: the next night is counted from it
    db.session.commit()
    return dict(counts)


def _for_jobcenter(jobcenter_id: int, policy: RetentionSettings, now: datetime) -> dict:
    citizens = select(Citizen.id).where(Citizen.jobcenter_id == jobcenter_id)
    counts = {
        "message_texts": _empty_message_texts(
            Message.citizen_id.in_(citizens), days_before(now, policy.message_text_days)
        ),
        "inbound_sms": _delete_older(
            InboundSms, InboundSms.received_at, citizens, now, policy.inbound_sms_days
        ),
        "lookups": _delete_events(citizens, now, policy.lookup_years, lookups=True),
        "audit_events": _delete_events(citizens, now, policy.audit_years, lookups=False),
    }
    closed_before_day = closed_before(danish_today(now), policy.closed_case_years)
    if closed_before_day is not None:
        closed = select(Citizen.id).where(
            Citizen.jobcenter_id == jobcenter_id, Citizen.closed_on < closed_before_day
        )
        counts |= _delete_closed_cases(closed)
    return counts | _empty_ended_cases(jobcenter_id, policy, danish_today(now))


def _empty_ended_cases(jobcenter_id: int, policy: RetentionSettings, today: date) -> dict:
    """Closed cases past their last period: what remains goes (app/rights/anonymise.py). Runs
    after the closed-case deletions above, which took their sickness reports and invoices."""
    ended_before = all_ended_before(today, policy)
    if ended_before is None:
        return {}
    due = select(Citizen.id).where(Citizen.jobcenter_id == jobcenter_id, Citizen.closed_on < ended_before)
    return dict(empty_ended_cases(due, today))


def _for_no_jobcenter(defaults: RetentionSettings, now: datetime) -> dict:
    """SMS from unknown numbers, and messages to helpers and staff (a helper's notice names the
    citizen it is about: "the copy of all data about Mette …"): the defaults apply."""
    texts_before = days_before(now, defaults.message_text_days)
    return {
        "inbound_sms": _unknown_senders(defaults, now),
        "message_texts": _empty_message_texts(Message.citizen_id.is_(None), texts_before),
    }


def _empty_message_texts(whose, before: datetime | None) -> int:
    """The texts of the messages `whose` (a condition) picks, sent before `before`; who, when,
    how and the status stay."""
    if before is None:
        return 0
    due = select(Message.id).where(
        whose,
        Message.status.in_(DONE_SENDING),
        func.coalesce(Message.sent_at, Message.created_at) < before,
        Message.body != "",
    )
    return _in_batches(
        due, lambda ids: update(Message).where(Message.id.in_(ids)).values(body="", subject="", context={})
    )


def _delete_older(model, moment, citizens, now: datetime, days: int) -> int:
    before = days_before(now, days)
    if before is None:
        return 0
    due = select(model.id).where(model.citizen_id.in_(citizens), moment < before)
    return _in_batches(due, lambda ids: delete(model).where(model.id.in_(ids)))


def _unknown_senders(policy: RetentionSettings, now: datetime) -> int:
    """SMS from numbers no citizen has: no jobcenter's settings apply, the defaults do."""
    before = days_before(now, policy.inbound_sms_days)
    due = select(InboundSms.id).where(InboundSms.citizen_id.is_(None), InboundSms.received_at < before)
    return _in_batches(due, lambda ids: delete(InboundSms).where(InboundSms.id.in_(ids)))


def _delete_events(citizens, now: datetime, years: int, *, lookups: bool) -> int:
    before = days_before(now, 365 * years + years // 4)
    if before is None:
        return 0
    kind = AuditEvent.action.like(audit.LOOKUP + "%")
    due = select(AuditEvent.id).where(
        AuditEvent.citizen_id.in_(citizens), AuditEvent.at < before, kind if lookups else ~kind
    )
    return _in_batches(due, lambda ids: delete(AuditEvent).where(AuditEvent.id.in_(ids)))


def _delete_closed_cases(closed) -> dict:
    """Sickness reports (with the exemptions they made) and invoices with their files, of cases
    that closed long enough ago."""
    files = _delete_files(select(ClaimFile).where(ClaimFile.citizen_id.in_(closed)))
    db.session.execute(update(Claim).where(Claim.citizen_id.in_(closed)).values(duplicate_of_id=None))
    claims = _in_batches(
        select(Claim.id).where(Claim.citizen_id.in_(closed)),
        lambda ids: delete(Claim).where(Claim.id.in_(ids)),
    )
    return {"claim_files": files, "claims": claims, "sickness_reports": _delete_sickness(closed)}


def _delete_files(query) -> int:
    """Rows first, then the stored files: a file without a row is harmless, a row without its
    file would break the download page."""
    total = 0
    while rows := db.session.scalars(query.limit(BATCH)).all():
        names = [row.stored_name for row in rows]
        db.session.execute(delete(ClaimFile).where(ClaimFile.id.in_([row.id for row in rows])))
        db.session.commit()
        for name in names:
            current_storage().delete(name)
        total += len(rows)
    return total


def _delete_sickness(closed) -> int:
    total = 0
    query = select(SicknessReport.id, SicknessReport.exemption_id).where(
        SicknessReport.citizen_id.in_(closed)
    )
    while rows := db.session.execute(query.limit(BATCH)).all():
        db.session.execute(delete(SicknessReport).where(SicknessReport.id.in_([row.id for row in rows])))
        db.session.execute(delete(Exemption).where(Exemption.id.in_([row.exemption_id for row in rows])))
        db.session.commit()
        total += len(rows)
    return total


def _in_batches(due, change) -> int:
    """Apply `change(ids)` to the rows `due` selects (a select of one id column), BATCH at a time
    in id order, each batch committed: a night's work never holds one long lock, and each batch
    reads on from the last id instead of scanning past the rows already done."""
    id_column = due.selected_columns[0]
    total, last = 0, 0
    while ids := db.session.scalars(due.where(id_column > last).order_by(id_column).limit(BATCH)).all():
        db.session.execute(change(ids).execution_options(synchronize_session=False))
        db.session.commit()
        total, last = total + len(ids), ids[-1]
    return total


def mark_case_closed(staff, citizen: Citizen, day: date | None) -> None:
    """Staff mark that the citizen left the jobcenter on `day` (None: the case is open again).
    Audited; the route commits."""
    citizen.closed_on = day
    action = "case.closed" if day else "case.reopened"
    audit.record_by(audit.Actor.of_staff(staff), action, citizen.id)  # the event's own day is the day


def register_periodic_jobs() -> None:
    periodic.register("retention", nightly)
