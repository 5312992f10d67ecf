"""One-time codes for citizens, staff and helpers. Services flush into the caller's unit of work:
the route commits once (a login with the session it opens), the worker's job commits its batches.

Nothing here tells a caller whether a CPR number is registered: "send me a code" only records the
request, the same for every number, and the worker does the rest (`handle_code_requests`); a
wrong code for an unknown number is counted and paused like any other (app/auth/guard.py).

`browser` arguments are the random token of the browser's session (app/auth/code_entry.py):
codes asked for on a page are bound to it, and its wrong codes pause only it.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import and_, delete, func, select, update

from app import audit, periodic
from app.auth import guard
from app.auth.guard import LoginPaused, WrongCode
from app.extensions import db, insert_skipping_duplicates
from app.models import AuditEvent, Citizen, CodeRequest, Helper, Message, OneTimeCode, StaffUser
from app.notifications.outbox import enqueue, owner_of, reachable_channels, remove_code
from app.notifications.wakeup import wake_workers
from app.rules import login as rules
from app.rules.dates import numeric_date
from app.sealing import seal, unseal
from app.urls import external_url

__all__ = ["LoginPaused", "WrongCode"]  # raised by the log-in functions below

_hasher = PasswordHasher()  # staff passwords are checked in app/staff/passwords.py

LOGIN_PURPOSES = ("login", "letter")
CPR_SEAL, LETTER_SEAL = "code-request-cpr", "letter-code"
REQUESTS_KEPT = timedelta(days=1)  # so the browser that asked can be told the code did not go out


def find_citizen(cpr: str) -> Citizen | None:
    return db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))


def login_of(person: Citizen | StaffUser | Helper) -> str:
    """What a person logs in to, as the pause counts it: a citizen's CPR number (the same name
    the login page uses, registered or not), a staff user's id, a helper's phone number."""
    if isinstance(person, Citizen):
        return f"cpr:{person.cpr}"
    if isinstance(person, StaffUser):
        return f"staff:{person.id}"
    return f"helper:{person.phone}"


def issue_code(
    person: Citizen | StaffUser | Helper,
    channel: str,
    now: datetime,
    purpose: str = "login",
    target: str | None = None,
    client: str | None = None,
) -> str:
    """Create a one-time code for `person`; return it as a message shows it. The caller sends it
    and commits. Letter codes live 14 days, others 10 minutes.

    `client` (a keyed browser name) binds the code to that browser, and replaces the code of the
    same purpose it asked for before. Without it the code is open: long, and it replaces nothing,
    so a letter or a code from staff never stops a code the person already holds."""
    if client:
        _cancel_earlier(person, purpose, client, now)
    code = rules.new_code(rules.CODE_DIGITS if client else rules.LONG_CODE_DIGITS)
    lifetime = rules.LETTER_CODE_LIFETIME if purpose == "letter" else rules.CODE_LIFETIME
    db.session.add(
        OneTimeCode(
            **owner_of(person),
            purpose=purpose,
            channel=channel,
            created_at=now,
            code_hash=rules.hash_code(code, current_app.config["SECRET_KEY"]),
            expires_at=now + lifetime,
            target=target,
            client=client,
        )
    )
    return rules.shown(code)


def _cancel_earlier(person, purpose: str, client: str, now: datetime) -> None:
    ((key, value),) = owner_of(person).items()
    db.session.execute(
        update(OneTimeCode)
        .where(
            getattr(OneTimeCode, key) == value,
            OneTimeCode.purpose == purpose,
            OneTimeCode.client == client,
            OneTimeCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def browser_name(browser: str) -> str:
    return guard.name_of(f"browser:{browser}")


def check_code(
    person: Citizen | StaffUser | Helper | None,
    login: str,
    browser: str,
    code: str,
    now: datetime,
    purposes=LOGIN_PURPOSES,
) -> OneTimeCode:
    """Use up `person`'s live code (of `purposes`) that `code` is, typed in `browser` for `login`.

    Raises LoginPaused when the browser has no tries left, WrongCode otherwise (also when
    `person` is None, an unknown CPR number). The fifth wrong code in a row pauses the browser.
    The caller commits also when this raises: the pause must be recorded (app/auth/code_entry.py).
    """
    login_name, client = guard.name_of(login), browser_name(browser)
    pause_if_wrong = guard.take_a_try(login_name, client, now)
    ((owner, owner_id),) = (owner_of(person) if person else {"citizen_id": 0}).items()
    used = guard.matching_code(getattr(OneTimeCode, owner), owner_id, client, code, now, purposes)
    if used:
        guard.forget_tries(login_name, client)
        return used
    if pause_if_wrong:
        _record_pause(person, pause_if_wrong)
    raise LoginPaused(pause_if_wrong) if pause_if_wrong else WrongCode()


def _record_pause(person, until: datetime) -> None:
    if isinstance(person, Citizen):
        audit.record_by(
            audit.Actor.system(), "citizen.login_paused", citizen_id=person.id, until=until.isoformat()
        )


def request_login_code(cpr: str, channel: str, browser: str, now: datetime) -> None:
    """Record "send me a code by `channel`" for the worker: the same work for every CPR number."""
    sealed = seal(cpr, CPR_SEAL)
    db.session.add(
        CodeRequest(client=browser_name(browser), channel=channel, sealed_cpr=sealed, created_at=now)
    )
    wake_workers()  # the worker turns the request into a code at once (PostgreSQL)


def handle_code_requests(now: datetime, batch: int = 100) -> int:
    """The worker's part of "send me a code": look the citizen up and send the code, if the
    number is registered and the channel possible. Each request is handled once, also with several
    workers: taking it and sending it are one transaction. Returns how many were handled."""
    handled = 0
    while requests := _take_requests(now, batch):
        for request in requests:
            _handle(request, now)
        db.session.commit()
        handled += len(requests)
        if len(requests) < batch:
            break
    return handled


def _take_requests(now: datetime, batch: int) -> list[CodeRequest]:
    waiting = (
        select(CodeRequest.id).where(CodeRequest.done_at.is_(None)).order_by(CodeRequest.id).limit(batch)
    )
    taken = db.session.execute(
        update(CodeRequest)
        .where(CodeRequest.id.in_(waiting.scalar_subquery()), CodeRequest.done_at.is_(None))
        .values(done_at=now)
        .returning(CodeRequest.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    ids = list(taken)
    return list(
        db.session.scalars(select(CodeRequest).where(CodeRequest.id.in_(ids)).order_by(CodeRequest.id))
    )


def _handle(request: CodeRequest, now: datetime) -> None:
    cpr = unseal(request.sealed_cpr, CPR_SEAL)
    request.sealed_cpr = None  # nobody needs the number any more
    citizen = find_citizen(cpr) if cpr else None
    if citizen is None or request.channel not in reachable_channels(citizen):
        return
    message = _letter_asked_for(citizen, now) if request.channel == "letter" else None
    if request.channel != "letter":
        code = issue_code(citizen, request.channel, now, client=request.client)
        message = enqueue("login_code", citizen, {"code": code}, channel=request.channel, now=now)
    if message:
        db.session.flush()
        request.message_id = message.id


def _letter_asked_for(citizen: Citizen, now: datetime) -> Message | None:
    """A code letter asked for on the login page, unless one was asked for in the last day."""
    asked = select(func.count(AuditEvent.id)).where(
        AuditEvent.citizen_id == citizen.id,
        AuditEvent.action == "access.letter_requested",
        AuditEvent.at > now - timedelta(days=1),
    )
    if db.session.scalar(asked) >= rules.LETTER_REQUESTS_PER_DAY:
        return None
    audit.record_by(audit.Actor.system("login page"), "access.letter_requested", citizen_id=citizen.id)
    return queue_code_letter(citizen, now)


def code_not_sent(browser: str) -> bool:
    """Whether the code this browser asked for last could not be sent (SMS and e-mail both failed).

    Shown to that browser only. It can tell a stranger that a number is registered only when
    the citizen's phone and e-mail both refuse messages, which the stranger cannot cause."""
    last = (
        select(Message.status)
        .join(CodeRequest, CodeRequest.message_id == Message.id)
        .where(CodeRequest.client == browser_name(browser))
        .order_by(CodeRequest.id.desc())
        .limit(1)
    )
    return db.session.scalar(last) == "failed_permanent"


