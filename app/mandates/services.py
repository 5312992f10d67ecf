"""Mandates: invite, ask, accept, approve, register from paper, change and revoke. Every change is
audited as done by its actor for the citizen, in the caller's unit of work: the route commits.

Rules: DOMAIN.md, "Relatives' shared access"; the scopes, end dates and states are in
app/rules/mandates.py.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import audit
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db
from app.mandates import invitations
from app.models import Citizen, Helper, Mandate, StaffUser
from app.notifications.outbox import digital_channel, enqueue
from app.rules import mandates as rules
from app.rules.contact import last_digits
from app.rules.dates import danish_today, numeric_date
from app.rules.sms import short_name
from app.urls import external_url


class AlreadyHelping(DomainError):
    message = _l(
        "This person can already help you, or has an invitation waiting. Change or take back "
        "that access instead."
    )


class OwnPhone(DomainError):
    message = _l("This is your own phone number. Write the phone number of the person who will help you.")


class NotPossibleNow(DomainError):
    message = _l("This can no longer be done. The page has been updated.")


@dataclass(frozen=True)
class Grant:
    """What a helper may do, and until which day (inclusive)."""

    scopes: tuple[str, ...]
    ends_on: date


@dataclass(frozen=True)
class NewHelper:
    name: str
    phone: str  # E.164


def helper_with_phone(phone: str, name: str, language: str) -> Helper:
    """The helper who logs in with `phone`, created if new (the caller commits)."""
    helper = db.session.scalar(select(Helper).where(Helper.phone == phone))
    if helper is None:
        helper = Helper(phone=phone, name=name, language=language)
        db.session.add(helper)
        db.session.flush()
    elif not helper.name:
        helper.name = name
    return helper


def _refuse_a_second(citizen: Citizen, helper: Helper, now: datetime) -> None:
    for mandate in _mandates_between(citizen, helper):
        waiting = mandate.invitation_open(now) or mandate.status == rules.REQUESTED
        if waiting or mandate.is_live(danish_today(now)):
            raise AlreadyHelping()


def _mandates_between(citizen: Citizen, helper: Helper) -> list[Mandate]:
    return list(
        db.session.scalars(
            select(Mandate).where(Mandate.citizen_id == citizen.id, Mandate.helper_id == helper.id)
        )
    )


def _new_mandate(
    citizen: Citizen, helper: Helper, grant: Grant, status: str, origin: str, now: datetime, **more
) -> Mandate:
    mandate = Mandate(
        citizen=citizen,
        helper=helper,
        scopes=list(grant.scopes),
        status=status,
        origin=origin,
        ends_on=grant.ends_on,
        created_at=now,
        **more,
    )
    db.session.add(mandate)
    db.session.flush()
    return mandate


def _audit(actor: Actor, action: str, mandate: Mandate, **details) -> None:
    audit.record_by(
        actor,
        action,
        mandate.citizen_id,
        mandate,
        helper=mandate.helper.name,
        scopes=list(mandate.scopes),
        ends_on=mandate.ends_on.isoformat(),
        **details,
    )


def invite(citizen: Citizen, who: NewHelper, grant: Grant, now: datetime) -> Mandate:
    """Invite the person with `who.phone` to help; they get an SMS with a signed link and must
    log in with that phone number to accept. Raises OwnPhone or AlreadyHelping."""
    if who.phone == citizen.phone:
        raise OwnPhone()
    helper = helper_with_phone(who.phone, who.name, citizen.language)
    _refuse_a_second(citizen, helper, now)
    mandate = _new_mandate(citizen, helper, grant, rules.INVITED, "invitation", now, helper_name=who.name)
    _audit(Actor.of_citizen(citizen), "mandate.invited", mandate)
    context = {
        "citizen": short_name(citizen.name),
        "link": invitations.link_for(mandate),
        "date": numeric_date(danish_today(mandate.invitation_expires_at)),
    }
    enqueue("helper_invitation", helper, context, channel="sms", recipient=helper.phone, now=now)
    return mandate


def accept(helper: Helper, mandate: Mandate, now: datetime) -> None:
    """The invited helper says yes: the mandate is in force at once."""
    _check_open_invitation(helper, mandate, now)
    mandate.status, mandate.accepted_at = rules.ACTIVE, now
    _audit(Actor.of_helper(helper), "mandate.accepted", mandate)


def decline(helper: Helper, mandate: Mandate, now: datetime) -> None:
    _check_open_invitation(helper, mandate, now)
    _end(mandate, rules.DECLINED, Actor.of_helper(helper), now)
    _audit(Actor.of_helper(helper), "mandate.declined", mandate)


def _check_open_invitation(helper: Helper, mandate: Mandate, now: datetime) -> None:
    problem = invitations.problem_with(mandate, helper, now)
    if problem:
        raise invitations.InvitationProblem(problem)


def request_access(helper: Helper, cpr: str, scopes: tuple[str, ...], now: datetime) -> None:
    """The helper asks to help the citizen with `cpr`; the citizen approves or refuses.

    Does the same, visibly, whether or not the CPR number is registered, so the form cannot be
    used to find out who is registered at the jobcenter.
    """
    citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == cpr))
    if citizen is None or citizen.phone == helper.phone:
        return
    try:
        _refuse_a_second(citizen, helper, now)
    except AlreadyHelping:
        return
    grant = Grant(scopes, rules.default_end(danish_today(now)))
    mandate = _new_mandate(citizen, helper, grant, rules.REQUESTED, "request", now)
    _audit(Actor.of_helper(helper), "mandate.requested", mandate)
    # The name the helper chose themselves is not repeated in the portal's name: the citizen
    # hears of the request by the last digits of the helper's phone.
    context = {
        "digits": last_digits(helper.phone),
        "link": external_url("mandates.overview"),
        "phone": citizen.jobcenter.phone,
    }
    enqueue("helper_access_requested", citizen, context, channel=digital_channel(citizen), now=now)


def approve(citizen: Citizen, mandate: Mandate, grant: Grant, now: datetime) -> None:
    """The citizen says yes to a helper's request, with the scopes and end date they choose."""
    _check_state(mandate, rules.REQUESTED)
    mandate.scopes, mandate.ends_on = list(grant.scopes), grant.ends_on
    mandate.status, mandate.accepted_at = rules.ACTIVE, now
    _audit(Actor.of_citizen(citizen), "mandate.approved", mandate)
    _tell_helper_access_granted(mandate, now)


