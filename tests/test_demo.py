from datetime import timedelta

from app.extensions import db
from app.models import Citizen, Exemption, Jobcenter, Mandate, StaffUser
from app.models.types import utcnow
from app.rules.dates import danish_today
from app.rules.target_groups import duties_for
from tests.notifications.conftest import smtp, twilio  # noqa: F401  (shared fixtures)
from tests.support.login import log_in, staff_log_in


def counts():
    return [
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Jobcenter, StaffUser, Citizen, Exemption)
    ]


def test_demo_data_covers_every_situation_a_newcomer_should_see(app, cli):
    result = cli.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "010190-1234" in result.output
    jobcenters = {jc.name for jc in db.session.scalars(db.select(Jobcenter))}
    assert jobcenters == {"Jobcenter København", "Jobcenter Rødovre"}
    for jobcenter in db.session.scalars(db.select(Jobcenter)):
        roles = {u.role for u in db.session.scalars(db.select(StaffUser).filter_by(jobcenter=jobcenter))}
        assert roles == {"front_desk", "caseworker", "manager", "admin"}
    people = list(db.session.scalars(db.select(Citizen)))
    assert len(people) >= 8
    assert {c.language for c in people} >= {"da", "ar", "uk"}
    assert any(not c.phone and not c.email for c in people)
    assert any(duties_for(c.target_group).confirm_job_search for c in people)
    assert any(not duties_for(c.target_group).confirm_job_search for c in people)
    kinds = {e.kind for e in db.session.scalars(db.select(Exemption)) if e.covers(danish_today(utcnow()))}
    assert kinds >= {"parental_leave", "sickness"}
    [mandate] = db.session.scalars(db.select(Mandate))  # a helper to log in as, with her own phone
    assert mandate.is_live(danish_today(utcnow())) and mandate.helper.phone in result.output


def test_demo_can_run_twice_without_duplicating_anything(app, cli):
    cli.invoke(args=["demo"])
    first = counts()
    assert cli.invoke(args=["demo"]).exit_code == 0
    assert counts() == first


def test_demo_has_someone_on_the_follow_up_list_and_the_exempt_are_not(app, cli):
    from app.job_search.follow_up import follow_up_list

    assert cli.invoke(args=["demo"]).exit_code == 0
    assert cli.invoke(args=["demo"]).exit_code == 0  # twice: still one entry
    for code, expected in (("koebenhavn", ["Lars Berg"]), ("roedovre", [])):
        staff = db.session.scalars(db.select(StaffUser).join(Jobcenter).where(Jobcenter.code == code)).first()
        rows = follow_up_list(staff, danish_today(utcnow()))
        assert [(row.citizen.name, row.risk_of_deregistration) for row in rows] == [
            (name, True) for name in expected
        ]


def test_demo_staff_have_real_names_that_read_well_inside_sentences(app, cli, twilio):  # noqa: F811
    """Issue 17: "Caseworker (Jobcenter København)" appeared inside Arabic sentences."""
    result = cli.invoke(args=["demo"])
    staff = list(db.session.scalars(db.select(StaffUser)))
    role_words = ("caseworker", "front", "desk", "manager", "admin", "jobcenter", "(")
    assert all(not any(word in user.name.casefold() for word in role_words) for user in staff)
    assert len({user.name for user in staff}) == len(staff)
    assert "frontdesk@koebenhavn.example.dk" in result.output and "Sanne Holm" in result.output
    ahmad = db.session.scalars(db.select(Citizen).filter_by(name="Ahmad Al-Sayed")).one()
    client = app.test_client()
    log_in(client, twilio, ahmad)
    page = client.get("/min-side/plan/?lang=ar").get_data(as_text=True)
    caseworker = next(u for u in staff if u.role == "caseworker" and u.jobcenter_id == ahmad.jobcenter_id)
    assert caseworker.name in page and "Caseworker" not in page


def test_the_readme_demo_accounts_still_log_in(app, cli, smtp):  # noqa: F811
    cli.invoke(args=["demo"])
    client = app.test_client()
    user = db.session.scalars(db.select(StaffUser).filter_by(email="frontdesk@koebenhavn.example.dk")).one()
    staff_log_in(client, smtp, user, password="demo-password")
    assert client.get("/medarbejder/").status_code == 200


def test_demo_has_meetings_coming_past_missed_cancelled_and_in_barsel(app, cli):
    from app.meetings.report import ReportFilter, rows
    from app.models import Meeting

    assert cli.invoke(args=["demo"]).exit_code == 0
    assert cli.invoke(args=["demo"]).exit_code == 0  # twice: the same meetings
    meetings = list(db.session.scalars(db.select(Meeting)))
    statuses = [m.status for m in meetings]
    assert statuses.count("booked") == 3 and {"held", "absent", "cancelled_by_citizen"} <= set(statuses)
    [cancelled] = [m for m in meetings if m.status == "cancelled_by_citizen"]
    assert cancelled.citizen_reason == "sick_child"
    today = danish_today(utcnow())
    roedovre = db.session.scalar(db.select(Jobcenter).filter_by(code="roedovre"))
    [barsel] = rows(ReportFilter(roedovre.id, today.replace(day=1) - timedelta(days=60), today), utcnow())
    assert barsel.outcome == "exempt"
