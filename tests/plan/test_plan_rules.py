"""Who confirms receipt of the plan, and when the one reminder is due: pure rules."""

from datetime import date, datetime

import pytest

from app.rules.dates import DANISH_TIME
from app.rules.plan import PlanSettings, acknowledge_by, acknowledging_groups, published_before_reminder

pytestmark = pytest.mark.engine_independent  # pure rules, no database


def test_only_the_three_groups_obliged_to_use_the_portal_confirm_receipt():
    assert set(acknowledging_groups()) == {
        "dagpenge",
        "kontanthjaelp_jobparat",
        "uddannelseshjaelp_aabenlyst",
    }


def test_a_jobcenter_can_change_the_table_when_the_law_changes():
    groups = acknowledging_groups(
        {"kontanthjaelp_aktivitetsparat": {"acknowledge_plan": True}, "dagpenge": {"acknowledge_plan": False}}
    )
    assert "kontanthjaelp_aktivitetsparat" in groups and "dagpenge" not in groups


def test_the_reminder_day_is_three_danish_days_after_publishing():
    late_sunday_evening = datetime(2027, 3, 28, 23, 30, tzinfo=DANISH_TIME)  # 21:30 UTC, summer time
    assert acknowledge_by(late_sunday_evening, PlanSettings()) == date(2027, 3, 31)
    assert acknowledge_by(
        late_sunday_evening, PlanSettings.from_settings({"plan": {"reminder_after_days": 5}})
    ) == date(2027, 4, 2)


def test_versions_published_on_or_before_the_reminder_day_minus_three_are_due():
    cutoff = published_before_reminder(date(2027, 3, 4), PlanSettings())
    assert cutoff == datetime(2027, 3, 2, 0, 0, tzinfo=DANISH_TIME)
    assert datetime(2027, 3, 1, 23, 59, tzinfo=DANISH_TIME) < cutoff


def test_unknown_settings_are_ignored():
    assert PlanSettings.from_settings({"plan": {"colour": "red"}}) == PlanSettings()
