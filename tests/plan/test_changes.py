"""What changed between two versions: pure, on plain values."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.plan.changes import changes_between

pytestmark = pytest.mark.engine_independent  # plain values, no database


def activity(title, **fields):
    defaults = {
        "provider": "",
        "starts_on": None,
        "ends_on": None,
        "hours_per_week": None,
        "is_duty": True,
        "purpose": "",
        "gain": "",
    }
    return SimpleNamespace(title=title, **{**defaults, **fields})


def plan(goals="Job som lagerarbejder", activities=(), **fields):
    defaults = {
        "job_search_requirements": "2 ansøgninger om ugen",
        "contact_person": "Kim, 70 12 34 56",
        "mentor": "",
    }
    return SimpleNamespace(goals=goals, activities=list(activities), **{**defaults, **fields})


def test_nothing_changed_when_only_case_and_spaces_in_a_title_differ():
    old = plan(activities=[activity("Truckkørekort", hours_per_week=Decimal("10"))])
    new = plan(activities=[activity("  truckkørekort ", hours_per_week=Decimal("10.0"))])

    def show(_name, value):
        return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)

    assert changes_between(old, new, show).none


def test_fields_activities_added_removed_and_changed_are_each_reported():
    old = plan(
        activities=[
            activity("Truckkørekort", hours_per_week=10, starts_on=date(2027, 1, 4)),
            activity("Praktik i Netto"),
        ]
    )
    new = plan(
        goals="Job som chauffør",
        mentor="Aisha",
        activities=[
            activity("Truckkørekort", hours_per_week=15, starts_on=date(2027, 1, 4)),
            activity("Dansk for voksne", is_duty=False),
        ],
    )
    changes = changes_between(old, new)
    assert [(c.name, c.before, c.after) for c in changes.fields] == [
        ("goals", "Job som lagerarbejder", "Job som chauffør"),
        ("mentor", "", "Aisha"),
    ]
    assert [(c.kind, c.activity.title) for c in changes.activities] == [
        ("changed", "Truckkørekort"),
        ("added", "Dansk for voksne"),
        ("removed", "Praktik i Netto"),
    ]
    assert [(f.name, f.before, f.after) for f in changes.activities[0].fields] == [
        ("hours_per_week", "10", "15")
    ]


def test_duty_becoming_voluntary_is_a_change():
    changes = changes_between(
        plan(activities=[activity("Kursus")]), plan(activities=[activity("Kursus", is_duty=False)])
    )
    assert [(f.name, f.before, f.after) for f in changes.activities[0].fields] == [
        ("is_duty", "True", "False")
    ]
