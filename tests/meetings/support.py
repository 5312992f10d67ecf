"""Meetings booked the way staff book them, for the meeting tests."""

from datetime import time, timedelta

from app.extensions import db
from app.meetings import services
from app.models import Meeting
from app.models.types import utcnow
from app.rules import meetings as rules
from tests.support.clock import today


def at(days_from_today: int, clock: time = time(10, 0)):
    return rules.danish_start(today() + timedelta(days=days_from_today), clock)


def booking(starts_at, form: str = rules.IN_PERSON, **fields) -> services.Booking:
    values = {"kind": "jobsamtale", "form": form, "starts_at": starts_at, "minutes": 45}
    values.update(place="Jobcenter Rødovre, Rødovre Parkvej 150, 2610 Rødovre", agenda="Bring dit CV.")
    return services.Booking(**{**values, **fields})


def book(staff, citizen, starts_at, now=None, **fields) -> Meeting:
    meeting = services.book(staff, citizen, booking(starts_at, **fields), now or utcnow())
    db.session.commit()  # as the route does
    return meeting
