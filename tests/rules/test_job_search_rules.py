"""Due dates, the missed-deadline ladder and quiet hours: pure rules, no database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.rules import job_search as rules
from app.rules.job_search import JobSearchSettings, Period

pytestmark = pytest.mark.engine_independent

MON = date(2027, 3, 1)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def test_the_deadline_is_seven_days_after_the_last_confirmation():
    assert rules.next_due_date(MON, []) == day(7)


def test_exempt_days_do_not_count_and_the_deadline_never_falls_inside_an_exemption():
    holiday = Period(day(3), day(5), "holiday")
    assert rules.next_due_date(MON, [holiday]) == day(10)
    ends_on_deadline = Period(day(6), day(7), "holiday")
    assert rules.next_due_date(MON, [ends_on_deadline]) == day(9)
    overlapping = [Period(day(2), day(4)), Period(day(4), day(6))]
    assert rules.next_due_date(MON, overlapping) == day(12)


def test_an_open_ended_exemption_stops_the_clock():
    assert rules.next_due_date(MON, [Period(day(3), None, "parental_leave")]) is None
    assert rules.next_due_date(MON, [Period(day(30), None, "parental_leave")]) == day(7)


def test_recovery_from_sickness_restarts_the_clock_but_a_holiday_only_pauses_it():
    sickness = Period(day(3), day(9), "sickness")
    assert rules.clock_start(MON, [sickness]) == day(10)
    assert rules.next_due_date(rules.clock_start(MON, [sickness]), [sickness]) == day(17)
    assert rules.clock_start(MON, [Period(day(3), day(9), "holiday")]) == MON
    assert rules.clock_start(day(12), [sickness]) == day(12)  # confirmed after it: no change


def test_first_and_second_miss_give_seven_extra_days_the_third_goes_to_staff():
    first = rules.after_miss(rules.OPEN, day(7), day(7), 0, [])
    second = rules.after_miss(rules.OPEN, day(7), day(7), 1, [])
    third = rules.after_miss(rules.OPEN, day(7), day(7), 2, [])
    assert (first.stage, first.deadline_on, first.notice) == (rules.EXTENDED, day(14), "missed")
    assert second.stage == rules.EXTENDED
    assert (third.stage, third.notice) == (rules.FOLLOW_UP, "follow_up")


def test_a_missed_extension_goes_to_staff_and_a_holiday_in_the_extension_moves_it():
    assert rules.after_miss(rules.EXTENDED, day(7), day(14), 0, []).stage == rules.FOLLOW_UP
    assert rules.extended_deadline(day(7), [Period(day(9), day(10))]) == day(16)


def test_jobcenter_settings_override_the_defaults_and_unknown_keys_are_ignored():
    settings = JobSearchSettings.from_settings(
        {"job_search": {"interval_days": "14", "helpers_may_confirm": 1, "nonsense": 3}}
    )
    assert settings.interval_days == 14 and settings.helpers_may_confirm is True
    assert settings.heads_up_days == 2
    assert (
        rules.after_miss(
            rules.OPEN, day(7), day(7), 0, [], JobSearchSettings(misses_before_follow_up=0)
        ).stage
        == rules.FOLLOW_UP
    )


def test_reminder_time_is_nine_danish_time_on_both_sides_of_summer_time():
    before = rules.reminder_moment(date(2027, 3, 27))
    after = rules.reminder_moment(date(2027, 3, 29))
    assert before.astimezone(UTC).hour == 8  # CET, UTC+1
    assert after.astimezone(UTC).hour == 7  # CEST, UTC+2
    autumn = rules.reminder_moment(date(2027, 11, 1))
    assert autumn.astimezone(UTC).hour == 8


def test_quiet_hours_are_from_21_to_9_danish_time():
    def utc(hour, minute=0, d=date(2027, 6, 1)):  # summer: Danish time is UTC+2
        return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)

    assert rules.in_quiet_hours(utc(19))  # 21:00 Danish time
    assert not rules.in_quiet_hours(utc(18, 59))  # 20:59
    assert rules.in_quiet_hours(utc(6, 59))  # 08:59
    assert not rules.in_quiet_hours(utc(7))  # 09:00


def test_a_moment_in_quiet_hours_moves_to_nine_the_same_or_next_morning():
    late = datetime(2027, 3, 27, 21, 30, tzinfo=UTC)  # 22:30 Danish time, the night before summer time
    early = datetime(2027, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 Danish time
    assert rules.first_moment_allowed(late) == rules.reminder_moment(date(2027, 3, 28))
    assert rules.first_moment_allowed(early) == rules.reminder_moment(date(2027, 3, 29))
    noon = datetime(2027, 3, 29, 10, 0, tzinfo=UTC)
    assert rules.first_moment_allowed(noon) == noon


def test_a_deadline_lasts_the_whole_danish_day():
    deadline = date(2027, 3, 29)
    assert not rules.deadline_passed(deadline, datetime(2027, 3, 29, 21, 59, tzinfo=UTC))  # 23:59
    assert rules.deadline_passed(deadline, datetime(2027, 3, 29, 22, 0, tzinfo=UTC))  # 00:00 next day
