"""The caseworker's plan editor and the delivery form: bad input is explained and nothing typed is lost."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.plan.support import DANISH, TRUCK, plan_form, publish, versions_of
from tests.support.forms import submit
from tests.support.login import staff_log_in


@pytest.fixture
def setting(app, client, smtp):
    jobcenter = make_jobcenter()
    citizen = make_citizen(jobcenter, target_group="kontanthjaelp_aktivitetsparat")
    caseworker = make_staff(jobcenter)
    db.session.commit()
    staff_log_in(client, smtp, caseworker)
    return citizen


def edit(client, citizen, **form):
    path = f"/medarbejder/borger/{citizen.id}/plan/ny?lang=en"
    response = submit(client, path, plan_form(**form))
    return response, response.get_data(as_text=True)


def test_publishing_needs_goals_a_contact_and_complete_activities_and_keeps_what_was_typed(client, setting):
    response, page = edit(
        client,
        setting,
        goals="",
        contact_person="",
        activities=({"title": "Praktik", "provider": "Netto Rødovre", "is_duty": "duty"},),
    )
    assert response.status_code == 422
    for message in (
        "Write the goals of the plan.",
        "Write who the citizen's contact person is.",
        "Write why the citizen takes part in the activity.",
        "Write the first day of the activity.",
    ):
        assert message in page
    assert 'href="#activities-0-purpose"' in page  # the summary links to the field inside the activity
    assert 'value="Netto Rødovre"' in page and "Søg 2 job om ugen." in page
    assert versions_of(setting) == []


def test_the_same_incomplete_plan_can_be_saved_as_a_draft(client, setting):
    response, _ = edit(
        client, setting, goals="", activities=({"title": "Praktik", "is_duty": "duty"},), action="save"
    )
    [draft] = versions_of(setting)
    assert response.status_code == 302 and draft.status == "draft" and draft.activities[0].title == "Praktik"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("starts_on", "4/1 2027", "Write the date like 2026-11-23."),
        ("hours_per_week", "tredive", "Write the hours as a number, like 12 or 7,5."),
        ("hours_per_week", "100", "Write a number of hours from 0 to 60."),
        ("ends_on", "2026-12-01", "The last day cannot be before the first day."),
        ("title", "x" * 201, "Write at most 200 characters."),
    ],
)
def test_a_bad_activity_field_is_explained_and_kept(client, setting, field, typed, message):
    response, page = edit(client, setting, action="save", activities=({**TRUCK, field: typed},))
    assert response.status_code == 422 and message in page
    assert typed in page and "AMU Hovedstaden" in page
    assert versions_of(setting) == []


def test_add_an_activity_without_javascript_keeps_the_form_and_adds_a_row(client, setting):
    response, page = edit(client, setting, action="add", activities=(TRUCK,))
    assert response.status_code == 200 and 'id="activities-1-title"' in page and "AMU Hovedstaden" in page
    assert versions_of(setting) == []


def test_removed_and_blank_activities_are_left_out_and_danish_decimals_are_read(client, setting):
    blank = {"title": "", "is_duty": "duty"}
    edit(client, setting, activities=({**TRUCK, "remove": "y"}, blank, DANISH))
    [version] = versions_of(setting)
    assert [(a.title, str(a.hours_per_week), a.is_duty) for a in version.activities] == [
        ("Dansk for voksne", "7.5", False)
    ]


def test_delivery_needs_a_channel_and_a_day_between_publishing_and_today(client, setting):
    publish(client, setting)
    [version] = versions_of(setting)
    path = f"/medarbejder/borger/{setting.id}/plan/{version.id}/levering?lang=en"
    cases = [
        ({}, "Choose how the plan was sent."),
        ({"delivery-channel": "letter"}, "Write the day it was sent."),
        (
            {
                "delivery-channel": "letter",
                "delivery-delivered_on": (danish_today(utcnow()) + timedelta(days=1)).isoformat(),
            },
            "The day cannot be in the future.",
        ),
        (
            {"delivery-channel": "digital_post", "delivery-delivered_on": "2020-01-01"},
            "The day cannot be before the plan was published.",
        ),
    ]
    for data, message in cases:
        response = submit(
            client,
            path,
            {**data, "delivery-note": "e-Boks kvittering 123"},
            form_page=f"/medarbejder/borger/{setting.id}/plan",
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, message
        assert "e-Boks kvittering 123" in page
    assert versions_of(setting)[0].deliveries == []


def test_a_draft_can_be_deleted(client, setting):
    edit(client, setting, action="save")
    response = submit(
        client,
        f"/medarbejder/borger/{setting.id}/plan/kladde/slet",
        {},
        form_page=f"/medarbejder/borger/{setting.id}/plan/ny",
    )
    assert response.status_code == 302 and versions_of(setting) == []
