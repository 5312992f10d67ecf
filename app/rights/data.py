"""Everything the portal holds about one citizen, as plain JSON values with stable field names.

The shape is documented in docs/export-schema.json (tests validate every export against it): a
field added here must be added there. Left out on purpose: login codes and sessions (hashes that
mean nothing to anyone, gone within days), form drafts (sealed, kept hours), rate counters.
Only rows of this citizen are read; other citizens' names never appear (a helper is named as the
citizen or staff wrote them).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEvent,
    Citizen,
    Claim,
    ClaimFile,
    Exemption,
    FollowUpDecision,
    InboundSms,
    JobSearchConfirmation,
    JobSearchMiss,
    JobSearchStatus,
    Mandate,
    Message,
    PlanVersion,
    SicknessReport,
)
from app.models.types import utcnow
from app.notifications.purposes import declared

SCHEMA_VERSION = 1

# Section → (model, fields), each row of the citizen in id order.
ROWS = {
    "exemptions": (Exemption, ("id", "kind", "starts_on", "ends_on", "note", "created_at")),
    "job_search_confirmations": (
        JobSearchConfirmation,
        ("id", "due_on", "confirmed_at", "confirmed_on", "channel", "actor_type", "actor_label"),
    ),
    "job_search_misses": (JobSearchMiss, ("id", "due_on", "deadline_on", "stage_before", "recorded_at")),
    "job_search_decisions": (FollowUpDecision, ("id", "due_on", "decision", "reason", "decided_at")),
    "sickness_reports": (
        SicknessReport,
        (
            "id", "first_day", "expected_return_on", "partial_hours", "note", "reported_at",
            "reported_late", "recovered_on", "recovery_reported_at", "seen_by_staff_at", "actor_type",
            "actor_label",
        ),
    ),
    "inbound_sms": (InboundSms, ("id", "sender", "body", "outcome", "received_at")),
    "audit_events": (
        AuditEvent,
        ("id", "at", "action", "actor_type", "actor_label", "object_type", "object_id", "details"),
    ),
}  # fmt: skip
PERSON = (
    "name", "cpr", "address", "language", "target_group", "sickness_category", "registered_on", "created_at",
)  # fmt: skip
CONTACT = (
    "phone", "phone_verified_at", "email", "email_verified_at", "preferred_channel", "sms_stopped_at",
)  # fmt: skip
STATUS = ("due_on", "deadline_on", "stage", "clock_started_on", "last_confirmed_on")
PLAN_VERSION = (
    "id", "number", "status", "goals", "job_search_requirements", "contact_person", "mentor",
    "published_at", "published_by_label",
)  # fmt: skip
PLAN_ACTIVITY = (
    "position",
    "title",
    "provider",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "purpose",
    "gain",
    "is_duty",
)
PLAN_RECEIPT = ("kind", "at", "channel", "actor_type", "actor_label")
PLAN_COMMENT = (
    "disagrees",
    "text",
    "at",
    "answer",
    "answered_at",
    "answered_by_label",
    "actor_type",
    "actor_label",
)
PLAN_DELIVERY = ("channel", "delivered_on", "note", "staff_label", "recorded_at")
CLAIM = (
    "id", "category", "amount_ore", "invoice_date", "vendor", "invoice_number", "description", "status",
    "submitted_at", "duplicate_reason", "first_approved_by_label", "first_approved_at", "decided_by_label",
    "decided_at", "reason", "actor_type", "actor_label",
)  # fmt: skip
CLAIM_FILE = ("id", "original_name", "content_type", "size", "sha256", "uploaded_at")
MANDATE = (
    "id", "helper_name", "scopes", "status", "origin", "ends_on", "created_at", "accepted_at", "ended_at",
    "ended_by", "paper_signed_on",
)  # fmt: skip
MESSAGE = (
    "id", "purpose", "channel", "language", "recipient", "subject", "body", "status", "attempts",
    "created_at", "sent_at", "delivered_at",
)  # fmt: skip
ATTEMPT = ("at", "channel", "outcome")


def citizen_data(citizen: Citizen, *, cpr_masked: bool = False, staff_names: bool = True) -> dict:
    """The whole copy. `cpr_masked` for a helper: helpers never see the CPR number in full.
    Without `staff_names` (the jobcenter's policy), staff look-ups carry the role alone."""
    person = _fields(citizen, PERSON) | {"jobcenter": _jobcenter(citizen)}
    if cpr_masked:
        person["cpr"] = citizen.masked_cpr
    data = _sections(citizen, person)
    if not staff_names:
        for event in data["audit_events"]:
            if event["action"].startswith("lookup.") and event["actor_type"] == "staff":
                event["actor_label"] = ""
    return data


def _sections(citizen: Citizen, person: dict) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _value(utcnow()),
        "person": person,
        "contact": _fields(citizen, CONTACT),
        "job_search_status": _job_search_status(citizen),
        **{section: _rows(citizen, model, names) for section, (model, names) in ROWS.items()},
        "plans": [_plan(version) for version in _of(citizen, PlanVersion) if version.number is not None],
        "claims": [_claim(claim) for claim in _of(citizen, Claim)],
        "files_not_handed_in": [_file(row) for row in _of(citizen, ClaimFile) if row.claim_id is None],
        "mandates": [_fields(mandate, MANDATE) for mandate in _of(citizen, Mandate)],
        "messages": [_message(message) for message in _of(citizen, Message)],
        "meetings": [],  # the portal does not hold meetings yet
    }


