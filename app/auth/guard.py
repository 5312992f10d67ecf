"""Checking a typed code, with every count kept in the database by single conditional statements,
so many requests at once (several gunicorn workers, several machines) can never check more codes
than the rules allow: the count is taken *before* a code is compared, not written back after.

- A browser may try MAX_WRONG_CODES codes in a row for one login; then it is paused for PAUSE.
  The pause belongs to that browser only (CodeTries), so a stranger's wrong codes never stop the
  citizen's own browser.
- A browser can match only the codes it asked for itself, and open codes (letters, codes sent by
  staff). An open code stops working after WRONG_TRIES_PER_OPEN_CODE wrong codes in all.
"""

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, func, literal, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import DomainError
from app.extensions import db, insert_skipping_duplicates
from app.models import CodeTries, OneTimeCode
from app.models.types import UTCDateTime
from app.rules import login as rules


class WrongCode(DomainError):
    message = _l("The code is wrong or has expired. Check it, or ask for a new code.")


class LoginPaused(DomainError):
    def __init__(self, until: datetime):
        super().__init__()
        self.until = until


def name_of(value: str) -> str:
    """The keyed name under which `value` (a login, a browser's token) is stored."""
    return rules.keyed_name(value, current_app.config["SECRET_KEY"])


def take_a_try(login: str, client: str, now: datetime) -> datetime | None:
    """Count one try of `client` at `login`, or raise LoginPaused if it has none left.

    Returns the end of the pause that starts if this try is wrong (it was the last one), else None.
    """
    db.session.execute(
        insert_skipping_duplicates(CodeTries.__table__, ["login", "client"]).values(
            login=login, client=client, tries=0, last_try_at=now
        )
    )
    over = and_(CodeTries.paused_until.is_not(None), CodeTries.paused_until <= now)  # a pause that ended
    pause_end = literal(now + rules.PAUSE, UTCDateTime())
    taken = db.session.execute(
        update(CodeTries)
        .where(_row(login, client), or_(CodeTries.tries < rules.MAX_WRONG_CODES, over))
        .values(
            tries=case((over, 1), else_=CodeTries.tries + 1),
            paused_until=case(
                (over, None), (CodeTries.tries + 1 >= rules.MAX_WRONG_CODES, pause_end), else_=None
            ),
            last_try_at=now,
        )
        .returning(CodeTries.paused_until)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is None:
        until = db.session.scalar(select(CodeTries.paused_until).where(_row(login, client)))
        db.session.commit()
        raise LoginPaused(until)
    return taken.paused_until


def forget_tries(login: str, client: str) -> None:
    """The right code: the browser starts again from no tries."""
    db.session.execute(
        delete(CodeTries).where(_row(login, client)).execution_options(synchronize_session=False)
    )


def matching_code(
    owner: InstrumentedAttribute, owner_id: int, client: str, code: str, now: datetime, purposes
) -> OneTimeCode | None:
    """Use up the live code (of `purposes`) that `code` is, among those `client` may type.

    `owner` is the column naming the person (OneTimeCode.citizen_id ...); an unknown person is
    id 0, so the same statements run and the answer takes the same time. Each candidate counts a
    wrong try first; the one that matches gives it back when it is used."""
    candidates = db.session.execute(
        update(OneTimeCode)
        .where(
            owner == owner_id,
            OneTimeCode.purpose.in_(purposes),
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > now,
            or_(
                OneTimeCode.client == client,
                and_(OneTimeCode.client.is_(None), OneTimeCode.wrong_tries < rules.WRONG_TRIES_PER_OPEN_CODE),
            ),
        )
        .values(wrong_tries=OneTimeCode.wrong_tries + 1)
        .returning(OneTimeCode.id, OneTimeCode.code_hash)
        .execution_options(synchronize_session=False)
    ).all()
    secret = current_app.config["SECRET_KEY"]
    match = next(
        (code_id for code_id, stored in candidates if rules.code_matches(code, stored, secret)), None
    )
    return _use(match, now) if match else None


def _use(code_id: int, now: datetime) -> OneTimeCode | None:
    """Mark the code used, unless another request used it a moment ago (then None)."""
    used = db.session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.id == code_id, OneTimeCode.used_at.is_(None))
        .values(used_at=now, wrong_tries=OneTimeCode.wrong_tries - 1)
        .returning(OneTimeCode.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if used is None:
        return None
    return db.session.get(OneTimeCode, used, populate_existing=True)


def paused_until(login: str, now: datetime) -> datetime | None:
    """The latest pause of any browser at `login` still running, for staff."""
    return db.session.scalar(
        select(func.max(CodeTries.paused_until)).where(CodeTries.login == login, CodeTries.paused_until > now)
    )


def end_pauses(login: str) -> None:
    """Staff unlocked the login: every browser may try again."""
    db.session.execute(
        delete(CodeTries).where(CodeTries.login == login).execution_options(synchronize_session=False)
    )


def forget_old_tries(now: datetime) -> int:
    """Rows of browsers that tried nothing for a day and are not paused."""
    stale = and_(
        CodeTries.last_try_at < now - rules.TRIES_KEPT,
        or_(CodeTries.paused_until.is_(None), CodeTries.paused_until < now),
    )
    return db.session.execute(
        delete(CodeTries).where(stale).execution_options(synchronize_session=False)
    ).rowcount


def _row(login: str, client: str):
    return and_(CodeTries.login == login, CodeTries.client == client)
