"""Ten weeks of job-search duty, hour by hour, with the real worker, the Twilio stub and SMTP.

The clock starts Monday 1 March 2027 (day 0) and crosses the change to summer time on
28 March (day 27). Each citizen behaves by a simple rule (confirm the day before the deadline,
answer the heads-up by SMS, tap the link in the e-mail ...). Staff register barsel, sickness and
a holiday along the way. The test asserts exactly which reminders went out to whom, on which
day and at which Danish time, in which language and on which channel, and who is on the
follow-up list each day at noon. Exempt and non-duty citizens get nothing and are never listed.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.auth.session_timeout import session_values_for
from app.extensions import db
from app.job_search import follow_up, services
from app.models import JobSearchConfirmation, Message
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import submit
from tests.support.sms import reply_sms

DAY_0 = date(2027, 3, 1)
DAYS = 70
HOURS = (0, 6, 8, 9, 10, 12, 13, 15, 18, 20, 21, 23)  # when the worker runs (and people act)
ACTING_HOURS = (12, 15, 18, 20)  # when citizens act by their deadlines (see behave)
REMINDERS = ("job_search_heads_up", "job_search_due", "job_search_missed", "job_search_follow_up")


def at(day: int, hour: int) -> datetime:
    return datetime.combine(DAY_0 + timedelta(days=day), time(hour), tzinfo=DANISH_TIME)


def day_of(moment: datetime) -> int:
    return (moment.astimezone(DANISH_TIME).date() - DAY_0).days


@dataclass
class World:
    app: object
    twilio: object
    smtp: object
    staff: object
    citizens: dict = field(default_factory=dict)
    follow_up_by_day: dict = field(default_factory=dict)

    def due_on(self, name: str) -> date | None:
        citizen = self.citizens[name]
        return services.status_of(citizen, self.today).due_on

    @property
    def today(self) -> date:
        return utcnow().astimezone(DANISH_TIME).date()

    def confirm_on_the_web(self, name: str) -> None:
        """Signed in through a fresh server session: logging in through the pages is tested in
        tests/auth, and doing it 38 times here took a fifth of the simulation's time."""
        client = self.app.test_client()
        with client.session_transaction() as session:
            session.update(session_values_for(self.citizens[name].get_id(), utcnow()))
            db.session.commit()
        response = submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
        assert response.status_code == 302 and "/kvitteringer/" in response.location

    def answer_by_sms(self, name: str, word: str) -> None:
        response = reply_sms(self.app.test_client(), self.citizens[name].phone, word)
        assert response.status_code == 200

    def tap_link_in_last_email(self, name: str) -> None:
        mail = [m for m in self.smtp.messages if m["To"] == self.citizens[name].email][-1]
        link = re.search(r"http://127\.0\.0\.1:5000(/j/\S+)", mail.get_content()).group(1)
        client = self.app.test_client()
        response = submit(client, link, {})
        assert response.status_code == 200 and "JS-" in response.get_data(as_text=True)


def behave(world: World, day: int, hour: int) -> None:
    """What each citizen and the staff do at this hour. Citizens act only at some hours; their
    deadlines are looked up then (every hour, that took half of the simulation's time)."""
    due = {name: world.due_on(name) for name in world.citizens} if hour in ACTING_HOURS else {}
    for citizen_acts in (confirm_before_the_deadline, answer_or_tap, jens_misses_three_times):
        citizen_acts(world, day, hour, due, world.today)
    staff_register_exemptions(world, day, hour, world.today)


def confirm_before_the_deadline(world, day, hour, due, today):
    """Anna and Peter confirm on the web the evening before the deadline; Mette a little later;
    Hanne on the deadline day, after the reminder."""
    for name in ("anna", "peter"):
        if hour == 18 and due[name] == today + timedelta(days=1):
            world.confirm_on_the_web(name)
    if hour == 20 and due["mette"] == today + timedelta(days=1):
        world.confirm_on_the_web("mette")
    if hour == 12 and due["hanne"] == today:
        world.confirm_on_the_web("hanne")


def answer_or_tap(world, day, hour, due, today):
    """Bashir answers the heads-up SMS in Arabic at lunch; Olena taps the e-mail's link on the day."""
    if hour == 12 and due["bashir"] == today + timedelta(days=2):
        world.answer_by_sms("bashir", "نعم")
    if hour == 15 and due["olena"] == today:
        world.tap_link_in_last_email("olena")