def refuse(citizen: Citizen, mandate: Mandate, now: datetime) -> None:
    _check_state(mandate, rules.REQUESTED)
    _end(mandate, rules.REFUSED, Actor.of_citizen(citizen), now)
    _audit(Actor.of_citizen(citizen), "mandate.refused", mandate)
    enqueue(
        "helper_request_refused",
        mandate.helper,
        {"citizen": short_name(citizen.name)},
        channel="sms",
        recipient=mandate.helper.phone,
        now=now,
    )


def register_paper(
    staff: StaffUser, citizen: Citizen, who: NewHelper, grant: Grant, signed_on: date, now: datetime
) -> Mandate:
    """A mandate from a signed paper form that `staff` has checked. In force at once; the helper
    and the citizen are both told."""
    helper = helper_with_phone(who.phone, who.name, citizen.language)
    _refuse_a_second(citizen, helper, now)
    mandate = _new_mandate(
        citizen,
        helper,
        grant,
        rules.ACTIVE,
        "paper",
        now,
        accepted_at=now,
        paper_signed_on=signed_on,
        paper_checked_by_id=staff.id,
        helper_name=who.name,
    )
    _audit(Actor.of_staff(staff), "mandate.registered_from_paper", mandate, signed_on=signed_on.isoformat())
    _tell_helper_access_granted(mandate, now)
    context = {**mandate.helper_in_messages(), "phone": citizen.jobcenter.phone}
    enqueue("mandate_registered", citizen, context, now=now)
    return mandate


def _tell_helper_access_granted(mandate: Mandate, now: datetime) -> None:
    context = {
        "citizen": short_name(mandate.citizen.name),
        "date": numeric_date(mandate.ends_on),
        "link": external_url("mandates_helper.home"),
    }
    enqueue(
        "helper_access_granted",
        mandate.helper,
        context,
        channel="sms",
        recipient=mandate.helper.phone,
        now=now,
    )