def queue_code_letter(citizen: Citizen, now: datetime) -> Message:
    """Put a letter with a 14-day code in the staff print queue (the caller commits). The code is
    kept sealed for the printer only (`letter_code`) and erased when the letter is posted."""
    code = issue_code(citizen, "letter", now, purpose="letter")
    context = {
        "code": code,
        "valid_until": numeric_date((now + rules.LETTER_CODE_LIFETIME).date()),
        "url": external_url("public.landing"),
        "phone": citizen.jobcenter.phone,
    }
    letter = enqueue("code_letter", citizen, context, channel="letter", now=now)
    letter.sealed_code = seal(code, LETTER_SEAL)
    remove_code(letter)
    return letter


def letter_code(letter: Message) -> str | None:
    """The code a letter in the print queue must show, for the PDF the printer gets; None once
    the letter is posted (or for a letter without a code)."""
    return unseal(letter.sealed_code, LETTER_SEAL)


def forget_letter_code(letter: Message) -> None:
    letter.sealed_code = None
    remove_code(letter)


def forget_old_login_rows(now: datetime) -> None:
    """The worker's daily tidying: old requests, old counts of wrong codes, and the sealed codes
    of letters never posted whose code has expired anyway. The periodic job commits."""
    db.session.execute(delete(CodeRequest).where(CodeRequest.created_at < now - REQUESTS_KEPT))
    guard.forget_old_tries(now)
    expired_letters = and_(
        Message.status == "queued",  # only letters waiting to be posted keep a code (ix_messages_due)
        Message.channel == "letter",
        Message.sealed_code.is_not(None),
        Message.created_at < now - rules.LETTER_CODE_LIFETIME,
    )
    db.session.execute(
        update(Message)
        .where(expired_letters)
        .values(sealed_code=None)
        .execution_options(synchronize_session=False)
    )


