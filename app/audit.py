"""Write audit events. Callers pass who acted; the event joins the caller's transaction."""

from dataclasses import dataclass

from app.extensions import db
from app.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who did something on a citizen's case, for the evidence rows and the audit log."""

    type: str  # citizen | staff | helper | system
    id: int | None
    label: str

    @classmethod
    def of_citizen(cls, citizen) -> "Actor":
        return cls("citizen", citizen.id, citizen.name)

    @classmethod
    def of_staff(cls, staff) -> "Actor":
        return cls("staff", staff.id, staff.name)

    @classmethod
    def of_helper(cls, helper) -> "Actor":
        return cls("helper", helper.id, helper.name)


def record(
    action: str,
    *,
    actor_type: str,
    actor_id=None,
    actor_label: str = "",
    citizen_id=None,
    obj=None,
    **details,
) -> AuditEvent:
    """Add an audit event to the session (the caller commits it with the change it describes)."""
    event = AuditEvent(
        action=action,
        actor_type=actor_type,
        actor_id=actor_id,
        actor_label=actor_label,
        citizen_id=citizen_id,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or ""),
        details=details,
    )
    db.session.add(event)
    return event


def record_by(actor: Actor, action: str, citizen_id: int, obj=None, **details) -> AuditEvent:
    """`record` for a change made by `actor` on the case of `citizen_id`."""
    return record(
        action,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
        citizen_id=citizen_id,
        obj=obj,
        **details,
    )