def files_of(citizen: Citizen) -> list[ClaimFile]:
    """Every file the citizen uploaded (handed in with a claim or not), in id order."""
    return _of(citizen, ClaimFile)


def file_name_in_zip(row: ClaimFile) -> str:
    """Where a file sits in the ZIP: its id keeps two files of the same name apart."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in row.original_name)[-80:]
    return f"files/{row.id}-{safe or 'file'}"


def _of(citizen: Citizen, model) -> list:
    return list(db.session.scalars(select(model).where(model.citizen_id == citizen.id).order_by(model.id)))


def _rows(citizen: Citizen, model, names) -> list[dict]:
    return [_fields(row, names) for row in _of(citizen, model)]


def _fields(row, names) -> dict:
    return {name: _value(getattr(row, name)) for name in names}


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):  # hours: 7.5
        return float(value)
    return value


def _jobcenter(citizen: Citizen) -> dict:
    return _fields(citizen.jobcenter, ("name", "phone", "email", "address"))


def _job_search_status(citizen: Citizen) -> dict | None:
    status = db.session.get(JobSearchStatus, citizen.id)
    return _fields(status, STATUS) if status else None


def _plan(version: PlanVersion) -> dict:
    return _fields(version, PLAN_VERSION) | {
        "activities": [_fields(row, PLAN_ACTIVITY) for row in version.activities],
        "receipts": [_fields(row, PLAN_RECEIPT) for row in version.receipts],
        "comments": [_fields(row, PLAN_COMMENT) for row in version.comments],
        "deliveries": [_fields(row, PLAN_DELIVERY) for row in version.deliveries],
    }


def _claim(claim: Claim) -> dict:
    return _fields(claim, CLAIM) | {"files": [_file(row) for row in claim.files]}


def _file(row: ClaimFile) -> dict:
    return _fields(row, CLAIM_FILE) | {"path_in_zip": file_name_in_zip(row)}


def _message(message: Message) -> dict:
    values = _fields(message, MESSAGE) | {"attempts": [_fields(a, ATTEMPT) for a in message.attempt_log]}
    if _carried_a_code(message.purpose):  # left out of the copy, as on the messages page
        values["body"] = ""
    return values


def _carried_a_code(purpose_name: str) -> bool:
    purpose = declared().get(purpose_name)
    return purpose is None or purpose.code  # a purpose no longer declared: keep its text out
