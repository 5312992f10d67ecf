"""Reporting sickness: first days, late reports, long and repeated sickness (pure rules)."""

from datetime import date

import pytest

from app.rules.sickness import (
    FirstDayInFuture,
    SicknessSettings,
    check_first_day,
    is_long,
    is_repeated,
    recovery_overdue,
    reported_late,
)

pytestmark = pytest.mark.engine_independent

TODAY = date(2027, 3, 10)
DEFAULTS = SicknessSettings()


def test_a_first_day_after_today_is_refused_and_today_or_earlier_is_accepted():
    with pytest.raises(FirstDayInFuture):
        check_first_day(date(2027, 3, 11), TODAY)
    check_first_day(TODAY, TODAY)
    check_first_day(date(2027, 2, 1), TODAY)


def test_an_earlier_first_day_is_reported_late():
    assert reported_late(date(2027, 3, 9), TODAY)
    assert not reported_late(TODAY, TODAY)


def test_sickness_is_long_from_the_28th_sick_day():
    assert not is_long(date(2027, 2, 12), None, TODAY, DEFAULTS)  # 27 days including today
    assert is_long(date(2027, 2, 11), None, TODAY, DEFAULTS)  # 28 days
    assert not is_long(date(2027, 1, 1), date(2027, 1, 28), TODAY, DEFAULTS)  # recovered after 27 days
    assert is_long(date(2027, 1, 1), date(2027, 1, 29), TODAY, DEFAULTS)


def test_three_reports_within_six_months_are_repeated():
    first_days = [date(2026, 9, 10), date(2026, 12, 1), date(2027, 3, 1)]
    assert is_repeated(first_days, TODAY, DEFAULTS)
    assert not is_repeated(first_days, date(2027, 3, 12), DEFAULTS)  # the first one is now too old
    assert not is_repeated(first_days[1:], TODAY, DEFAULTS)


def test_recovery_is_overdue_only_after_the_expected_return_day_without_a_recovery():
    assert not recovery_overdue(None, None, TODAY)
    assert not recovery_overdue(TODAY, None, TODAY)
    assert recovery_overdue(date(2027, 3, 9), None, TODAY)
    assert not recovery_overdue(date(2027, 3, 9), date(2027, 3, 9), TODAY)


def test_a_jobcenter_sets_its_own_limits():
    settings = SicknessSettings.from_settings({"sickness": {"long_after_days": "14", "colour": "red"}})
    assert settings == SicknessSettings(long_after_days=14)
