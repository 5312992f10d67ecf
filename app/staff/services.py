"""What staff do for citizens of their own jobcenter. Every change is audited and the citizen
is told on every channel we know, so a reset nobody asked for is noticed (DOMAIN.md, "Logging in
and getting a new code")."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from werkzeug.exceptions import NotFound

from app import audit
from app.access import citizen_for
from app.audit import Actor
from app.auth.server_sessions import end_every_session
from app.auth.services import end_pauses, forget_letter_code, issue_code, queue_code_letter
from app.errors import DomainError
from app.extensions import db
from app.models import Citizen, Message, StaffUser
from app.notifications.outbox import enqueue, reachable_channels
from app.rules.contact import normalise_phone
from app.rules.cpr import normalise
from app.rules.dates import numeric_date
from app.staff import onboarding

SEARCH_LIMIT = 50


def search_citizens(staff: StaffUser, query: str) -> list[Citizen]:
    """Citizens of the staff member's jobcenter matching a CPR number, phone number or name."""
    query = query.strip()
    if not query:
        return []
    matches = [Citizen.name.ilike(f"%{query}%")]
    if cpr := normalise(query):
        matches.append(Citizen.cpr == cpr)
    if phone := normalise_phone(query):
        matches.append(Citizen.phone == phone)
    found = select(Citizen).where(Citizen.jobcenter_id == staff.jobcenter_id, or_(*matches))
    return list(db.session.scalars(found.order_by(Citizen.name).limit(SEARCH_LIMIT)))


def query_kind(query: str) -> str:
    """What a search was by, for the audit log (the query itself is not kept): cpr, phone or name."""
    if normalise(query):
        return "cpr"
    return "phone" if normalise_phone(query) else "name"


def citizens_by_ids(staff: StaffUser, citizen_ids: list[int]) -> list[Citizen]:
    """The citizens with these ids in the staff member's jobcenter, in the order of the ids."""
    wanted = citizen_ids[:SEARCH_LIMIT]
    found = db.session.scalars(
        select(Citizen).where(Citizen.jobcenter_id == staff.jobcenter_id, Citizen.id.in_(wanted))
    )
    by_id = {citizen.id: citizen for citizen in found}
    return [by_id[citizen_id] for citizen_id in citizen_ids if citizen_id in by_id]


def send_code(staff: StaffUser, citizen: Citizen, channel: str, now: datetime) -> bool:
    """Send a new login code to the phone or e-mail on file. False if that channel is unusable.

    The code is open (long, any browser may type it): the citizen is not at a browser that asked."""
    if channel not in reachable_channels(citizen) or channel == "letter":
        return False
    code = issue_code(citizen, channel, now)
    enqueue("login_code", citizen, {"code": code}, channel=channel, now=now)
    _record(staff, citizen, "access.code_sent", now, channel=channel)
    return True


def print_code_letter(staff: StaffUser, citizen: Citizen, now: datetime) -> Message:
    """Put a letter with a 14-day code in the print queue."""
    letter = queue_code_letter(citizen, now)
    _record(staff, citizen, "access.letter_printed", now)
    return letter


def unlock(staff: StaffUser, citizen: Citizen, now: datetime) -> None:
    end_pauses(citizen)
    _record(staff, citizen, "access.unlocked", now)


def log_out_everywhere(staff: StaffUser, citizen: Citizen, now: datetime) -> None:
    """End every session of the citizen at once, e.g. when someone else got in."""
    end_every_session(citizen.get_id(), now, "everywhere")
    _record(staff, citizen, "access.logged_out_everywhere", now)


def change_contact(
    staff: StaffUser, citizen: Citizen, *, phone: str | None, email: str | None, id_seen: str, now: datetime
) -> None:
    """Replace phone and e-mail after staff checked the citizen's ID. The old addresses are told,
    and every session of the citizen ends: whoever had the old phone may have logged in with it."""
    end_every_session(citizen.get_id(), now, "contact_changed")
    old, new = {"sms": citizen.phone, "email": citizen.email}, {"sms": phone, "email": email}
    citizen.phone, citizen.phone_verified_at = phone, now if phone else None
    citizen.email, citizen.email_verified_at = email, now if email else None
    citizen.preferred_channel = reachable_channels(citizen)[0]  # keeps the choice while possible
    replaced = {channel: address for channel, address in old.items() if address and address != new[channel]}
    _record(staff, citizen, "access.contact_changed", now, id_seen=id_seen, also_tell=replaced)


