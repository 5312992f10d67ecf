"""What the citizen's own pages show. Read-only: nothing here changes the case."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditEvent, Citizen, Message

PAGE_SIZE = 50


def messages_for(citizen: Citizen) -> list[Message]:
    """The newest messages to the citizen first, with their attempts loaded in one query."""
    query = (
        select(Message).where(Message.citizen_id == citizen.id)
        .options(selectinload(Message.attempt_log))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(PAGE_SIZE)
    )
    return list(db.session.scalars(query))


def activity_for(citizen: Citizen) -> list[AuditEvent]:
    query = (
        select(AuditEvent).where(AuditEvent.citizen_id == citizen.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE)
    )
    return list(db.session.scalars(query))
