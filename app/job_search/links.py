"""The one-tap link in each reminder: it confirms job search for one period, and nothing else.

The token is signed with itsdangerous and names the citizen and the due date it was sent for.
It logs nobody in. It works once (the period is then confirmed and the link only shows the
receipt) and until the period's deadline. A link of one citizen never confirms for another.
"""

import functools
import hmac
from collections.abc import Callable
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, Signer
from itsdangerous.encoding import base64_encode
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.job_search import services
from app.models import Citizen, JobSearchConfirmation
from app.rules import dates
from app.urls import external_url

SALT = "job-search-link"
TOKEN_SLOT = "TOKEN"  # where link_maker puts each token into the one address it builds


class LinkProblem(DomainError):
    """Why a link cannot confirm: "forged", "expired" or "other_citizen"."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def _signer() -> Signer:
    return _signer_for(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=4)
def _signer_for(secret_key: str) -> Signer:  # one per key: a sweep signs a link per reminder
    return Signer(secret_key, salt=SALT)


def token_for(citizen_id: int, due_on: date) -> str:
    """Short on purpose, it goes into SMS: "<citizen id>-<due day>" in base 36, then the signature."""
    return _token(_signing_key(current_app.config["SECRET_KEY"]), citizen_id, due_on)


def _token(key: bytes, citizen_id: int, due_on: date) -> str:
    """The same token as `_signer().sign(payload)`, with the signer's key derived once per process
    (itsdangerous derives it again for every token: a third of the signing time of a sweep)."""
    payload = f"{base36(citizen_id)}-{base36(due_on.toordinal())}"
    return f"{payload}.{base64_encode(hmac.digest(key, payload.encode(), 'sha1')).decode()}"


@functools.lru_cache(maxsize=4)
def _signing_key(secret_key: str) -> bytes:
    # HMAC-SHA1 and "." are itsdangerous's defaults, which `_signer_for` keeps (and the tests hold
    # token_for equal to the signer's own token).
    return _signer_for(secret_key).derive_key()


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def link_for(citizen_id: int, due_on: date) -> str:
    return external_url("job_search.link", token=token_for(citizen_id, due_on))


def link_maker() -> Callable[[int, date], str]:
    """`link_for`, with the link's address and the signing key read once: for a sweep that writes
    200,000 links outside any request."""
    before, _, after = external_url("job_search.link", token=TOKEN_SLOT).rpartition(TOKEN_SLOT)
    key = _signing_key(current_app.config["SECRET_KEY"])

    def link(citizen_id: int, due_on: date) -> str:
        return f"{before}{_token(key, citizen_id, due_on)}{after}"

    return link


def read_token(token: str) -> tuple[Citizen, date]:
    try:
        citizen_part, day_part = _signer().unsign(token).decode().split("-")
        citizen_id, due_on = int(citizen_part, 36), date.fromordinal(int(day_part, 36))
    except (BadSignature, ValueError, OverflowError):
        raise LinkProblem("forged") from None
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        raise LinkProblem("forged")
    return citizen, due_on


def check(token: str, now: datetime, signed_in_citizen_id: int | None = None) -> services.Receipt | None:
    """What the link would do now: None if it can confirm, the earlier receipt if the period is
    already confirmed (a reused link), or LinkProblem when it cannot be used."""
    citizen, due_on = read_token(token)
    if signed_in_citizen_id is not None and signed_in_citizen_id != citizen.id:
        raise LinkProblem("other_citizen")
    today = dates.danish_today(now)
    status = services.current_status(citizen, today)  # opening the link writes nothing
    if status.due_on == due_on and status.deadline_on is not None:
        # The period the link was sent for is still open. A confirmation with the same due date
        # from an earlier day answered the period before it (confirming on the day the clock
        # started keeps the due date), so only one from today counts as done.
        if status.last_confirmed_on == today:
            return services.Receipt(services.last_confirmation(citizen), already=True)
        if dates.deadline_passed(status.deadline_on, now):
            raise LinkProblem("expired")
        return None
    earlier = _confirmation_for(citizen, due_on)
    if earlier:
        return services.Receipt(earlier, already=True)
    raise LinkProblem("expired")


def confirm_by_link(token: str, now: datetime, signed_in_citizen_id: int | None = None) -> services.Receipt:
    """Confirm the period the link was sent for. Raises LinkProblem when it cannot."""
    earlier = check(token, now, signed_in_citizen_id)
    if earlier:
        return earlier
    citizen, _due_on = read_token(token)
    return services.confirm(citizen, "link", services.Actor.of_citizen(citizen), now)


def _confirmation_for(citizen: Citizen, due_on: date) -> JobSearchConfirmation | None:
    """The newest confirmation that answered a period due on `due_on`."""
    return db.session.scalar(
        select(JobSearchConfirmation)
        .where(JobSearchConfirmation.citizen_id == citizen.id, JobSearchConfirmation.due_on == due_on)
        .order_by(JobSearchConfirmation.confirmed_at.desc())
        .limit(1)
    )
