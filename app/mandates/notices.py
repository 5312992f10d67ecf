"""The citizen hears of everything a helper does for them, each time.

Called by the services that change a case, in the same transaction as the change. A citizen
acting on their own case, or staff, do not trigger a notice.
"""

from datetime import datetime

from flask import current_app

from app.audit import Actor
from app.models import Citizen
from app.notifications.outbox import enqueue
from app.rules.sms import short_name

# Audited action → message purpose. Every action a helper's scope allows has one; None for
# opening a page, which changes nothing (it is on the activity page, but not worth a message).
HELPER_NOTICES = {
    "plan.viewed": None,
    "sickness.reported": "helper_reported_sick",
    "sickness.recovered": "helper_reported_recovery",
    "claim.submitted": "helper_handed_in_claim",
    "plan.acknowledged": "helper_acknowledged_plan",
    "plan.read": "helper_read_plan",
    "plan.commented": "helper_commented_plan",
    "job_search.confirmed": "helper_confirmed_job_search",
}


def portal_link(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def tell_citizen(actor: Actor, citizen: Citizen, action: str, now: datetime) -> None:
    """Queue "Your helper X has …" for `action` when a helper did it (the caller commits)."""
    if actor.type != "helper" or HELPER_NOTICES[action] is None:
        return
    context = {
        "helper": short_name(actor.label),
        "link": portal_link("/min-side/aktivitet"),
        "phone": citizen.jobcenter.phone,
    }
    # The citizen's preferred channel; a letter when that is all that reaches them.
    enqueue(HELPER_NOTICES[action], citizen, context, now=now)
