"""Plain factory functions for test data. Each adds to the session and flushes; tests commit."""

from datetime import date, timedelta
from functools import cache
from itertools import count

from argon2 import PasswordHasher

from app.extensions import db
from app.models import Citizen, Helper, Jobcenter, Mandate, StaffUser
from app.models.types import utcnow
from app.rules.dates import danish_today

_numbers = count(1)


def make_jobcenter(code: str | None = None, **fields) -> Jobcenter:
    number = next(_numbers)
    jobcenter = Jobcenter(
        code=code or f"jc{number}",
        name=fields.pop("name", f"Jobcenter {number}"),
        settings=fields.pop("settings", {}),
        **fields,
    )
    db.session.add(jobcenter)
    db.session.flush()
    return jobcenter


def make_citizen(jobcenter: Jobcenter | None = None, **fields) -> Citizen:
    number = next(_numbers)
    defaults = {
        "cpr": f"0101{number % 100:02d}{number % 10000:04d}",
        "name": f"Borger {number}",
        "phone": f"+45201{number % 100000:05d}",
        "phone_verified_at": utcnow(),
        "language": "da",
        "target_group": "dagpenge",
        "registered_on": date(2026, 1, 5),
    }
    citizen = Citizen(jobcenter=jobcenter or make_jobcenter(), **{**defaults, **fields})
    db.session.add(citizen)
    db.session.flush()
    return citizen


def make_staff(
    jobcenter: Jobcenter, role: str = "caseworker", password: str = "secret-password", **fields
) -> StaffUser:
    number = next(_numbers)
    user = StaffUser(
        jobcenter=jobcenter,
        role=role,
        email=fields.pop("email", f"staff{number}@example.dk"),
        name=fields.pop("name", f"Staff {number}"),
        password_hash=_hash(password),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


# The portal checks a password at the cost written into its hash. Test staff get argon2's lowest:
# at the portal's own (app/auth/services.py), each staff login in a test cost 0.18 s of CPU in the
# test or in the gunicorn it started. Passwords the portal sets itself keep the portal's cost.
_CHEAP_FOR_TESTS = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@cache
def _hash(password: str) -> str:
    return _CHEAP_FOR_TESTS.hash(password)


def make_helper(**fields) -> Helper:
    number = next(_numbers)
    defaults = {
        "phone": f"+45301{number % 100000:05d}",
        "name": f"Hjælper {number}",
        "phone_verified_at": utcnow(),
        "language": "da",
    }
    helper = Helper(**{**defaults, **fields})
    db.session.add(helper)
    db.session.flush()
    return helper


def make_mandate(citizen: Citizen, helper: Helper, scopes=("view",), **fields) -> Mandate:
    """An accepted mandate in force for a year, unless `fields` say otherwise. From an invitation
    (or a paper form) the citizen (or staff) wrote the helper's name: the helper's, by default."""
    a_year_on = danish_today(utcnow()) + timedelta(days=365)
    origin = fields.get("origin", "invitation")
    defaults = {
        "status": "active",
        "origin": origin,
        "helper_name": helper.name if origin in ("invitation", "paper") else "",
        "ends_on": a_year_on,
        "accepted_at": utcnow(),
        "created_at": utcnow(),
    }
    mandate = Mandate(citizen=citizen, helper=helper, scopes=list(scopes), **{**defaults, **fields})
    db.session.add(mandate)
    db.session.flush()
    return mandate
