"""After the last period: when every retention period of a closed case has ended, the nightly job
(app/rights/retention.py) deletes what remains of it and empties the citizen's row.

Deleted: plans with their versions, activities, receipts, comments and deliveries; job-search
confirmations, misses, status and follow-up decisions; exemptions; meetings; mandates; messages
with their attempts; SMS received; login codes, sessions and kept form drafts; copies of all data
(row and file in the upload storage). Sickness reports and invoices with their files went
earlier (their period is one of those that ended). Kept without anything that names the person:
the citizen's row (jobcenter, target group, registration and closing days: the municipality's
statistics) and the remaining audit events, which point to it, with their details and the names
of the citizen or helper who acted emptied. Staff names stay: they are the staff's own records.
"""

from collections import Counter
from datetime import date

from sqlalchemy import String, cast, delete, literal, select, update

from app.claims.storage import current_storage
from app.extensions import db
from app.models import (
    AuditEvent,
    Citizen,
    CodeRequest,
    DataExport,
    Exemption,
    FollowUpDecision,
    FormDraft,
    InboundSms,
    JobSearchConfirmation,
    JobSearchMiss,
    JobSearchStatus,
    LoginSession,
    Mandate,
    Meeting,
    Message,
    MessageAttempt,
    OneTimeCode,
    PlanActivity,
    PlanComment,
    PlanDelivery,
    PlanReceipt,
    PlanVersion,
)

CITIZENS_PER_BATCH = 500  # each batch of cases is emptied and committed on its own
# Rows deleted by citizen first, in an order no foreign key objects to; then plan versions and
# messages (receipts and comments point to versions, meetings to messages).
BY_CITIZEN = {
    "plan_receipts": PlanReceipt,
    "plan_comments": PlanComment,
    "job_search_confirmations": JobSearchConfirmation,
    "job_search_misses": JobSearchMiss,
    "job_search_status": JobSearchStatus,
    "follow_up_decisions": FollowUpDecision,
    "exemptions": Exemption,
    "meetings": Meeting,
    "mandates": Mandate,
    "inbound_sms": InboundSms,
    "login_codes": OneTimeCode,
}
PERSONAL_ACTORS = ("citizen", "helper")  # their label is a person's name; staff's is the staff's


def empty_ended_cases(due, today: date) -> Counter:
    """Empty the cases `due` selects (a select of Citizen.id of closed cases whose periods all
    ended), CITIZENS_PER_BATCH at a time, each batch committed. Returns the counts by kind."""
    counts = Counter()
    waiting = due.where(Citizen.anonymised_on.is_(None)).order_by(Citizen.id).limit(CITIZENS_PER_BATCH)
    while ids := db.session.scalars(waiting).all():
        counts.update(_empty(ids, today))
        db.session.commit()
    return counts


def _empty(ids: list[int], today: date) -> Counter:
    counts = Counter()
    for kind, model in BY_CITIZEN.items():
        counts[kind] = _delete(model, model.citizen_id.in_(ids))
    counts["plan_versions"] = _delete_plans(ids)
    counts["messages"] = _delete_messages(ids)
    counts["sessions_and_drafts"] = _delete_sessions_and_drafts(ids)
    counts["data_exports"] = _delete_copies(ids)
    counts["audit_events_emptied"] = _empty_audit_events(ids)
    counts["citizens_anonymised"] = _empty_citizens(ids, today)
    return counts


def _delete(model, *where) -> int:
    statement = delete(model).where(*where).execution_options(synchronize_session=False)
    return db.session.execute(statement).rowcount


def _delete_plans(ids: list[int]) -> int:
    """After their receipts and comments (BY_CITIZEN): then nothing else points to a version."""
    versions = select(PlanVersion.id).where(PlanVersion.citizen_id.in_(ids))
    _delete(PlanActivity, PlanActivity.version_id.in_(versions))
    _delete(PlanDelivery, PlanDelivery.version_id.in_(versions))
    return _delete(PlanVersion, PlanVersion.citizen_id.in_(ids))


def _delete_messages(ids: list[int]) -> int:
    messages = select(Message.id).where(Message.citizen_id.in_(ids))
    db.session.execute(
        update(CodeRequest).where(CodeRequest.message_id.in_(messages)).values(message_id=None)
    )
    _delete(MessageAttempt, MessageAttempt.message_id.in_(messages))
    return _delete(Message, Message.citizen_id.in_(ids))


def _delete_sessions_and_drafts(ids: list[int]) -> int:
    """Sessions and drafts name their owner as Flask-Login does ("citizen:7")."""
    keys = [f"citizen:{citizen_id}" for citizen_id in ids]
    sessions = _delete(LoginSession, LoginSession.user_key.in_(keys))
    return sessions + _delete(FormDraft, FormDraft.owner.in_(keys))


def _delete_copies(ids: list[int]) -> int:
    """Rows now, files after the commit (a file without a row is harmless; see retention)."""
    stored = (DataExport.citizen_id.in_(ids), DataExport.stored_name.is_not(None))
    names = db.session.scalars(select(DataExport.stored_name).where(*stored)).all()
    deleted = _delete(DataExport, DataExport.citizen_id.in_(ids))
    db.session.commit()
    for name in names:
        current_storage().delete(name)
    return deleted


def _empty_audit_events(ids: list[int]) -> int:
    """The events stay (what was done, when, by which staff member) without personal details.
    Audit events are otherwise append-only: this job is the one thing that changes them."""
    of_cases = AuditEvent.citizen_id.in_(ids)
    db.session.execute(
        update(AuditEvent)
        .where(of_cases, AuditEvent.actor_type.in_(PERSONAL_ACTORS))
        .values(actor_label="")
        .execution_options(synchronize_session=False)
    )
    emptied = update(AuditEvent).where(of_cases).values(details={})
    return db.session.execute(emptied.execution_options(synchronize_session=False)).rowcount


def _empty_citizens(ids: list[int], today: date) -> int:
    """Everything that names or reaches the person goes, in one statement. The CPR column is
    unique and required: it gets "x" and the row's id, which no CPR number (ten digits) equals."""
    emptied = (
        update(Citizen)
        .where(Citizen.id.in_(ids))
        .values(
            cpr=literal("x") + cast(Citizen.id, String),
            name="",
            address="",
            phone=None,
            email=None,
            do_not_sanction_reason=None,
            sickness_category=None,
            phone_verified_at=None,
            email_verified_at=None,
            sms_stopped_at=None,
            anonymised_on=today,
        )
    )
    return db.session.execute(emptied.execution_options(synchronize_session=False)).rowcount
