"""The signed link in an invitation SMS. It names one mandate and works for 14 days, once, and
only for the helper it was sent to; it grants nothing by itself (the helper logs in and accepts).
"""

from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from app.errors import DomainError
from app.extensions import db
from app.models import Helper, Mandate
from app.rules import mandates as rules
from app.urls import external_url

SALT = "helper-invitation"


class InvitationProblem(DomainError):
    """Why a link cannot be used, each with its own page: "forged" (or unknown), "expired",
    "used" (already accepted or declined), "withdrawn" (the citizen took it back) or
    "wrong_person" (another helper is logged in)."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(mandate: Mandate) -> str:
    return _signer().sign(str(mandate.id)).decode()


def link_for(mandate: Mandate) -> str:
    return external_url("mandates_helper.invitation", invitation_token=token_for(mandate))


def mandate_of(token: str) -> Mandate:
    """The mandate a genuine, unexpired link names. Raises InvitationProblem."""
    try:
        mandate_id = int(_signer().unsign(token, max_age=rules.INVITATION_LIFETIME.total_seconds()))
    except SignatureExpired:
        raise InvitationProblem("expired") from None
    except (BadSignature, ValueError):
        raise InvitationProblem("forged") from None
    mandate = db.session.get(Mandate, mandate_id)
    if mandate is None:
        raise InvitationProblem("forged")
    return mandate


def problem_with(mandate: Mandate, helper: Helper | None, now: datetime) -> str | None:
    """Why `helper` (None: not logged in yet) cannot answer this invitation now, or None."""
    if mandate.origin != "invitation":
        return "forged"
    if mandate.status == rules.REVOKED:
        return "withdrawn"
    if mandate.status != rules.INVITED:
        return "used"
    if not mandate.invitation_open(now):
        return "expired"
    if helper is not None and helper.id != mandate.helper_id:
        return "wrong_person"
    return None
