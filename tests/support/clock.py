"""Time in tests that send notices which keep the quiet hours (21-09 Danish time)."""

from datetime import datetime

from app.models.types import utcnow
from app.rules.dates import first_moment_allowed


def by_morning() -> datetime:
    """Now, or 09:00 Danish time while the quiet hours last: a worker run at this moment sends the
    notices that wait for the morning too, whatever time of day the test runs."""
    return first_moment_allowed(utcnow())
