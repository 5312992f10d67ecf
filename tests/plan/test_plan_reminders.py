"""The one reminder to confirm receipt of a plan: at 09:00 on the third day, once, only to
citizens who must confirm, never to someone exempt, and sent by the real worker."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.audit import Actor
from app.extensions import db
from app.models import Exemption, Message
from app.notifications import worker
from app.plan import reminders, services
from app.plan.services import ActivityContent, PlanContent
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter, make_staff

MONDAY_MORNING = datetime(2027, 3, 1, 10, 30, tzinfo=DANISH_TIME)
CONTENT = PlanContent(
    goals="Job som lagerarbejder",
    contact_person="Kim",
    activities=(ActivityContent("Truckkørekort", purpose="Certifikat", starts_on=date(2027, 3, 8)),),
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=DANISH_TIME)


@pytest.fixture
def people(app):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    staff = make_staff(jobcenter)
    citizens = {
        name: make_citizen(jobcenter, name=name, target_group=group, language=language)
        for name, group, language in [
            ("Mette", "dagpenge", "da"),
            ("Ahmad", "kontanthjaelp_jobparat", "ar"),
            ("Ali", "kontanthjaelp_aktivitetsparat", "da"),
            ("Sara", "dagpenge", "da"),
            ("Olena", "uddannelseshjaelp_aabenlyst", "uk"),
        ]
    }
    db.session.add(
        Exemption(citizen=citizens["Sara"], kind="sickness", starts_on=date(2027, 3, 2), ends_on=None)
    )
    db.session.commit()
    for citizen in citizens.values():
        services.publish(staff, citizen, CONTENT, MONDAY_MORNING)
    return citizens


def reminded() -> list[tuple[str, str, str]]:
    messages = db.session.scalars(
        select(Message).where(Message.purpose == "plan_reminder").order_by(Message.citizen_id)
    ).all()
    return [(m.citizen_id, m.language, m.channel) for m in messages]


def test_one_reminder_at_nine_on_the_third_day_to_those_who_must_confirm_and_are_not_exempt(people):
    services.acknowledge(
        Actor.of_citizen(people["Olena"]), services.current_version(people["Olena"]), at(2, 12)
    )
    for moment in (at(2, 9, 5), at(3, 9, 5), at(4, 8, 55)):
        assert reminders.sweep(moment) == 0, moment
    assert reminders.sweep(at(4, 9, 5)) == 2
    assert reminded() == [(people["Mette"].id, "da", "sms"), (people["Ahmad"].id, "ar", "sms")]
    assert reminders.sweep(at(4, 9, 10)) == 0 and reminders.sweep(at(5, 9, 5)) == 0  # never twice


def test_an_exempt_citizen_is_reminded_only_after_the_exemption_ends(people):
    reminders.sweep(at(4, 9, 5))
    sara = people["Sara"]
    assert sara.id not in [citizen_id for citizen_id, _, _ in reminded()]
    sara.exemptions[0].ends_on = date(2027, 3, 9)
    db.session.commit()
    assert reminders.sweep(at(9, 9, 5)) == 0
    assert reminders.sweep(at(10, 9, 5)) == 1
    assert sara.id in [citizen_id for citizen_id, _, _ in reminded()]


def test_no_reminder_in_the_quiet_hours_when_the_sweep_runs_late(people):
    assert reminders.sweep(at(4, 21, 30)) == 0
    assert reminders.sweep(at(5, 9, 1)) == 3  # Mette, Ahmad and Olena


def test_the_worker_sends_the_reminder_in_the_citizens_language_without_plan_content(people, twilio):
    worker.run_cycle(now=at(4, 9, 5))
    bodies = {message.to: message.body for message in twilio.received}
    ahmad = bodies[people["Ahmad"].phone]
    assert "/min-side/plan" in ahmad and "lagerarbejder" not in ahmad and "Truck" not in ahmad
    assert any("\u0600" <= character <= "\u06ff" for character in ahmad)  # Arabic script


def test_a_new_version_replaces_the_reminder_of_the_old_one(people):
    mette = people["Mette"]
    staff = make_staff(mette.jobcenter)
    db.session.commit()
    services.publish(staff, mette, replace(CONTENT, goals="Job som lagerarbejder eller chauffør"), at(3, 15))
    assert reminders.sweep(at(4, 9, 5)) == 2  # Ahmad and Olena: Mette's new version is not 3 days old yet
    assert reminders.sweep(at(6, 9, 5)) == 1
    assert mette.id in [citizen_id for citizen_id, _, _ in reminded()]


def test_a_jobcenter_can_wait_longer_before_reminding(people):
    jobcenter = people["Mette"].jobcenter
    jobcenter.settings = {"plan": {"reminder_after_days": 5}}
    db.session.commit()
    assert reminders.sweep(at(4, 9, 5)) == 0
    assert reminders.sweep(at(6, 9, 5)) == 3


def test_published_message_names_the_day_to_confirm_by(people):
    message = db.session.scalar(
        select(Message).where(Message.citizen_id == people["Mette"].id, Message.purpose == "plan_published")
    )
    assert "04.03.2027" in message.body
    other = db.session.scalar(select(Message).where(Message.citizen_id == people["Ali"].id))
    assert other.purpose == "plan_published_read" and "04.03.2027" not in other.body
    assert MONDAY_MORNING + timedelta(days=3) > at(4, 9)


def test_a_plan_reminder_whose_sms_is_refused_never_becomes_a_letter(people, twilio):
    """Queued "SMS or e-mail only": on paper it would point to a page, days late. Before, the
    outbox's own list of purposes allowed a letter, and a refused SMS went to the print queue."""
    worker.run_once(now=at(1, 11))  # the notices of the new plans go out first
    assert reminders.sweep(at(4, 9, 5)) == 3  # Mette, Ahmad and Olena
    for _ in range(3):
        twilio.fail_next(400, 21211, "Invalid 'To' Phone Number")
    worker.run_once(now=at(4, 9, 6))
    refused = db.session.scalars(select(Message).where(Message.purpose == "plan_reminder")).all()
    assert [(m.channel, m.status) for m in refused] == [("sms", "failed_permanent")] * 3
    assert db.session.scalar(select(func.count(Message.id)).where(Message.channel == "letter")) == 0