def _record(staff: StaffUser, citizen: Citizen, action: str, now: datetime, also_tell=None, **details):
    """Audit the change and tell the citizen on every channel (the route commits)."""
    audit.record_by(Actor.of_staff(staff), action, citizen_id=citizen.id, obj=citizen, **details)
    _tell_citizen(citizen, now, also_tell or {})


def _tell_citizen(citizen: Citizen, now: datetime, old_addresses: dict) -> None:
    context = {"date": numeric_date(now.date()), "phone": citizen.jobcenter.phone}
    channels = [c for c in reachable_channels(citizen) if c != "letter"] or ["letter"]
    for channel in channels:
        enqueue("access_changed", citizen, context, channel=channel, now=now)
    for channel, address in old_addresses.items():
        enqueue("access_changed", citizen, context, channel=channel, recipient=address, now=now)


def print_queue(staff: StaffUser) -> list[Message]:
    """Letters for the staff member's jobcenter that wait to be printed and posted."""
    query = (
        select(Message)
        .join(Citizen, Message.citizen_id == Citizen.id)
        .where(
            Message.channel == "letter",
            Message.status == "queued",
            Citizen.jobcenter_id == staff.jobcenter_id,
        )
        .order_by(Message.created_at)
    )
    return list(db.session.scalars(query))


def letter_for(staff: StaffUser, message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None or message.channel != "letter" or message.citizen_id is None:
        raise NotFound()
    citizen_for(staff, message.citizen_id)
    return message


def letter_to_print(staff: StaffUser, message_id: int) -> Message:
    """The letter, for its PDF. Every download is audited: a code letter's PDF shows its code."""
    letter = letter_for(staff, message_id)
    audit.record_by(
        Actor.of_staff(staff),
        "letter.downloaded",
        citizen_id=letter.citizen_id,
        obj=letter,
        purpose=letter.purpose,
    )
    return letter


def mark_letter_sent(staff: StaffUser, message: Message, now: datetime) -> None:
    """Posted: the letter's code is erased, so no later download or database copy shows it."""
    message.status, message.sent_at = "sent", now
    forget_letter_code(message)
    audit.record_by(Actor.of_staff(staff), "letter.posted", citizen_id=message.citizen_id, obj=message)


EmailTaken = onboarding.EmailTaken


def staff_of(admin: StaffUser) -> list[StaffUser]:
    query = select(StaffUser).where(StaffUser.jobcenter_id == admin.jobcenter_id).order_by(StaffUser.name)
    return list(db.session.scalars(query))


def create_staff(admin: StaffUser, *, name: str, email: str, phone: str | None, role: str) -> StaffUser:
    """Create a staff user in the admin's own jobcenter, without a password: they set their own
    with the link from new_password_link. Raises EmailTaken for a used e-mail."""
    creator = Actor.of_staff(admin)
    return onboarding.add_staff(admin.jobcenter, creator, name=name, email=email, phone=phone, role=role)


def new_password_link(admin: StaffUser, user: StaffUser) -> str:
    """A fresh one-time link for a colleague to set (or reset) their password."""
    audit.record_by(Actor.of_staff(admin), "staff.password_link_made", obj=user)
    return onboarding.set_password_link(user)


class CannotDeactivateSelf(DomainError):
    """An admin never deactivates their own account (the last admin would lock everyone out)."""

    message = _l("You cannot deactivate yourself. Ask another administrator.")


def deactivate(actor: Actor, user: StaffUser, now: datetime) -> None:
    """The staff user can no longer log in, and every session of theirs ends at once.
    `actor` is the admin, or the system for `flask staff deactivate`."""
    if actor.type == "staff" and actor.id == user.id:
        raise CannotDeactivateSelf()
    user.active = False
    end_every_session(user.get_id(), now, "deactivated")
    audit.record_by(actor, "staff.deactivated", obj=user)


def colleague(admin: StaffUser, user_id: int) -> StaffUser:
    """A staff user of the admin's own jobcenter; 404 for anyone else."""
    user = db.session.get(StaffUser, user_id)
    if user is None or user.jobcenter_id != admin.jobcenter_id:
        raise NotFound()
    return user


def set_role(admin: StaffUser, user: StaffUser, role: str) -> None:
    user.role = role
    audit.record_by(Actor.of_staff(admin), "staff.role_changed", obj=user, role=role)
