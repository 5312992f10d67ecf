"""The timeliness report counts a constructed sample right: held on time, absent after a timely
summons, cancelled with a reason, moved by the jobcenter, late, and a barsel case that must not
count as late; the CSV carries the evidence; filters and access."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.meetings import report, services
from app.models import AuditEvent, Exemption
from app.models.types import utcnow
from app.rules import meetings as rules
from app.rules.dates import danish_today
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.login import staff_log_in
from tests.support.poppler import poppler

REGISTERED = date(2027, 1, 4)
BOOKED_AT = datetime(2027, 1, 11, 10, tzinfo=UTC)
AFTER = datetime(2027, 6, 1, tzinfo=UTC)


def on(day: date):
    return rules.danish_start(day, time(10, 0))


def meeting(staff, citizen, day: date, booked_at=BOOKED_AT, delivered=True):
    booking = services.Booking("jobsamtale", rules.IN_PERSON, on(day), 30, place="Jobcentret")
    booked = services.book(staff, citizen, booking, booked_at)
    if delivered:
        booked.summons_message.status, booked.summons_message.sent_at = "delivered", booked_at
        booked.summons_message.delivered_at = booked_at + timedelta(seconds=5)
    return booked


def after_start(booked, status, note=""):
    booked.status, booked.outcome_note = status, note
    db.session.commit()


@pytest.fixture
def sample(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    karin = make_staff(jobcenter, role="caseworker", name="Karin")
    peter = make_staff(jobcenter, role="caseworker", name="Peter")
    citizen = lambda name, group="kontanthjaelp_aktivitetsparat": make_citizen(  # noqa: E731
        jobcenter, name=name, target_group=group, registered_on=REGISTERED
    )
    made = {}
    # Deadline for all: 12 weeks from registration, 29 March 2027.
    made["held"] = meeting(karin, citizen("Held On Time"), date(2027, 2, 15))
    after_start(made["held"], rules.HELD)
    made["absent"] = meeting(karin, citizen("Absent Timely"), date(2027, 2, 16))
    after_start(made["absent"], rules.ABSENT)
    made["absent_untimely"] = meeting(
        karin, citizen("Absent Not Reached"), date(2027, 2, 17), delivered=False
    )
    after_start(made["absent_untimely"], rules.ABSENT)
    cancelled = meeting(peter, citizen("Cancelled With Reason"), date(2027, 2, 18))
    services.cannot_come(
        services.Actor.of_citizen(cancelled.citizen),
        cancelled,
        services.CannotCome("job"),
        on(date(2027, 2, 17)),
    )
    made["cancelled"] = cancelled
    moved = meeting(peter, citizen("Moved By Jobcenter"), date(2027, 2, 19))
    services.cancel_by_jobcenter(peter, moved, "Sygdom hos sagsbehandler", BOOKED_AT)
    made["moved"] = moved
    made["late"] = meeting(karin, citizen("Held Too Late"), date(2027, 4, 12))
    after_start(made["late"], rules.HELD)
    mother = citizen("Barsel Case", "dagpenge")
    db.session.add(
        Exemption(
            citizen_id=mother.id,
            kind="parental_leave",
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 12, 31),
        )
    )
    db.session.commit()
    made["parental_leave"] = meeting(karin, mother, date(2027, 5, 3), delivered=False)
    after_start(made["parental_leave"], rules.ABSENT)
    made["staff"] = {"karin": karin, "peter": peter}
    return made


def the_report(sample, **filters):
    wanted = report.ReportFilter(
        sample["held"].citizen.jobcenter_id, date(2027, 1, 1), date(2027, 5, 31), **filters
    )
    return report.rows(wanted, AFTER)


def test_the_counts_of_a_constructed_sample(sample):
    counts = report.counts(the_report(sample))
    assert counts == {
        rules.HELD_ON_TIME: 1,
        rules.ABSENT_AFTER_TIMELY_SUMMONS: 1,
        rules.CANCELLED_WITH_REASON: 1,
        rules.MOVED_BY_JOBCENTER: 1,
        # Held after the deadline; absent after a summons that never arrived; and two deadlines
        # with no meeting at all: Moved By Jobcenter's (29 March, never booked again) and Held
        # On Time's next one (10 May, 12 weeks after the meeting held on 15 February).
        rules.LATE: 4,
        rules.EXEMPT: 1,  # the barsel case: neither late nor on time
        rules.UPCOMING: 0,
    }
    outcome_of = {row.meeting_id: row.outcome for row in the_report(sample)}
    assert outcome_of[sample["parental_leave"].id] == rules.EXEMPT
    assert outcome_of[sample["absent_untimely"].id] == rules.LATE


def test_filters_by_caseworker_and_group(sample):
    peters = the_report(sample, caseworker_id=sample["staff"]["peter"].id)
    # Moved By Jobcenter's missed deadline belongs to Peter, who had the last meeting before it.
    assert {row.meeting_id for row in peters} == {sample["cancelled"].id, sample["moved"].id, None}
    dagpenge = the_report(sample, target_group="dagpenge")
    assert [row.meeting_id for row in dagpenge] == [sample["parental_leave"].id]


def test_the_csv_carries_the_evidence_and_the_page_is_audited(client, smtp, sample):
    staff_log_in(client, smtp, sample["staff"]["karin"])
    query = "?first_day=2027-01-01&last_day=2027-05-31"
    page = client.get(f"/medarbejder/rettidighed{query}")
    assert page.status_code == 200 and "Barsel Case" in page.get_data(as_text=True)
    response = client.get(f"/medarbejder/rettidighed.csv{query}")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    absent = rows["Absent Timely"]
    assert (absent["outcome"], absent["summoned_on_time"], absent["summons_channel"]) == (
        "absent_after_timely_summons",
        "yes",
        "sms",
    )
    assert absent["summons_queued_at"].startswith("2027-01-11T11:00") and absent["summons_delivered_at"]
    assert (
        rows["Barsel Case"]["outcome"] == "exempt"
        and "parental_leave 2027-02-01" in rows["Barsel Case"]["exemptions"]
    )
    assert rows["Held Too Late"]["counts_against_jobcenter"] == "yes"
    assert rows["Cancelled With Reason"]["citizen_reason"] == "job"
    looked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lookup.timeliness_csv")).all()
    assert len(looked) == 7


def test_a_bad_period_is_explained_and_front_desk_is_refused(app, client, smtp, sample):
    staff_log_in(client, smtp, sample["staff"]["karin"])
    response = client.get("/medarbejder/rettidighed?first_day=2027-05-01&last_day=2027-01-01")
    assert response.status_code == 422 and 'id="error-summary"' in response.get_data(as_text=True)
    desk = make_staff(sample["held"].citizen.jobcenter, role="front_desk")
    db.session.commit()
    other = app.test_client()
    staff_log_in(other, smtp, desk)
    assert other.get("/medarbejder/rettidighed").status_code == 403


def test_a_deadline_with_no_meeting_is_a_late_row_with_the_exemptions_that_moved_it(client, smtp, sample):
    never = make_citizen(
        sample["held"].citizen.jobcenter,
        name="Never Met",
        target_group="ledighedsydelse",
        registered_on=REGISTERED,
    )
    db.session.add(
        Exemption(citizen_id=never.id, kind="holiday", starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 14))
    )
    db.session.commit()
    missed = [row for row in the_report(sample) if row.meeting_id is None]
    # 91 days from 4 January is 5 April, moved 14 days by the holiday.
    assert {(row.name, row.deadline_on) for row in missed} == {
        ("Never Met", date(2027, 4, 19)),
        ("Moved By Jobcenter", date(2027, 3, 29)),
        ("Held On Time", date(2027, 5, 10)),
    }
    assert all(row.outcome == rules.LATE for row in missed)


def long_ago(sample):
    """A citizen registered 150 days ago (the pages read the real clock), with a holiday of 14
    days that moved the deadline: 91 + 14 days after registration passed with no meeting, the
    next deadline not yet."""
    registered = danish_today(utcnow()) - timedelta(days=150)
    citizen = make_citizen(
        sample["held"].citizen.jobcenter,
        name="Long Ago",
        target_group="ledighedsydelse",
        registered_on=registered,
    )
    holiday = (registered + timedelta(days=10), registered + timedelta(days=23))
    db.session.add(Exemption(citizen_id=citizen.id, kind="holiday", starts_on=holiday[0], ends_on=holiday[1]))
    db.session.commit()
    query = f"?first_day={registered.isoformat()}&last_day={danish_today(utcnow()).isoformat()}"
    return registered, holiday, query


def test_the_page_and_the_csv_show_a_deadline_that_passed_with_no_meeting(client, smtp, sample):
    registered, holiday, query = long_ago(sample)
    staff_log_in(client, smtp, sample["staff"]["karin"])
    page = client.get(f"/medarbejder/rettidighed{query}&lang=en").get_data(as_text=True)
    assert page.count("No meeting was held or booked by the deadline.") == 1
    assert "Deadlines that passed with no meeting: 1" in page
    response = client.get(f"/medarbejder/rettidighed.csv{query}")
    [line] = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    deadline = registered + timedelta(days=91 + 14)
    assert (line["name"], line["meeting"], line["deadline_on"], line["outcome"]) == (
        "Long Ago",
        "",
        deadline.isoformat(),
        "late",
    )
    assert line["counts_against_jobcenter"] == "yes"
    assert line["exemptions"] == f"holiday {holiday[0].isoformat()}-{holiday[1].isoformat()}"


def _pdf_text(client, query, tmp_path) -> str:
    response = client.get(f"/medarbejder/rettidighed.pdf{query}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    path = tmp_path / "rettidighed.pdf"
    path.write_bytes(response.data)
    return " ".join(poppler("pdftotext", str(path), "-").split())


def test_the_pdf_has_the_csv_rows_with_the_same_filters_and_is_audited(client, smtp, sample, tmp_path):
    staff_log_in(client, smtp, sample["staff"]["karin"])
    peter = sample["staff"]["peter"].id
    text = _pdf_text(
        client, f"?first_day=2027-01-01&last_day=2027-05-31&caseworker={peter}&lang=da", tmp_path
    )
    assert "Rettidighed for samtaler" in text
    assert "Cancelled With Reason" in text and "Moved By Jobcenter" in text
    assert "Held On Time" not in text and "Barsel Case" not in text  # Karin's, filtered out
    assert f"SA-{sample['cancelled'].id:07d}" in text
    assert "Sagsbehandler: Peter" in text
    looked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lookup.timeliness_pdf")).all()
    assert len(looked) == 2


def test_the_pdf_shows_the_evidence_and_the_exemptions_in_english(client, smtp, sample, tmp_path):
    staff_log_in(client, smtp, sample["staff"]["karin"])
    text = _pdf_text(client, "?first_day=2027-01-01&last_day=2027-05-31&group=dagpenge&lang=en", tmp_path)
    assert "Barsel Case" in text and "Absent Timely" not in text
    assert "During an exemption: does not count" in text
    assert "Exemptions:" in text and "Not on time" in text


def test_the_pdf_has_the_deadlines_that_passed_with_no_meeting(client, smtp, sample, tmp_path):
    registered, _holiday, query = long_ago(sample)
    staff_log_in(client, smtp, sample["staff"]["karin"])
    text = _pdf_text(client, f"{query}&lang=da", tmp_path)
    assert "Long Ago" in text and "Der blev ikke holdt eller booket en samtale inden fristen." in text
    assert "Frister, der gik uden en samtale: 1" in text


def test_a_pdf_with_a_bad_period_goes_back_to_the_explained_page(client, smtp, sample):
    staff_log_in(client, smtp, sample["staff"]["karin"])
    response = client.get("/medarbejder/rettidighed.pdf?first_day=2027-05-01&last_day=2027-01-01")
    assert response.status_code == 302 and "/medarbejder/rettidighed?" in response.headers["Location"]
    assert "first_day=2027-05-01" in response.headers["Location"]
