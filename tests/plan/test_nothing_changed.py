"""Publishing a version identical to the one in force is refused (issue 17): it made a new
version number and sent the citizen a message about a plan that had not changed."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Message
from app.plan.changes import same_content
from app.plan.services import ActivityContent, PlanContent
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.plan.support import DANISH, TRUCK, plan_form, publish, versions_of
from tests.support.forms import submit
from tests.support.login import signed_in_as


@pytest.fixture
def mette(app):
    jobcenter = make_jobcenter()
    citizen = make_citizen(jobcenter, name="Mette Hansen", target_group="dagpenge")
    citizen.caseworker = make_staff(jobcenter, role="caseworker")
    db.session.commit()
    return citizen


def messages_about_plans() -> int:
    return db.session.scalar(select(func.count()).select_from(Message).where(Message.purpose.like("plan_%")))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_publishing_the_same_plan_again_is_refused_and_the_draft_kept(client, smtp, mette, lang):
    signed_in_as(client, mette.caseworker)
    assert publish(client, mette).status_code == 302
    publish(client, mette, action="save")  # the same text kept as a draft
    again = _publish_in(client, mette, lang)
    page = again.get_data(as_text=True)
    assert again.status_code == 422
    expected = {
        "da": "Intet er ændret siden version 1, så intet blev offentliggjort.",
        "en": "Nothing has changed since version 1, so nothing was published.",
    }[lang]
    assert expected in page and "Truckkørekort" in page  # what was typed is still in the form
    assert [(v.number, v.status) for v in versions_of(mette)] == [(1, "published"), (None, "draft")]
    assert messages_about_plans() == 1


def test_a_real_change_is_published_as_the_next_version(client, smtp, mette):
    signed_in_as(client, mette.caseworker)
    publish(client, mette)
    assert publish(client, mette, activities=(TRUCK, DANISH)).status_code == 302
    assert [(v.number, v.status) for v in versions_of(mette)] == [(1, "superseded"), (2, "published")]
    assert messages_about_plans() == 2


def _publish_in(client, citizen, lang):
    path = f"/medarbejder/borger/{citizen.id}/plan/ny"
    return submit(client, f"{path}?lang={lang}", plan_form(), form_page=path)


def test_same_content_sees_every_field_and_the_order_of_activities():
    truck = ActivityContent(title="Truck", purpose="Certifikat", is_duty=True)
    danish = ActivityContent(title="Dansk", purpose="Sprog", is_duty=False)
    plan = PlanContent(goals="Job", contact_person="Kim", activities=(truck, danish))
    assert same_content(plan, PlanContent(goals="Job", contact_person="Kim", activities=(truck, danish)))
    assert not same_content(plan, PlanContent(goals="Job.", contact_person="Kim", activities=(truck, danish)))
    assert not same_content(plan, PlanContent(goals="Job", contact_person="Kim", activities=(danish, truck)))
    assert not same_content(plan, PlanContent(goals="Job", contact_person="Kim", activities=(truck,)))
    voluntary = ActivityContent(title="Truck", purpose="Certifikat", is_duty=False)
    assert not same_content(
        plan, PlanContent(goals="Job", contact_person="Kim", activities=(voluntary, danish))
    )
