"""Limits hold however many processes serve the portal: gunicorn with several workers counts in
the database, two gunicorn instances share Redis, and a Redis outage opens page limits only.

Before, Flask-Limiter counted in each worker's memory: "30 per hour" let 126 of 200 requests
through with 5 workers, and "5 codes per CPR number per 15 minutes" sent 15 codes."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, CodeRequest, RateCounter
from tests.conftest import database_url_for, is_postgres
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.served import gunicorn, post_all_at_once, redis_server, shared_database


@pytest.fixture
def served(worker_id_safe, tmp_path):
    """A database the servers share, with an app context for seeding and counting."""
    url = (
        database_url_for(worker_id_safe, "served") if is_postgres() else f"sqlite:///{tmp_path}/served.sqlite"
    )
    with shared_database(url):
        yield url


def unknown_cprs(count: int) -> list[dict]:
    """Valid CPR numbers nobody has: the answer is the same as for citizens, nothing is sent."""
    return [{"cpr": f"0101{n // 10000 % 100:02d}{n % 10000:04d}", "channel": "sms"} for n in range(count)]


def wrong_passwords_of_new_staff(count: int) -> list[dict]:
    """One wrong password for each of `count` new staff users: each is checked and refused (422)
    until the page's limit per address answers 429. (An unknown e-mail is checked against the
    portal's dummy hash, at the full argon2 cost: 0.18 CPU s each, in the server.)"""
    jobcenter = make_jobcenter()
    staff = [make_staff(jobcenter, email=f"kollega{n}@kbh.example") for n in range(count)]
    db.session.commit()
    return [{"email": user.email, "password": "wrong"} for user in staff]


def codes_asked_for() -> int:
    """Requests for a code that got through (each becomes one code when the worker runs; the
    request holds the CPR number sealed, and these tests have one citizen)."""
    db.session.remove()
    return db.session.scalar(select(func.count(CodeRequest.id)))


def test_the_limit_per_address_holds_across_gunicorn_workers(served):
    wrong = wrong_passwords_of_new_staff(30)
    with gunicorn(served, workers=2) as base:
        statuses = post_all_at_once([base], "/log-ind", unknown_cprs(100))
        # A page limit too (staff login, 20 per hour per address): Flask-Limiter's counters are
        # in the database when there is no Redis.
        pages = post_all_at_once([base], "/medarbejder/log-ind", wrong)
    assert statuses.count(302) == 30, statuses  # counted in each worker's memory: up to 60
    assert statuses.count(429) == 70
    assert pages.count(422) == 20 and pages.count(429) == 10
    db.session.remove()
    keys = db.session.scalars(select(RateCounter.key)).all()
    assert keys and not any("127.0.0.1" in key or "0101" in key for key in keys), keys


def test_five_codes_per_cpr_number_across_gunicorn_workers(served):
    citizen = make_citizen(phone="+4520123401")
    db.session.commit()
    with gunicorn(served, workers=2) as base:
        statuses = post_all_at_once(
            [base], "/log-ind", [{"cpr": citizen.cpr, "channel": "sms"}] * 15, threads=15
        )
    assert sorted(statuses) == [302] * 5 + [429] * 10
    assert codes_asked_for() == 5


def test_parallel_wrong_staff_passwords_check_at_most_the_allowed_tries(served):
    """40 wrong passwords at once, from 40 browsers, through 2 worker processes."""
    staff = make_staff(make_jobcenter("kbh"), email="kim@kbh.example")
    db.session.commit()
    wrong = [{"email": "kim@kbh.example", "password": f"guess-{n}"} for n in range(40)]
    with gunicorn(served, workers=2, RATELIMIT_ENABLED="false") as base:
        statuses = post_all_at_once([base], "/medarbejder/log-ind", wrong)
        right = post_all_at_once(
            [base], "/medarbejder/log-ind", [{"email": staff.email, "password": "secret-password"}]
        )
    db.session.remove()
    checked = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "staff.password_wrong")
    )
    assert checked == 5, f"{checked} passwords were checked"
    assert statuses.count(422) == 5 and statuses.count(429) == 35
    assert right == [429], "paused: not even the right password is checked"


def test_two_instances_share_their_limits_through_redis_and_the_database(served):
    import redis

    citizen = make_citizen(phone="+4520123401")
    wrong = wrong_passwords_of_new_staff(50)
    with (
        redis_server() as (redis_url, _),
        gunicorn(served, workers=2, RATELIMIT_STORAGE_URI=redis_url) as one,
        gunicorn(served, workers=2, RATELIMIT_STORAGE_URI=redis_url) as two,
    ):
        # A page limit (staff login, 20 per hour per address) counted in Redis by both.
        statuses = post_all_at_once([one, two], "/medarbejder/log-ind", wrong)
        assert statuses.count(422) == 20 and statuses.count(429) == 30
        keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*")]
        assert keys and not any("127.0.0.1" in key for key in keys), keys
        # A quota (codes per CPR number), counted in the database by both.
        codes = post_all_at_once([one, two], "/log-ind", [{"cpr": citizen.cpr, "channel": "sms"}] * 14)
        assert codes.count(302) == 5
    assert codes_asked_for() == 5


def test_when_redis_is_down_pages_stay_open_and_code_limits_still_hold(served):
    citizen = make_citizen(phone="+4520123401")
    wrong = wrong_passwords_of_new_staff(5)
    with (
        redis_server() as (redis_url, redis_process),
        gunicorn(served, workers=2, RATELIMIT_STORAGE_URI=redis_url) as base,
    ):
        redis_process.kill()
        redis_process.wait(timeout=30)
        pages = post_all_at_once([base], "/medarbejder/log-ind", wrong)
        assert pages == [422] * 5, "page limits fail open: answered, not an error"
        codes = post_all_at_once([base], "/log-ind", [{"cpr": citizen.cpr, "channel": "sms"}] * 8)
        assert sorted(codes) == [302] * 5 + [429] * 3, "code limits are in the database: they still hold"
    assert codes_asked_for() == 5