def log_in_with_code(cpr: str, browser: str, code: str, now: datetime) -> Citizen:
    """Return the citizen whose live code (from a message or a letter) `code` is; use it up.

    Raises LoginPaused while this browser is paused, WrongCode otherwise (also for unknown CPR
    numbers, which are counted and paused the same way)."""
    citizen = find_citizen(cpr)
    used = check_code(citizen, f"cpr:{cpr}", browser, code, now)
    audit.record_by(
        audit.Actor.of_citizen(citizen), "citizen.logged_in", citizen_id=citizen.id, channel=used.channel
    )
    return citizen


def paused_until(citizen: Citizen, now: datetime) -> datetime | None:
    """When the last browser paused at this citizen's login may try again (None: none is)."""
    return guard.paused_until(guard.name_of(login_of(citizen)), now)


def end_pauses(citizen: Citizen) -> None:
    guard.end_pauses(guard.name_of(login_of(citizen)))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def send_staff_login_code(user: StaffUser, browser: str, now: datetime) -> None:
    channel = reachable_channels(user)[0]
    code = issue_code(user, channel, now, client=browser_name(browser))
    enqueue("login_code", user, {"code": code}, channel=channel, now=now)


def log_in_staff_with_code(user_id: int, browser: str, code: str, now: datetime) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.active:
        raise WrongCode()
    check_code(user, login_of(user), browser, code, now)
    audit.record_by(audit.Actor.of_staff(user), "staff.logged_in")
    return user


def send_helper_code(phone: str, browser: str, now: datetime) -> None:
    """Send a login code by SMS to `phone` (E.164). Anyone may become a helper, so an unknown
    number gets a helper account with no name yet; it can do nothing until a citizen or staff
    gives it a mandate."""
    helper = _helper_with_phone(phone, now)
    code = issue_code(helper, "sms", now, client=browser_name(browser))
    enqueue("login_code", helper, {"code": code}, channel="sms", recipient=helper.phone, now=now)


def _helper_with_phone(phone: str, now: datetime) -> Helper:
    """The helper account of `phone`, created if new. Two first logins at once both insert it:
    the second insert is skipped instead of failing on the unique phone number."""
    new_helper = {"phone": phone, "language": str(get_locale() or "da"), "created_at": now}
    db.session.execute(insert_skipping_duplicates(Helper.__table__, ["phone"]), new_helper)
    return db.session.scalar(select(Helper).where(Helper.phone == phone))


def log_in_helper_with_code(phone: str, browser: str, code: str, now: datetime) -> Helper:
    """The helper with `phone` whose live code `code` is; the phone counts as proven from now.
    Raises WrongCode or LoginPaused like citizens' logins."""
    helper = db.session.scalar(select(Helper).where(Helper.phone == phone))
    check_code(helper, f"helper:{phone}", browser, code, now)
    helper.phone_verified_at = helper.phone_verified_at or now
    return helper


def register_periodic_jobs() -> None:
    periodic.register("old_login_rows", forget_old_login_rows)


def log_in_with_mitid(cpr: str | None) -> Citizen | None:
    """The citizen whose CPR number MitID vouched for, with the login audited; None when the
    number is not registered here (the caller answers as neutrally as the code login does)."""
    citizen = find_citizen(cpr) if cpr else None
    if citizen is None:
        return None
    audit.record_by(audit.Actor.of_citizen(citizen), "citizen.logged_in_with_mitid", citizen.id)
    return citizen


def mitid_key(cpr: str) -> str:
    """What a helper account keeps of the MitID identity linked to it: a keyed hash of the CPR
    number, never the number (a helper account is not a case, and helpers need no CPR)."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"mitid-helper:" + cpr.encode(), hashlib.sha256).hexdigest()


def helper_with_mitid(key: str) -> Helper | None:
    return db.session.scalar(select(Helper).where(Helper.mitid_key == key))


def link_mitid_to_helper(helper: Helper, key: str) -> None:
    """Link a MitID identity to the helper who just proved their phone with a code, so MitID
    logs them in from now on. An identity already linked to another helper moves here: the
    person has proved both. The caller commits."""
    previous = helper_with_mitid(key)
    if previous is not None and previous.id != helper.id:
        previous.mitid_key = None
        db.session.flush()
    helper.mitid_key = key
    audit.record_by(audit.Actor.of_helper(helper), "helper.mitid_linked")


def log_in_helper_with_mitid(helper: Helper) -> None:
    audit.record_by(audit.Actor.of_helper(helper), "helper.logged_in_with_mitid")
