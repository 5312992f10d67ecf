"""SMS sent to us: "JA"/"YES" (or the word in the citizen's language) confirms job search,
"STOP" ends SMS, "START" resumes them, anything else gets a short help reply.

Only a verified phone of exactly one citizen confirms; every inbound SMS is journaled, and a
provider retry of the same SMS is handled once. A number that several citizens share (a couple
with one phone; the import warns about it) cannot say who answered: "STOP" and "START" act for
everyone with the number, anything else is answered with a text that names no one.
"""

import re
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit
from app.extensions import db
from app.i18n import in_language
from app.job_search import services
from app.models import Citizen, InboundSms
from app.notifications.outbox import enqueue, reachable_channels
from app.rules import dates
from app.rules.contact import normalise_phone
from app.rules.dates import numeric_date
from app.urls import external_url

# The word to answer with, in each language; "JA" and "YES" work whatever the language.
YES_WORD = _l("YES")
ALWAYS_YES = {"ja", "yes"}
STOP_WORDS = {"stop", "stopp", "afmeld"}
START_WORDS = {"start"}
PUNCTUATION = re.compile(r"[\W_]+")


def first_word(body: str) -> str:
    words = body.split()
    return PUNCTUATION.sub("", words[0]).casefold() if words else ""


def yes_words() -> set[str]:
    words = set(ALWAYS_YES)
    words.update(first_word(in_language(YES_WORD, language)) for language in current_app.config["LANGUAGES"])
    return words


def handle_inbound(provider_ref: str, sender: str, body: str, now: datetime) -> str:
    """Act on one inbound SMS and queue the reply, in the caller's unit of work (the webhook
    commits the journal, the confirmation and the reply together). Returns the outcome.

    The SMS is journaled before anything is done about it: a Twilio retry of it, handled at the
    same moment by another request, then stops at the journal's unique MessageSid (an
    IntegrityError for the caller) instead of confirming and answering a second time."""
    seen = db.session.scalar(select(InboundSms).where(InboundSms.provider_ref == provider_ref))
    if seen:
        return seen.outcome
    citizens = _citizens_with_phone(sender)
    verified = [citizen for citizen in citizens if citizen.phone_verified_at]
    inbound = _journal(provider_ref, sender, body, verified, now)
    word = first_word(body)
    if len(verified) == 1:
        inbound.outcome = _answer(verified[0], citizens, word, now)
    else:
        inbound.outcome = _answer_shared(verified, citizens, word, now) if verified else "unknown"
    return inbound.outcome


def _journal(provider_ref: str, sender: str, body: str, verified: list[Citizen], now: datetime) -> InboundSms:
    """The journal row of the SMS, written now; its outcome is filled in once it is handled."""
    inbound = InboundSms(
        provider_ref=provider_ref,
        sender=sender[:32],
        body=body[:1600],
        citizen_id=verified[0].id if len(verified) == 1 else None,
        outcome="",
        received_at=now,
    )
    db.session.add(inbound)
    db.session.flush()
    return inbound


def _citizens_with_phone(sender: str) -> list[Citizen]:
    """Every citizen with this number, verified or not, oldest first."""
    phone = normalise_phone(sender)
    if phone is None:
        return []
    return list(db.session.scalars(select(Citizen).where(Citizen.phone == phone).order_by(Citizen.id)))


def _answer(citizen: Citizen, everyone: list[Citizen], word: str, now: datetime) -> str:
    """The answer of the one citizen who verified this number. STOP and START still act for
    `everyone` with it: the phone's owner wants no SMS, whoever the SMS would be for."""
    if word in STOP_WORDS:
        return _stop_sms(citizen, everyone, now)
    if word in START_WORDS:
        return _start_sms(citizen, everyone, now)
    if word in yes_words():
        return _confirm(citizen, now)
    help_context = {"yes": in_language(YES_WORD, citizen.language), "phone": citizen.jobcenter.phone}
    _reply("sms_help", citizen, help_context, now)
    return "help"


def _confirm(citizen: Citizen, now: datetime) -> str:
    try:
        receipt = services.confirm(citizen, "sms", services.Actor.of_citizen(citizen), now)
    except services.NoDutyNow:
        _reply("sms_no_duty", citizen, {"phone": citizen.jobcenter.phone}, now)
        return "no_duty"
    status = services.status_of(citizen, dates.danish_today(now))
    confirmed_at = receipt.confirmation.confirmed_at.astimezone(dates.DANISH_TIME)
    context = {
        "time": confirmed_at.strftime("%d.%m.%Y %H:%M"),
        "reference": receipt.confirmation.reference,
        "date": numeric_date(status.due_on) if status.due_on else "-",
        # confirming early keeps the same due date; the first day to confirm again shows it moved on
        "start": numeric_date(services.window_opens_on(citizen, status.due_on)) if status.due_on else "-",
    }
    _reply("job_search_receipt", citizen, context, now)
    return "already" if receipt.already else "confirmed"


def _answer_shared(verified: list[Citizen], everyone: list[Citizen], word: str, now: datetime) -> str:
    """A number several citizens verified: nobody can be told apart, so nothing is confirmed,
    and the reply (journaled with the first of them) names no one."""
    first = verified[0]
    if word in STOP_WORDS:
        _stop_sms(None, everyone, now, reply_to=first, reply="sms_stopped_shared")
        return "shared_stopped"
    if word in START_WORDS:
        _start_sms(None, everyone, now, reply_to=first, reply="sms_started_shared")
        return "shared_started"
    _reply("sms_shared_number", first, {"url": external_url("public.landing")}, now)
    return "shared"


def _stop_sms(sender, everyone, now, reply_to=None, reply="sms_stopped") -> str:
    """No more SMS to this number, for `everyone` with it. `sender`: the citizen known to have
    answered, or None on a shared number."""
    _reply(reply, reply_to or sender, {}, now)  # the last SMS: it says how to undo
    for citizen in everyone:
        citizen.sms_stopped_at = now
        _switch_channel(citizen, "citizen.sms_stopped", sender, len(everyone))
    return "stopped"


def _start_sms(sender, everyone, now, reply_to=None, reply="sms_started") -> str:
    for citizen in everyone:
        citizen.sms_stopped_at, citizen.preferred_channel = None, "sms"
        _switch_channel(citizen, "citizen.sms_started", sender, len(everyone))
    _reply(reply, reply_to or sender, {}, now)
    return "started"


def _switch_channel(citizen: Citizen, action: str, sender: Citizen | None, sharing: int) -> None:
    """Record the STOP or START on the citizen's case: done by the citizen when they sent it,
    else by the portal on a reply from a number they share (`sharing` citizens have it)."""
    citizen.preferred_channel = reachable_channels(citizen)[0]
    by_citizen = sender is not None and sender.id == citizen.id
    audit.record_by(
        audit.Actor.of_citizen(citizen) if by_citizen else audit.Actor.system(),
        action,
        citizen.id,
        citizen,
        channel=citizen.preferred_channel,
        **({"shared_phone": sharing} if sharing > 1 else {}),
    )


def _reply(purpose: str, citizen: Citizen, context: dict, now: datetime) -> None:
    """Answer by SMS, journaled like every message; nothing once the citizen said STOP."""
    if not citizen.sms_stopped_at:
        enqueue(purpose, citizen, context, channel="sms", recipient=citizen.phone, now=now)
