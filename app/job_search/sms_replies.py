"""SMS sent to us: "JA"/"YES" (or the word in the citizen's language) confirms job search,
"STOP" ends SMS, "START" resumes them, anything else gets a short help reply.

Only a verified phone of exactly one citizen counts; every inbound SMS is journaled, and a
provider retry of the same SMS is handled once.
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
from app.rules import job_search as rules
from app.rules.contact import normalise_phone
from app.rules.dates import numeric_date

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
    """Act on one inbound SMS and queue the reply. Returns the outcome that was journaled."""
    seen = db.session.scalar(select(InboundSms).where(InboundSms.provider_ref == provider_ref))
    if seen:
        return seen.outcome
    citizen = _citizen_with_phone(sender)
    outcome = _answer(citizen, first_word(body), now) if citizen else "unknown"
    db.session.add(
        InboundSms(
            provider_ref=provider_ref,
            sender=sender[:32],
            body=body[:1600],
            citizen_id=citizen.id if citizen else None,
            outcome=outcome,
            received_at=now,
        )
    )
    db.session.commit()
    return outcome


def _citizen_with_phone(sender: str) -> Citizen | None:
    phone = normalise_phone(sender)
    if phone is None:
        return None
    found = db.session.scalars(
        select(Citizen).where(Citizen.phone == phone, Citizen.phone_verified_at.is_not(None)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None  # a shared number confirms for nobody


def _answer(citizen: Citizen, word: str, now: datetime) -> str:
    if word in STOP_WORDS:
        return _stop_sms(citizen, now)
    if word in START_WORDS:
        return _start_sms(citizen, now)
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
    status = services.status_of(citizen, rules.danish_today(now))
    confirmed_at = receipt.confirmation.confirmed_at.astimezone(rules.DANISH_TIME)
    context = {
        "time": confirmed_at.strftime("%d.%m.%Y %H:%M"),
        "reference": receipt.confirmation.reference,
        "date": numeric_date(status.due_on) if status.due_on else "-",
        # confirming early keeps the same due date; the first day to confirm again shows it moved on
        "start": numeric_date(services.window_opens_on(citizen, status.due_on)) if status.due_on else "-",
    }
    _reply("job_search_receipt", citizen, context, now)
    return "already" if receipt.already else "confirmed"


def _stop_sms(citizen: Citizen, now: datetime) -> str:
    _reply("sms_stopped", citizen, {}, now)  # the last SMS: it says how to undo
    citizen.sms_stopped_at = now
    _switch_channel(citizen, "citizen.sms_stopped")
    return "stopped"


def _start_sms(citizen: Citizen, now: datetime) -> str:
    citizen.sms_stopped_at, citizen.preferred_channel = None, "sms"
    _switch_channel(citizen, "citizen.sms_started")
    _reply("sms_started", citizen, {}, now)
    return "started"


def _switch_channel(citizen: Citizen, action: str) -> None:
    citizen.preferred_channel = reachable_channels(citizen)[0]
    audit.record(
        action,
        actor_type="citizen",
        actor_id=citizen.id,
        actor_label=citizen.name,
        citizen_id=citizen.id,
        obj=citizen,
        channel=citizen.preferred_channel,
    )


def _reply(purpose: str, citizen: Citizen, context: dict, now: datetime) -> None:
    """Answer by SMS, journaled like every message; nothing once the citizen said STOP."""
    if not citizen.sms_stopped_at:
        enqueue(purpose, citizen, context, channel="sms", recipient=citizen.phone, now=now)
