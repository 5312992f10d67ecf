"""Plain-language names for scopes and mandate states."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import label

SCOPE = {
    "view": _l("See the pages: plan, messages, receipts and what has been done"),
    "report_sickness": _l("Report sick and well again"),
    "upload_claims": _l("Hand in invoices for expenses"),
    "acknowledge_plan": _l("Read the plan and confirm that it was received"),
    "meetings": _l("See meetings with the jobcenter and say when the person cannot come"),
    "confirm_job_search": _l("Confirm the job search"),
}
ORIGIN = {
    "invitation": _l("Invited by the citizen"),
    "request": _l("Asked by the helper, approved by the citizen"),
    "paper": _l("Signed paper form"),
}

STATE = {
    "active": _l("In force"),
    "expired": _l("Ended on its end date"),
    "invited": _l("Invitation sent, not accepted yet"),
    "invitation_expired": _l("Invitation expired without an answer"),
    "requested": _l("Asks for access, waiting for an answer"),
    "declined": _l("Invitation declined"),
    "refused": _l("Request refused"),
    "revoked": _l("Taken back"),
}


def _scopes(value: list, _action: str) -> str:
    names = [label(SCOPE, scope) for scope in value]
    return _("May: %(scopes)s", scopes="; ".join(names))


# The sentences for the details mandates audit (account/event_facts.py).
EVENT_FACTS = {"scopes": _scopes}