def change(citizen: Citizen, mandate: Mandate, grant: Grant, now: datetime) -> None:
    """New scopes or end date for a mandate in force. A new end date earns a new expiry notice."""
    if not mandate.is_live(danish_today(now)):
        raise NotPossibleNow()
    if grant.ends_on != mandate.ends_on:
        mandate.expiry_notice_at = None
    mandate.scopes, mandate.ends_on = list(grant.scopes), grant.ends_on
    _audit(Actor.of_citizen(citizen), "mandate.changed", mandate)


def revoke(actor: Actor, mandate: Mandate, now: datetime) -> None:
    """End a mandate in force, or withdraw an invitation, at once (also mid-session: the next
    request of the helper is refused). Revoking twice changes nothing."""
    if mandate.status not in (rules.ACTIVE, rules.INVITED):
        return
    _end(mandate, rules.REVOKED, actor, now)
    _audit(actor, "mandate.revoked", mandate)


def _end(mandate: Mandate, status: str, actor: Actor, now: datetime) -> None:
    mandate.status, mandate.ended_at, mandate.ended_by = status, now, actor.label


def _check_state(mandate: Mandate, status: str) -> None:
    if mandate.status != status:
        raise NotPossibleNow()


def staff_panel(citizen: Citizen, _now: datetime) -> list[Mandate]:
    return mandates_of(citizen)


def mandates_of(citizen: Citizen) -> list[Mandate]:
    """All the citizen's mandates, newest first, with their helpers."""
    return list(
        db.session.scalars(
            select(Mandate)
            .where(Mandate.citizen_id == citizen.id)
            .options(selectinload(Mandate.helper))
            .order_by(Mandate.created_at.desc(), Mandate.id.desc())
        )
    )


def requests_and_mandates_of(citizen: Citizen) -> tuple[list[Mandate], list[Mandate]]:
    """(requests waiting for the citizen's answer, every other mandate), newest first."""
    everything = mandates_of(citizen)
    return (
        [m for m in everything if m.status == rules.REQUESTED],
        [m for m in everything if m.status != rules.REQUESTED],
    )


def mandate_of(citizen: Citizen, mandate_id: int) -> Mandate | None:
    mandate = db.session.get(Mandate, mandate_id)
    return mandate if mandate is not None and mandate.citizen_id == citizen.id else None


def mandates_for(helper: Helper) -> list[Mandate]:
    """Everything the helper has been given, asked for or invited to, newest first."""
    return list(
        db.session.scalars(
            select(Mandate)
            .where(Mandate.helper_id == helper.id)
            .options(selectinload(Mandate.citizen))
            .order_by(Mandate.created_at.desc(), Mandate.id.desc())
        )
    )


@dataclass(frozen=True)
class HelperOverview:
    live: list[Mandate]  # in force: the helper can act under these now
    invitations: list[Mandate]  # waiting for the helper's answer
    ended: list[Mandate]  # revoked or expired, newest first


def overview_for(helper: Helper, now: datetime) -> HelperOverview:
    today, mandates = danish_today(now), mandates_for(helper)
    return HelperOverview(
        live=[m for m in mandates if m.is_live(today)],
        invitations=[m for m in mandates if m.invitation_open(now)],
        ended=[m for m in mandates if m.status == rules.REVOKED or m.has_expired(today)],
    )


def mandate_for(helper: Helper, mandate_id: int) -> Mandate | None:
    mandate = db.session.get(Mandate, mandate_id)
    return mandate if mandate is not None and mandate.helper_id == helper.id else None


def record_opened(helper: Helper, mandate: Mandate) -> None:
    """The citizen sees on their activity page each time a helper opened their case."""
    _audit(Actor.of_helper(helper), "mandate.case_opened", mandate)


def set_name(helper: Helper, name: str, language: str, now: datetime) -> None:
    """The helper's own name (shown to the citizens they help) and language for messages."""
    helper.name, helper.language = name, language
    helper.phone_verified_at = helper.phone_verified_at or now
