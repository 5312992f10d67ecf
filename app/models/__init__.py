"""Models, one module per aggregate. Models never commit and never do I/O."""

from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models.audit import AuditEvent
from app.models.citizen import CHANNELS, EXEMPTION_KINDS, Citizen, Exemption
from app.models.claim import Claim, ClaimFile
from app.models.data_export import DataExport
from app.models.form_draft import FormDraft
from app.models.job_search import (
    FollowUpDecision,
    InboundSms,
    JobSearchConfirmation,
    JobSearchMiss,
    JobSearchStatus,
)
from app.models.jobcenter import Jobcenter
from app.models.login import CodeRequest, CodeTries, OneTimeCode
from app.models.login_session import LoginSession
from app.models.mandate import Helper, Mandate
from app.models.meeting import Meeting
from app.models.message import Message, MessageAttempt
from app.models.plan import PlanActivity, PlanComment, PlanDelivery, PlanReceipt, PlanVersion
from app.models.rate_counter import RateCounter
from app.models.sickness import SicknessReport
from app.models.staff import STAFF_ROLES, StaffUser
from app.models.worker import WorkerHeartbeat

# What almost every citizen page reads about the signed-in citizen, in the query that loads them
# (one query instead of four: the jobcenter's settings, the exemptions, the job-search status).
SIGNED_IN_CITIZEN = (
    joinedload(Citizen.jobcenter),
    joinedload(Citizen.exemptions),
    joinedload(Citizen.job_search_status),
)


def load_user(user_id: str):
    """Flask-Login's loader. Ids carry their kind ("citizen:7", "staff:3", "helper:2") so they never clash."""
    kind, _, number = user_id.partition(":")
    model = {"citizen": Citizen, "staff": StaffUser, "helper": Helper}.get(kind)
    if model is None or not (number.isascii() and number.isdigit()):
        return None
    user = db.session.get(model, int(number), options=SIGNED_IN_CITIZEN if model is Citizen else ())
    return None if user is None or not getattr(user, "active", True) else user  # deactivated staff


__all__ = [
    "CHANNELS",
    "EXEMPTION_KINDS",
    "STAFF_ROLES",
    "AuditEvent",
    "Citizen",
    "Claim",
    "CodeRequest",
    "CodeTries",
    "ClaimFile",
    "DataExport",
    "Exemption",
    "FollowUpDecision",
    "FormDraft",
    "InboundSms",
    "JobSearchConfirmation",
    "JobSearchMiss",
    "JobSearchStatus",
    "Helper",
    "Jobcenter",
    "LoginSession",
    "Mandate",
    "Meeting",
    "Message",
    "MessageAttempt",
    "OneTimeCode",
    "PlanActivity",
    "PlanComment",
    "PlanDelivery",
    "PlanReceipt",
    "PlanVersion",
    "RateCounter",
    "SicknessReport",
    "StaffUser",
    "WorkerHeartbeat",
    "load_user",
]
