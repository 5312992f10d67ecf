"""Time in tests: today in Denmark, and the moment notices that keep the quiet hours (21-09
Danish time) may go."""

from datetime import date, datetime

from app.models.types import utcnow
from app.rules.dates import danish_today, first_moment_allowed


def today() -> date:
    """Today in Denmark, asked when used: a run that crosses midnight must not compare with the
    day its module was imported (tests/test_days_in_tests.py)."""
    return danish_today(utcnow())


def by_morning() -> datetime:
    """Now, or 09:00 Danish time while the quiet hours last: a worker run at this moment sends the
    notices that wait for the morning too, whatever time of day the test runs."""
    return first_moment_allowed(utcnow())
