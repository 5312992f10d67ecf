"""A sygedagpenge case of category 3 meets every 8 weeks, not every 4 (DOMAIN.md, "Meetings").
The caseworker sets the category on the citizen page; the deadline and the timeliness report
follow."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.meetings import report, services
from app.models import AuditEvent
from app.models.types import utcnow
from app.rules import meetings as rules
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.meetings.support import today
from tests.support.forms import submit
from tests.support.login import staff_log_in


def test_category_3_has_its_own_rhythm_and_other_cases_keep_their_groups():
    assert rules.rhythm_for("sygedagpenge", None, 3).interval_days == 56
    assert rules.rhythm_for("sygedagpenge", None, 2).interval_days == 28
    assert rules.rhythm_for("sygedagpenge").interval_days == 28
    assert rules.rhythm_for("dagpenge", None, 3) == rules.rhythm_for("dagpenge")
    changed = {"meeting_rhythms": {"sygedagpenge_kategori_3": {"interval_days": 49}}}
    assert rules.rhythm_for("sygedagpenge", changed, 3).interval_days == 49  # a jobcenter's own rhythm


@pytest.fixture
def office(app):
    jobcenter = make_jobcenter()
    registered = today() - timedelta(days=40)
    people = {
        "sick": make_citizen(
            jobcenter, name="Sofie Syg", target_group="sygedagpenge", registered_on=registered
        ),
        "unemployed": make_citizen(jobcenter, target_group="dagpenge"),
        "caseworker": make_staff(jobcenter, role="caseworker"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "stranger": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def set_category(client, citizen, value: str):
    return submit(
        client, f"/medarbejder/borger/{citizen.id}/sygedagpenge-kategori", {"category-category": value}
    )


def test_the_caseworker_sets_category_3_and_the_deadline_moves_to_8_weeks(client, smtp, office):
    sick = office["sick"]
    assert services.deadline_for(sick) == sick.registered_on + timedelta(days=28)
    staff_log_in(client, smtp, office["caseworker"])
    page = client.get(f"/medarbejder/borger/{sick.id}/sygedagpenge-kategori?lang=da").text
    assert "kategori 3 mindst hver 56. dag" in page and "mindst hver 28. dag" in page
    answer = set_category(client, sick, "3")
    assert answer.status_code == 302 and answer.location.endswith("#meetings")
    db.session.refresh(sick)
    assert sick.sickness_category == 3
    assert services.deadline_for(sick) == sick.registered_on + timedelta(days=56)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "citizen.sickness_category_set")
    )
    assert (event.citizen_id, event.actor_id, event.details) == (
        sick.id,
        office["caseworker"].id,
        {"before": None, "after": 3},
    )
    assert set_category(client, sick, "3").status_code == 302  # the same again: no second event
    assert db.session.query(AuditEvent).filter_by(action="citizen.sickness_category_set").count() == 1


def test_the_timeliness_report_counts_a_category_3_deadline_at_8_weeks(app, office):
    sick = office["sick"]  # registered 40 days ago, never met
    wanted = report.ReportFilter(
        sick.jobcenter_id, today() - timedelta(days=60), today(), target_group="sygedagpenge"
    )
    assert [row.citizen_id for row in report.rows(wanted, utcnow()) if row.meeting_id is None] == [sick.id]
    services.set_sickness_category(office["caseworker"], sick, 3)
    db.session.commit()
    assert [row.citizen_id for row in report.rows(wanted, utcnow()) if row.meeting_id is None] == []


def test_bad_values_roles_and_other_groups_are_refused(app, client, smtp, office):
    sick, unemployed = office["sick"], office["unemployed"]
    staff_log_in(client, smtp, office["caseworker"])
    wrong = set_category(client, sick, "7")
    assert wrong.status_code == 422 and 'id="error-summary"' in wrong.text
    refused = set_category(client, unemployed, "3")
    assert refused.status_code == 422 and "Kun en sygedagpengesag har en kategori." in refused.text
    assert "sygedagpenge-kategori" not in client.get(f"/medarbejder/borger/{unemployed.id}").text
    desk = app.test_client()
    staff_log_in(desk, smtp, office["front_desk"])
    assert set_category(desk, sick, "3").status_code == 403
    stranger = app.test_client()
    staff_log_in(stranger, smtp, office["stranger"])
    assert set_category(stranger, sick, "3").status_code == 404
    db.session.refresh(sick)
    assert sick.sickness_category is None
