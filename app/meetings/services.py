"""Meetings: staff book, move, cancel and record them; the citizen says "I cannot come".

Every change is written with its audit event (who, for whom) and the notice it causes, in the
caller's unit of work: services flush, the route or job commits once. A missed meeting never
deregisters or sanctions by itself:
it goes on the staff follow-up list with what the citizen said (DOMAIN.md, "Meetings").
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app import audit, case_events
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db
from app.meetings import notices
from app.models import Citizen, Meeting, StaffUser
from app.rules import meetings as rules
from app.rules.dates import danish_today
from app.rules.job_search import Period
from app.sickness import services as sickness
from app.sickness.services import SickReport


class MeetingAlreadyStarted(DomainError):
    """After the start the citizen calls the jobcenter instead of cancelling here."""


class MeetingClosed(DomainError):
    """The meeting is held, missed or cancelled: it cannot be changed any more."""


@dataclass(frozen=True)
class Booking:
    """What the caseworker typed into the booking form."""

    kind: str
    form: str
    starts_at: datetime
    minutes: int
    place: str = ""
    video_link: str = ""
    agenda: str = ""


@dataclass(frozen=True)
class CannotCome:
    reason: str  # rules.REASONS
    text: str = ""
    wish: str = ""


def settings_for(citizen: Citizen) -> rules.MeetingSettings:
    return rules.MeetingSettings.from_settings(citizen.jobcenter.settings)


def periods_of(citizen: Citizen) -> list[Period]:
    return [Period(e.starts_on, e.ends_on, e.kind) for e in citizen.exemptions]


def meetings_of(citizen: Citizen) -> list[Meeting]:
    """The citizen's meetings, the latest first."""
    query = select(Meeting).where(Meeting.citizen_id == citizen.id).order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(query))


def meeting_of(citizen: Citizen, meeting_id: int) -> Meeting | None:
    """One of the citizen's own meetings; None for anyone else's."""
    meeting = db.session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.citizen_id == citizen.id else None


def last_held_on(citizen: Citizen) -> date | None:
    query = select(Meeting.starts_at).where(Meeting.citizen_id == citizen.id, Meeting.status == rules.HELD)
    held = db.session.scalars(query.order_by(Meeting.starts_at.desc()).limit(1)).first()
    return danish_today(held) if held else None


def deadline_for(citizen: Citizen) -> date | None:
    """The last day the citizen's next meeting may be held (None: no meeting duty now)."""
    rhythm = rules.rhythm_for(citizen.target_group, citizen.jobcenter.settings, citizen.sickness_category)
    counting_from = last_held_on(citizen) or citizen.registered_on
    return rules.next_deadline(
        counting_from, citizen.registered_on, rhythm, citizen.target_group, periods_of(citizen)
    )


def warnings_for(citizen: Citizen, booking: Booking, now: datetime) -> rules.BookingWarnings:
    return rules.booking_warnings(
        booking.starts_at,
        booking.form,
        deadline_for(citizen),
        citizen.target_group,
        periods_of(citizen),
        now,
        settings_for(citizen),
    )


def book(staff: StaffUser, citizen: Citizen, booking: Booking, now: datetime) -> Meeting:
    """Book the meeting and queue its summons (SMS or e-mail with a link to the meeting page; a
    letter for the print queue when nothing else reaches the citizen)."""
    meeting = Meeting(citizen=citizen, caseworker=staff, deadline_on=deadline_for(citizen), created_at=now)
    _apply(meeting, booking)
    _acted_by(meeting, Actor.of_staff(staff))
    db.session.add(meeting)
    db.session.flush()
    notices.summon(meeting, "meeting_summons", now)
    audit.record_by(Actor.of_staff(staff), "meeting.booked", citizen.id, meeting, **_audited(meeting))
    return meeting


def move(staff: StaffUser, meeting: Meeting, booking: Booking, now: datetime) -> None:
    """A new time or place: the same meeting (and calendar entry), a new summons as evidence."""
    _still_open(meeting)
    _apply(meeting, booking)
    meeting.sequence += 1
    meeting.reminded_day_before_at = meeting.reminded_soon_at = None
    notices.summon(meeting, "meeting_moved", now)
    audit.record_by(Actor.of_staff(staff), "meeting.moved", meeting.citizen_id, meeting, **_audited(meeting))


def cancel_by_jobcenter(staff: StaffUser, meeting: Meeting, note: str, now: datetime) -> None:
    _still_open(meeting)
    meeting.status, meeting.sequence = rules.CANCELLED_BY_JOBCENTER, meeting.sequence + 1
    _outcome(meeting, Actor.of_staff(staff), note, now)
    notices.tell(meeting, "meeting_cancelled", now)
    audit.record_by(Actor.of_staff(staff), "meeting.cancelled", meeting.citizen_id, meeting)


