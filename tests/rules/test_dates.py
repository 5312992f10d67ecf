"""Danish time, the reminder hour and quiet hours: pure rules, no database."""

from datetime import UTC, date, datetime

import pytest

from app.rules import dates
from app.rules.dates import ReminderHours

pytestmark = pytest.mark.engine_independent


def test_reminder_time_is_nine_danish_time_on_both_sides_of_summer_time():
    before = dates.reminder_moment(date(2027, 3, 27))
    after = dates.reminder_moment(date(2027, 3, 29))
    assert before.astimezone(UTC).hour == 8  # CET, UTC+1
    assert after.astimezone(UTC).hour == 7  # CEST, UTC+2
    autumn = dates.reminder_moment(date(2027, 11, 1))
    assert autumn.astimezone(UTC).hour == 8


def test_quiet_hours_are_from_21_to_9_danish_time():
    def utc(hour, minute=0, d=date(2027, 6, 1)):  # summer: Danish time is UTC+2
        return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)

    assert dates.in_quiet_hours(utc(19))  # 21:00 Danish time
    assert not dates.in_quiet_hours(utc(18, 59))  # 20:59
    assert dates.in_quiet_hours(utc(6, 59))  # 08:59
    assert not dates.in_quiet_hours(utc(7))  # 09:00


def test_a_moment_in_quiet_hours_moves_to_nine_the_same_or_next_morning():
    late = datetime(2027, 3, 27, 21, 30, tzinfo=UTC)  # 22:30 Danish time, the night before summer time
    early = datetime(2027, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 Danish time
    assert dates.first_moment_allowed(late) == dates.reminder_moment(date(2027, 3, 28))
    assert dates.first_moment_allowed(early) == dates.reminder_moment(date(2027, 3, 29))
    noon = datetime(2027, 3, 29, 10, 0, tzinfo=UTC)
    assert dates.first_moment_allowed(noon) == noon


def test_a_deadline_lasts_the_whole_danish_day():
    deadline = date(2027, 3, 29)
    assert not dates.deadline_passed(deadline, datetime(2027, 3, 29, 21, 59, tzinfo=UTC))  # 23:59
    assert dates.deadline_passed(deadline, datetime(2027, 3, 29, 22, 0, tzinfo=UTC))  # 00:00 next day


def test_a_jobcenter_sets_its_own_hours_in_its_job_search_settings():
    hours = ReminderHours.from_settings({"job_search": {"quiet_from_hour": "20", "interval_days": 14}})
    assert hours == ReminderHours(reminder_hour=9, quiet_from_hour=20, quiet_until_hour=9)
    assert dates.in_quiet_hours(datetime(2027, 6, 1, 18, 30, tzinfo=UTC), hours)  # 20:30 Danish time
