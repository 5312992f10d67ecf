"""Due dates, the missed-deadline ladder and quiet hours: pure rules, no database."""

from datetime import date, timedelta

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