def jens_misses_three_times(world, day, hour, due, today):
    """Jens misses twice, confirms within each extension, misses a third time, then behaves."""
    if hour == 13 and day in (14, 28, 40):
        world.confirm_on_the_web("jens")
    if day > 40 and hour == 12 and due["jens"] == today + timedelta(days=2):
        world.confirm_on_the_web("jens")


def staff_register_exemptions(world, day, hour, today):
    """Hanne's holiday is known in advance; Mette goes on barsel; Peter is sick and recovers."""
    staff = services.Actor("staff", world.staff.id, world.staff.name)
    citizens, now = world.citizens, utcnow()
    if (day, hour) == (0, 10):
        services.add_exemption(
            staff, citizens["hanne"], "holiday", DAY_0 + timedelta(days=10), DAY_0 + timedelta(days=13), now
        )
    if (day, hour) == (9, 8):
        services.add_exemption(staff, citizens["peter"], "sickness", today, None, now)
    if (day, hour) == (9, 10):
        services.add_exemption(
            staff, citizens["mette"], "parental_leave", DAY_0 + timedelta(days=10), None, now
        )
    if (day, hour) == (20, 10):
        services.end_exemption(staff, citizens["peter"].exemptions[0], today - timedelta(days=1), now)


@pytest.fixture
def world(app, twilio, smtp):
    jobcenter = make_jobcenter(phone="70 12 34 56")
    people = {
        "anna": {"target_group": "dagpenge"},
        "bashir": {"target_group": "kontanthjaelp_jobparat", "language": "ar"},
        "olena": {
            "target_group": "uddannelseshjaelp_aabenlyst",
            "language": "uk",
            "phone": None,
            "phone_verified_at": None,
            "email": "olena@example.dk",
            "preferred_channel": "email",
        },
        "mette": {"target_group": "dagpenge"},
        "peter": {"target_group": "dagpenge"},
        "hanne": {"target_group": "dagpenge"},
        "jens": {"target_group": "dagpenge"},
        "sofie": {"target_group": "kontanthjaelp_aktivitetsparat"},
        "layla": {"target_group": "sygedagpenge", "language": "ar"},
    }
    verified = {"email_verified_at": at(0, 0)}
    citizens = {
        name: make_citizen(
            jobcenter,
            name=name.title(),
            registered_on=DAY_0,
            **(verified if "email" in extra else {}),
            **extra,
        )
        for name, extra in people.items()
    }
    staff = make_staff(jobcenter, role="caseworker")
    db.session.commit()
    return World(app, twilio, smtp, staff, citizens)


def run_ten_weeks(world: World) -> None:
    with time_machine.travel(at(0, 0), tick=False) as traveller:
        for day in range(DAYS):
            for hour in HOURS:
                traveller.move_to(at(day, hour))
                behave(world, day, hour)
                worker.run_cycle(utcnow())
                if hour == 12:
                    listed = follow_up.follow_up_list(world.staff, world.today)
                    world.follow_up_by_day[day] = {
                        row.citizen.name.lower(): (row.status.stage, row.days_overdue) for row in listed
                    }


