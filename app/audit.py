"""Write audit events. Callers pass who acted; the event joins the caller's transaction.

Two kinds: changes on a citizen's case (`record`, `record_by`), and staff reading a citizen's data
(`record_lookup`): every page, download or export that shows staff a citizen's data leaves one
"lookup.<what>" event per citizen shown, so a citizen's record of who looked is complete.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert

from app.extensions import db
from app.models import AuditEvent
from app.models.types import utcnow

LOOKUP = "lookup."  # the actions of look-ups start with this


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

    @classmethod
    def system(cls, label: str = "") -> "Actor":
        """The portal itself (a job, the login page, the command line), named by `label`."""
        return cls("system", None, label)


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


def row(
    action: str,
    *,
    actor_type: str,
    citizen_id=None,
    object_type: str = "",
    object_id: str = "",
    **details,
) -> dict:
    """The event `record` would add, as a row of column values, for a bulk insert (a sweep
    recording thousands of events builds no AuditEvent objects)."""
    return {
        "at": utcnow(),
        "action": action,
        "actor_type": actor_type,
        "actor_id": None,
        "actor_label": "",
        "citizen_id": citizen_id,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
    }


def record_by(actor: Actor, action: str, citizen_id: int | None = None, obj=None, **details) -> AuditEvent:
    """`record` for a change made by `actor` on the case of `citizen_id` (None: on no case, e.g. a
    staff account)."""
    return record(
        action,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
        citizen_id=citizen_id,
        obj=obj,
        **details,
    )


def record_lookup(staff, what: str, citizens, obj=None, **details) -> int:
    """Record that `staff` opened `what` (a page, a file, an export) showing the data of
    `citizens`: a Citizen, a citizen id, or an iterable of either (a list shows many).

    One event per citizen, action "lookup.<what>", with the object opened (a claim, a file, a plan
    version) and `details` (never a CPR number). The record is the unit of work of a page that
    only reads, so this commits (a page that also changes something commits that first). Returns
    how many citizens were recorded.
    """
    citizen_ids = _ids_of(citizens)
    if citizen_ids:
        rows = [_lookup_row(staff, what, citizen_id, obj, details) for citizen_id in citizen_ids]
        db.session.execute(insert(AuditEvent), rows)  # one statement for a list of thousands
    db.session.commit()
    return len(citizen_ids)


def _ids_of(citizens) -> list[int]:
    many = citizens if isinstance(citizens, Iterable) else [citizens]
    ids = (citizen if isinstance(citizen, int) else citizen.id for citizen in many)
    return list(dict.fromkeys(ids))  # each citizen once, in the order shown


def _lookup_row(staff, what: str, citizen_id: int, obj, details: dict) -> dict:
    return {
        "at": utcnow(),
        "action": LOOKUP + what,
        "actor_type": "staff",
        "actor_id": staff.id,
        "actor_label": staff.name,
        "citizen_id": citizen_id,
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": str(getattr(obj, "id", "") or ""),
        # The role and jobcenter as they were at the time: a role can change later.
        "details": {"role": staff.role, "jobcenter_id": staff.jobcenter_id, **details},
    }


def record_helper_view(helper, what: str, citizen_id: int) -> None:
    """Record that `helper` opened `what` (an endpoint) on the case of `citizen_id`, and commit:
    the citizen sees helpers' look-ups next to the jobcenter's."""
    row = {
        "at": utcnow(),
        "action": LOOKUP + what,
        "actor_type": "helper",
        "actor_id": helper.id,
        "actor_label": helper.name,
        "citizen_id": citizen_id,
        "object_type": "",
        "object_id": "",
        "details": {"role": "helper"},
    }
    db.session.execute(insert(AuditEvent), [row])
    db.session.commit()
