"""Rate limits that hold across every process, keyed by what they protect.

Two kinds (README, "Sessions and limits"):

- Page limits: Flask-Limiter's decorators on routes, keyed by the signed-in user, else by the
  client's address. Counted in Redis when RATELIMIT_STORAGE_URI is `redis://…`, else in the
  database (`database://`, the DatabaseStorage below), so all gunicorn workers and instances
  share them. When Redis is down they are counted in each process's memory (open for pages).
- Quotas: limits that keep people from harm (codes per CPR number, per phone number, per
  address; SMS to one number per day). Always counted in the database, the store every instance
  already shares and that must be up for any code to be sent, so a Redis outage neither opens
  them nor stops anyone from logging in.

A key never holds a CPR number, phone number or address in clear (app/limit_keys.py).
"""

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from app import periodic
from app.errors import DomainError
from app.extensions import db
from app.limit_keys import hashed
from app.models import RateCounter

REDIS_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def configure_storage(app) -> None:
    """Short time-outs for Redis: a Redis that hangs falls back at once instead of hanging pages."""
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", REDIS_OPTIONS)


class DatabaseStorage(Storage):
    """A `limits` storage in the portal's own database (`database://`): a fixed-window counter
    per key, bumped by one atomic INSERT … ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike,
    in its own short transaction so that the count stands whatever the request does next.

    Used before the request writes anything (Flask-Limiter's check, the quotas at the top of a
    route): on SQLite a second writer in the same request would wait for itself."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        window_over = RateCounter.expires_at <= now
        statement = (
            insert(RateCounter)
            .values(key=key, count=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=["key"],
                set_={
                    "count": case((window_over, amount), else_=RateCounter.count + amount),
                    "expires_at": case((window_over, now + expiry), else_=RateCounter.expires_at),
                },
            )
            .returning(RateCounter.count)
        )
        with db.engine.begin() as connection:
            return connection.execute(statement).scalar_one()

    def _live(self, key: str):
        query = select(RateCounter.count, RateCounter.expires_at).where(
            RateCounter.key == key, RateCounter.expires_at > time.time()
        )
        with db.engine.connect() as connection:
            return connection.execute(query).first()

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True

    def reset(self) -> int:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateCounter).where(RateCounter.key == key))


def delete_expired_counters(now: float | None = None) -> None:
    """Counters whose window is over count nothing any more; the worker's sweep removes them."""
    db.session.execute(delete(RateCounter).where(RateCounter.expires_at <= (now or time.time())))


class QuotaUsedUp(DomainError):
    """A quota has no room left now; `message` says what to do (shown on the form's field)."""


@dataclass(frozen=True)
class Quota:
    """A limit that protects people, e.g. Quota("login_code_cpr", "5 per 15 minutes", message)."""

    name: str
    rate: str
    message: str

    def item(self):
        return parse(self.rate)


_quota_counter = FixedWindowRateLimiter(DatabaseStorage())


def spend(quota: Quota, kind: str, value: str) -> None:
    """Count one use of `quota` for `value` (a CPR number, an E.164 number, an address), in the
    database whatever RATELIMIT_STORAGE_URI says. Raises QuotaUsedUp when it was used up.
    Call it before the request writes anything."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    if not _quota_counter.hit(quota.item(), quota.name, hashed(kind, value)):
        raise QuotaUsedUp(quota.message)


def spend_or_explain(field, *uses: tuple[Quota, str, str]) -> bool:
    """Spend each (quota, kind, value) in turn; when one is used up, put its message on the form
    `field` (what was typed stays) and return False."""
    try:
        for quota, kind, value in uses:
            spend(quota, kind, value)
    except QuotaUsedUp as used_up:
        field.errors.append(used_up.message)
        return False
    return True


def sms_per_number_per_day() -> Quota:
    """SMS to a number someone typed (helper login, a new phone number, an invitation): one count
    per number, whichever page sent it, so no spelling or page can go round it."""
    return Quota(
        "sms_to_typed_number",
        f"{current_app.config['SMS_PER_NUMBER_PER_DAY']} per day",
        _l("We have sent too many text messages to this number today. Try again tomorrow."),
    )


def register_periodic_jobs() -> None:
    periodic.register("expired_rate_counters", lambda now: delete_expired_counters(now.timestamp()))
