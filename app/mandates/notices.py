"""The citizen hears of everything a helper does for them, each time.

Called by the services that change a case, in the same transaction as the change. A citizen
acting on their own case, or staff, do not trigger a notice.
"""

from datetime import datetime

from sqlalchemy import select

from app.audit import Actor
from app.extensions import db
from app.models import Citizen, Mandate
from app.notifications.outbox import enqueue
from app.notifications.purposes import helper_notice_after
from app.urls import external_url


def tell_citizen(actor: Actor, citizen: Citizen, action: str, now: datetime) -> None:
    """Queue "Your helper X has …" for `action` when a helper did it (the caller commits): the
    purpose declared `after_helper_action=action` by the feature the action belongs to.

    X is the name the citizen or staff wrote for the helper, never the one the helper chose
    (that would let anyone put their own words into a message from the portal)."""
    notice = helper_notice_after(action) if actor.type == "helper" else None
    if notice is None:  # e.g. opening a page: on the activity page, but not worth a message
        return
    context = {
        **_mandate_between(actor.id, citizen).helper_in_messages(),
        "link": external_url("account.activity"),
        "phone": citizen.jobcenter.phone,
    }
    # The citizen's preferred channel; a letter when that is all that reaches them.
    enqueue(notice.name, citizen, context, now=now)


def _mandate_between(helper_id: int, citizen: Citizen) -> Mandate:
    """The mandate the helper acted under: the newest between the two (one is live at a time)."""
    return db.session.scalars(
        select(Mandate)
        .where(Mandate.helper_id == helper_id, Mandate.citizen_id == citizen.id)
        .order_by(Mandate.id.desc())
        .limit(1)
    ).one()