HU, DUE = "job_search_heads_up", "job_search_due"
MISSED, FOLLOW_UP = "job_search_missed", "job_search_follow_up"
EXPECTED_REMINDERS = {
    # Confirms the evening before each deadline: only heads-ups, every 6 days.
    "anna": [(d, HU) for d in (5, 11, 17, 23, 29, 35, 41, 47, 53, 59, 65)],
    # Answers each heads-up by SMS at once: a new deadline 7 days later, so every 5 days.
    "bashir": [(d, HU) for d in range(5, DAYS, 5)],
    # Taps the link on the deadline day: heads-up and deadline-day e-mail every week.
    "olena": sorted([(d, HU) for d in range(5, DAYS, 7)] + [(d, DUE) for d in range(7, DAYS, 7)]),
    # Barsel from day 10 (registered day 9) stops everything after the first heads-up.
    "mette": [(5, HU)],
    # Sick from day 9 to 19: nothing; recovery on day 20 restarts the clock (deadline day 27).
    "peter": [(d, HU) for d in (5, 25, 31, 37, 43, 49, 55, 61, 67)],
    # Holiday on days 10-13 moves the deadline from day 14 to day 18; no heads-up during it.
    "hanne": sorted(
        [(d, HU) for d in (5, 16, 23, 30, 37, 44, 51, 58, 65)]
        + [(d, DUE) for d in (7, 18, 25, 32, 39, 46, 53, 60, 67)]
    ),
    # Two misses with 7 extra days each, then a third: the follow-up notice.
    "jens": [
        (5, HU),
        (7, DUE),
        (8, MISSED),
        (14, DUE),
        (19, HU),
        (21, DUE),
        (22, MISSED),
        (28, DUE),
        (33, HU),
        (35, DUE),
        (36, FOLLOW_UP),
        (45, HU),
        (50, HU),
        (55, HU),
        (60, HU),
        (65, HU),
    ],
    "sofie": [],
    "layla": [],
}
# Jens is listed while a missed deadline is open: extra days (1st and 2nd miss), then the risk
# of deregistration (3rd miss) until he confirms on day 40.
EXPECTED_FOLLOW_UP = {
    **{d: "extended" for d in range(8, 15)},
    **{d: "extended" for d in range(22, 29)},
    **{d: "follow_up" for d in range(36, 41)},
}


def reminders_of(citizen) -> list[Message]:
    query = select(Message).where(Message.citizen_id == citizen.id, Message.purpose.in_(REMINDERS))
    return list(db.session.scalars(query.order_by(Message.created_at, Message.id)))


def test_ten_weeks_of_reminders_confirmations_and_follow_up(world):
    run_ten_weeks(world)

    for name, citizen in world.citizens.items():
        sent = reminders_of(citizen)
        assert [(day_of(m.sent_at), m.purpose) for m in sent] == EXPECTED_REMINDERS[name], name
        for message in sent:
            assert message.status == "sent"
            assert message.sent_at.astimezone(DANISH_TIME).time() == time(9), "only at 09:00 Danish time"
            assert message.language == citizen.language
            assert message.channel == ("email" if name == "olena" else "sms")

    # What the providers really got: the reminders plus login codes and receipts, nothing more.
    olena_mail = [m for m in world.smtp.messages if m["To"] == "olena@example.dk"]
    assert len(olena_mail) == len(EXPECTED_REMINDERS["olena"])
    assert all(re.search("[\u0400-\u04ff]", m.get_content()) for m in olena_mail)
    bashir_sms = [r.body for r in world.twilio.received if r.to == world.citizens["bashir"].phone]
    assert len(bashir_sms) == 2 * len(EXPECTED_REMINDERS["bashir"])  # heads-up + receipt each time
    assert all(re.search("[\u0600-\u06ff]", body) for body in bashir_sms)
    assert not [
        r
        for r in world.twilio.received
        if r.to in (world.citizens["sofie"].phone, world.citizens["layla"].phone)
    ]

    for day in range(DAYS):
        listed = world.follow_up_by_day[day]
        expected = {"jens": EXPECTED_FOLLOW_UP[day]} if day in EXPECTED_FOLLOW_UP else {}
        assert {name: stage for name, (stage, _) in listed.items()} == expected, f"day {day}"
    missed_on = {8: 7, 22: 21, 36: 35}  # days overdue count from the deadline first missed
    for day, due in missed_on.items():
        assert world.follow_up_by_day[day]["jens"][1] == day - due
    assert_each_confirmation_recorded_once(world)


def assert_each_confirmation_recorded_once(world: World) -> None:
    channels = {}
    for name, citizen in world.citizens.items():
        query = select(JobSearchConfirmation).where(JobSearchConfirmation.citizen_id == citizen.id)
        confirmations = db.session.scalars(query).all()
        assert len({c.due_on for c in confirmations}) == len(confirmations)
        channels[name] = {c.channel for c in confirmations}
    assert channels["bashir"] == {"sms"}
    assert channels["olena"] == {"link"}
    assert channels["anna"] == {"web"}
    assert channels["sofie"] == channels["layla"] == set()
    assert (
        len(
            db.session.scalars(
                select(JobSearchConfirmation).where(
                    JobSearchConfirmation.citizen_id == world.citizens["mette"].id
                )
            ).all()
        )
        == 1
    )
