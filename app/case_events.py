"""Events on a citizen's case, recorded by one call (a kernel module: every feature uses it): the
audit event with who acted, and what follows from it. Today that is the notice a citizen gets
when a helper acted for them ("Your helper X has …"); the purpose that carries it is declared by
the feature the action belongs to (`after_helper_action`, app/notifications/purposes.py).
"""

from datetime import datetime

from sqlalchemy import select

from app import audit
from app.audit import Actor
from app.extensions import db
from app.models import AuditEvent, Citizen, Mandate
from app.notifications.outbox import enqueue
from app.notifications.purposes import helper_notice_after
from app.urls import external_url


def record_event(
    actor: Actor, citizen: Citizen, action: str, obj=None, *, now: datetime, **details
) -> AuditEvent:
    """Record that `actor` did `action` on `citizen`'s case (about `obj`, with `details`) and queue
    what follows from it: the citizen hears of what a helper did for them (tell_citizen). Both
    join the caller's unit of work."""
    event = audit.record_by(actor, action, citizen.id, obj, **details)
    tell_citizen(actor, citizen, action, now)
    return event


def tell_citizen(actor: Actor, citizen: Citizen, action: str, now: datetime) -> None:
    """Queue "Your helper X has …" for `action` when a helper did it (the caller commits): the
    purpose declared `after_helper_action=action` by the feature the action belongs to. A citizen
    acting on their own case, or staff, trigger no notice.

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
