"""Mandate rules on plain values: end dates, what is in force, what people see, SMS names."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.rules import mandates as rules
from app.rules.sms import NAME_ROOM, short_name

pytestmark = pytest.mark.engine_independent

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("today", "default"), [(date(2026, 11, 23), date(2027, 11, 23)), (date(2028, 2, 29), date(2029, 2, 28))]
)
def test_the_default_end_is_twelve_months_later(today, default):
    assert rules.default_end(today) == default


def test_an_end_date_is_at_most_three_years_ahead_and_not_in_the_past():
    assert rules.end_is_allowed(TODAY, TODAY)
    assert rules.end_is_allowed(rules.latest_end(TODAY), TODAY)
    assert rules.latest_end(TODAY) == date(2029, 11, 23)
    assert not rules.end_is_allowed(rules.latest_end(TODAY) + timedelta(days=1), TODAY)
    assert not rules.end_is_allowed(TODAY - timedelta(days=1), TODAY)


@pytest.mark.parametrize(
    ("status", "ends_on", "live"),
    [
        ("active", TODAY, True),  # the end date is the last day
        ("active", TODAY - timedelta(days=1), False),
        ("revoked", TODAY + timedelta(days=30), False),
        ("invited", TODAY + timedelta(days=30), False),
        ("requested", TODAY + timedelta(days=30), False),
    ],
)
def test_only_an_accepted_unrevoked_mandate_before_its_end_is_in_force(status, ends_on, live):
    assert rules.is_live(status, ends_on, TODAY) is live


@pytest.mark.parametrize(
    ("status", "ends_on", "created_days_ago", "state"),
    [
        ("active", TODAY, 0, "active"),
        ("active", TODAY - timedelta(days=1), 0, "expired"),
        ("invited", TODAY, 13, "invited"),
        ("invited", TODAY, 14, "invitation_expired"),
        ("revoked", TODAY, 0, "revoked"),
    ],
)
def test_the_state_people_see_follows_time(status, ends_on, created_days_ago, state):
    created = NOW - timedelta(days=created_days_ago)
    assert rules.state(status, ends_on, created, NOW, TODAY) == state


def test_confirming_job_search_is_offered_only_when_the_jobcenter_allows_it():
    assert rules.CONFIRM_JOB_SEARCH not in rules.scopes_offered(rules.MandateSettings())
    allowed = rules.MandateSettings.from_settings({"mandates": {"helpers_may_confirm_job_search": True}})
    assert rules.scopes_offered(allowed) == rules.SCOPES


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Fatima", "Fatima"),
        ("  Anna   Sofie  ", "Anna Sofie"),
        ("Mohammad Abdulrahman Ibrahim Al-Hassani Mahmoud", "Mohammad Mahmoud"),
        ("A" * 50, "A" * NAME_ROOM),
    ],
)
def test_names_in_sms_are_cut_to_the_room_the_texts_were_measured_with(name, short):
    assert short_name(name) == short and len(short_name(name)) <= NAME_ROOM
