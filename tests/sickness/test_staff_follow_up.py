"""Staff see new, late, long and repeated sickness and overdue recovery, only in their jobcenter."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models.types import utcnow
from app.rules.dates import danish_today
from app.sickness import services
from app.sickness.follow_up import flags_of, reports_needing_attention
from app.sickness.services import SickReport
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.login import signed_in_as

LIST = "/medarbejder/opfoelgning/sygdom"


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56", settings={"sickness": {"repeated_reports": 2}})
    people = {
        "sick": make_citizen(jobcenter, name="Sofie Syg"),
        "caseworker": make_staff(jobcenter, role="caseworker"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
        "other_caseworker": make_staff(make_jobcenter(), role="caseworker"),
    }
    db.session.commit()
    return people


def ago(days: int):
    return danish_today(utcnow()) - timedelta(days=days)


def sick(citizen, first_day, recovered_on=None, expected_return_on=None):
    actor = services.Actor.of_citizen(citizen)
    report = services.report_sick(actor, citizen, SickReport(first_day, expected_return_on), utcnow())
    if recovered_on:
        services.report_recovery(actor, report, recovered_on, utcnow())
    return report


def test_the_list_flags_each_reason_to_look(home):
    citizen = home["sick"]
    earlier = sick(citizen, ago(100), recovered_on=ago(95))
    current = sick(citizen, ago(30), expected_return_on=ago(2))
    [row] = [r for r in reports_needing_attention(home["caseworker"], ago(0)) if r.report.id == current.id]
    assert row.flags == ("new", "late", "long", "repeated", "recovery_overdue")
    unread = [r.report.id for r in reports_needing_attention(home["caseworker"], ago(0))]
    assert earlier.id in unread
    assert reports_needing_attention(home["other_caseworker"], ago(0)) == []


def test_a_fresh_report_is_only_new(home):
    report = sick(home["sick"], ago(0))
    assert flags_of(report, [report.first_day], ago(0), services.settings_for(home["sick"])) == ("new",)


def test_marking_as_read_takes_a_recovered_report_off_the_list(client, smtp, home):
    report = sick(home["sick"], ago(5), recovered_on=ago(1))
    signed_in_as(client, home["caseworker"])
    citizen_page = f"/medarbejder/borger/{home['sick'].id}"
    assert f"{citizen_page}#sickness" in client.get(LIST).get_data(as_text=True)
    response = submit(client, f"/medarbejder/sygemelding/{report.id}/laest", {}, form_page=citizen_page)
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.seen_by_staff_at is not None and report.seen_by_staff_label == home["caseworker"].name
    assert f"{citizen_page}#sickness" not in client.get(LIST).get_data(as_text=True)


def test_front_desk_sees_the_list_but_cannot_mark_and_other_jobcenters_get_404(app, client, smtp, home):
    report = sick(home["sick"], ago(0))
    signed_in_as(client, home["front_desk"])
    assert client.get(LIST).status_code == 200
    response = submit(client, f"/medarbejder/sygemelding/{report.id}/laest", {}, form_page=LIST)
    assert response.status_code == 403
    other = app.test_client()
    signed_in_as(other, home["other_caseworker"])
    citizen_page = "/medarbejder/"
    response = submit(other, f"/medarbejder/sygemelding/{report.id}/laest", {}, form_page=citizen_page)
    assert response.status_code == 404
    db.session.refresh(report)
    assert report.seen_by_staff_at is None
