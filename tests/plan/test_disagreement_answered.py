"""A citizen who disagrees with the plan and then confirms receipt stays on the staff plans
list until a caseworker has answered (issue 17: confirming receipt took them off the list).
The answer is audited, the citizen is told and reads it under the comment."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Message, PlanComment
from app.notifications import worker
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.plan.support import DANISH, TRUCK, publish, versions_of
from tests.support.forms import csrf_token, submit
from tests.support.login import signed_in_as

LIST = "/medarbejder/opfoelgning/planer?lang=en"


@pytest.fixture
def home(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "mette": make_citizen(jobcenter, name="Mette Hansen", target_group="dagpenge"),
        "caseworker": make_staff(jobcenter, role="caseworker", name="Kim Larsen"),
        "front_desk": make_staff(jobcenter, role="front_desk"),
    }
    db.session.commit()
    return people


def _log_out(client, page):
    client.post("/log-ud", data={"csrf_token": csrf_token(client, page)})


def _citizen_disagrees_and_confirms(client, twilio, mette):
    [version] = [v for v in versions_of(mette) if v.status == "published"]
    signed_in_as(client, mette)
    submit(
        client,
        f"/min-side/plan/{version.id}/kommentar",
        {"text": "Jeg kan ikke køre truck pga. min ryg.", "disagrees": "y"},
        form_page="/min-side/plan/",
    )
    submit(client, f"/min-side/plan/{version.id}/bekraeft", {}, form_page="/min-side/plan/")
    assert version.receipt("acknowledged") is not None
    _log_out(client, "/min-side/")
    return version


def test_a_disagreement_stays_on_the_list_until_a_caseworker_answers(app, client, smtp, twilio, home):
    mette, caseworker = home["mette"], home["caseworker"]
    signed_in_as(client, caseworker)
    publish(client, mette)
    _log_out(client, "/medarbejder/")
    version = _citizen_disagrees_and_confirms(client, twilio, mette)

    signed_in_as(client, caseworker)
    listed = client.get(LIST).get_data(as_text=True)
    assert "Mette Hansen" in listed and "Disagrees with the plan: not answered yet" in listed
    comment = db.session.scalars(select(PlanComment)).one()
    page = f"/medarbejder/borger/{mette.id}/plan/{version.id}"
    answer = f"/medarbejder/borger/{mette.id}/plan/kommentar/{comment.id}/svar"
    empty = submit(client, answer + "?lang=en", {f"answer-{comment.id}-answer": "  "}, form_page=page)
    assert empty.status_code == 422 and "Write your answer." in empty.get_data(as_text=True)
    assert "Mette Hansen" in client.get(LIST).get_data(as_text=True)

    text = "Vi finder et lagerjob uden truck. Jeg ringer til dig mandag."
    done = submit(client, answer, {f"answer-{comment.id}-answer": text}, form_page=page)
    assert done.status_code == 302
    assert "Mette Hansen" not in client.get(LIST).get_data(as_text=True)
    again = submit(client, answer + "?lang=en", {f"answer-{comment.id}-answer": "Igen"}, form_page=page)
    assert "already answered" in client.get(again.location + "?lang=en").get_data(as_text=True)
    db.session.expire_all()
    assert (comment.answer, comment.answered_by_label) == (text, "Kim Larsen")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.comment_answered")).one()
    assert (event.actor_type, event.actor_id, event.citizen_id) == ("staff", caseworker.id, mette.id)
    worker.run_once()
    [notice] = db.session.scalars(select(Message).where(Message.purpose == "plan_comment_answered")).all()
    assert notice.channel == "sms" and text not in (notice.body or "")  # no content on a lock screen
    _log_out(client, "/medarbejder/")

    signed_in_as(client, mette)
    plan_page = client.get("/min-side/plan/?lang=da").get_data(as_text=True)
    assert "Svar fra Kim Larsen" in plan_page and text in plan_page


def test_a_disagreement_with_an_earlier_version_is_pointed_out_on_the_current_one(
    app, client, smtp, twilio, home
):
    mette, caseworker = home["mette"], home["caseworker"]
    signed_in_as(client, caseworker)
    publish(client, mette)
    _log_out(client, "/medarbejder/")
    first = _citizen_disagrees_and_confirms(client, twilio, mette)
    signed_in_as(client, caseworker)
    publish(client, mette, activities=(TRUCK, DANISH))
    current = client.get(f"/medarbejder/borger/{mette.id}/plan?lang=en").get_data(as_text=True)
    comment = db.session.scalars(select(PlanComment)).one()
    assert "The citizen disagrees with an earlier version" in current
    assert f"/plan/{first.id}#comment-{comment.id}" in current
    assert "Mette Hansen" in client.get(LIST).get_data(as_text=True)


def test_front_desk_staff_cannot_answer(app, client, smtp, twilio, home):
    mette = home["mette"]
    signed_in_as(client, home["caseworker"])
    publish(client, mette)
    _log_out(client, "/medarbejder/")
    version = _citizen_disagrees_and_confirms(client, twilio, mette)
    comment = db.session.scalars(select(PlanComment)).one()
    signed_in_as(client, home["front_desk"])
    page = f"/medarbejder/borger/{mette.id}/plan/{version.id}"
    assert "Not answered yet." in client.get(page + "?lang=en").get_data(as_text=True)
    token = csrf_token(client, page)
    refused = client.post(
        f"/medarbejder/borger/{mette.id}/plan/kommentar/{comment.id}/svar",
        data={"csrf_token": token, f"answer-{comment.id}-answer": "Nej"},
    )
    assert refused.status_code == 403
    assert (
        db.session.scalar(
            select(func.count()).select_from(PlanComment).where(PlanComment.answer.is_not(None))
        )
        == 0
    )