def record_outcome(staff: StaffUser, meeting: Meeting, status: str, note: str, now: datetime) -> None:
    """Held or absent, after the start. An absence goes on the follow-up list; nothing more."""
    if status not in (rules.HELD, rules.ABSENT):
        raise ValueError(status)  # a programming error: the form offers only these two
    meeting.status = status
    meeting.seen_by_staff_at = now if status == rules.HELD else None
    _outcome(meeting, Actor.of_staff(staff), note, now)
    audit.record_by(Actor.of_staff(staff), f"meeting.{status}", meeting.citizen_id, meeting)


def record_summons_by_post(staff: StaffUser, meeting: Meeting, now: datetime) -> None:
    """Staff sent the summons by letter or Digital Post: that is evidence too."""
    meeting.summons_by_post_at = now
    meeting.summoned_at = meeting.summoned_at or now
    audit.record_by(Actor.of_staff(staff), "meeting.summoned_by_post", meeting.citizen_id, meeting)


def cannot_come(
    actor: Actor, meeting: Meeting, answer: CannotCome, now: datetime, file_sickness: bool = True
):
    """The citizen (or a helper) cannot come: the meeting is cancelled by the citizen with a
    reason, never a no-show. "I am sick" files the sickness report from today in the same go
    (with `file_sickness`; a helper without that scope only tells the reason). Returns the
    sickness report, if there is one. Raises MeetingAlreadyStarted, MeetingClosed."""
    if not rules.may_cancel(meeting.starts_at, now):
        raise MeetingAlreadyStarted()
    _still_open(meeting)
    meeting.status, meeting.sequence = rules.CANCELLED_BY_CITIZEN, meeting.sequence + 1
    meeting.citizen_reason, meeting.citizen_reason_text = answer.reason, answer.text
    meeting.citizen_wish, meeting.citizen_answered_at = answer.wish, now
    meeting.citizen_answered_by = actor.label
    case_events.record_event(
        actor, meeting.citizen, "meeting.cannot_come", meeting, now=now, reason=answer.reason
    )
    notices.receipt(meeting, now)
    if answer.reason != "sick" or not file_sickness:
        return None
    return _report_sick(actor, meeting, now)


def _report_sick(actor: Actor, meeting: Meeting, now: datetime):
    """File the sickness report with the cancellation. Already reported sick: the open report
    covers the meeting."""
    meeting.sickness_flagged_at = now
    try:
        return sickness.report_sick(actor, meeting.citizen, SickReport(danish_today(now)), now)
    except sickness.AlreadySick:
        return sickness.open_report(meeting.citizen)


def mark_seen(staff: StaffUser, meeting: Meeting, now: datetime) -> None:
    """A caseworker has followed up an absence or a cancellation: off the follow-up list."""
    if meeting.seen_by_staff_at is None:
        meeting.seen_by_staff_at = now
        audit.record_by(Actor.of_staff(staff), "meeting.followed_up", meeting.citizen_id, meeting)


def _still_open(meeting: Meeting) -> None:
    if meeting.status != rules.BOOKED:
        raise MeetingClosed()


def _apply(meeting: Meeting, booking: Booking) -> None:
    meeting.kind, meeting.form, meeting.starts_at = booking.kind, booking.form, booking.starts_at
    meeting.minutes, meeting.agenda = booking.minutes, booking.agenda
    meeting.place = booking.place if booking.form == rules.IN_PERSON else ""
    meeting.video_link = booking.video_link if booking.form == rules.VIDEO else ""


def _acted_by(meeting: Meeting, actor: Actor) -> None:
    meeting.actor_type, meeting.actor_id, meeting.actor_label = actor.type, actor.id, actor.label


def _outcome(meeting: Meeting, actor: Actor, note: str, now: datetime) -> None:
    meeting.outcome_note, meeting.outcome_at, meeting.outcome_by = note, now, actor.label


def _audited(meeting: Meeting) -> dict:
    """What the audit log keeps of a booking: when and how, not the agenda."""
    return {"starts_at": meeting.starts_at.isoformat(), "form": meeting.form, "kind": meeting.kind}


def set_sickness_category(staff: StaffUser, citizen: Citizen, category: int | None) -> None:
    """The caseworker sets the category of a sygedagpenge case: it decides the meeting rhythm."""
    if category == citizen.sickness_category:
        return
    before, citizen.sickness_category = citizen.sickness_category, category
    changed = {"before": before, "after": category}
    audit.record_by(Actor.of_staff(staff), "citizen.sickness_category_set", citizen.id, citizen, **changed)
