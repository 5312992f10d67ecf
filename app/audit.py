"""Write audit events. Callers pass who acted; the event joins the caller's transaction."""

from app.extensions import db
from app.models import AuditEvent


def record(action: str, *, actor_type: str, actor_id=None, actor_label: str = "",
           citizen_id=None, obj=None, **details) -> AuditEvent:
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
