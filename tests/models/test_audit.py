import pytest

from app import audit
from app.extensions import db
from app.models import AuditEvent
from app.models.audit import AuditIsAppendOnly
from tests.factories import make_citizen


def test_an_audit_event_records_actor_citizen_action_and_object(app):
    citizen = make_citizen()
    audit.record(
        "citizen.updated",
        actor_type="staff",
        actor_id=7,
        actor_label="Front desk",
        citizen_id=citizen.id,
        obj=citizen,
        field="phone",
    )
    db.session.commit()
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("staff", 7, citizen.id)
    assert (event.object_type, event.object_id) == ("Citizen", str(citizen.id))
    assert event.details == {"field": "phone"}
    assert event.at.tzinfo is not None


def test_audit_events_cannot_be_changed(app):
    event = audit.record("x", actor_type="system")
    db.session.commit()
    event.action = "rewritten"
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()


def test_audit_events_cannot_be_deleted(app):
    event = audit.record("x", actor_type="system")
    db.session.commit()
    db.session.delete(event)
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()
