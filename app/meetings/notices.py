"""What the citizen hears about a meeting: the summons, a move, a cancellation, the receipt of
"I cannot come" and the reminders. Each goes through the outbox in the caller's transaction.

The summons is the jobcenter's evidence: the meeting keeps the message, whose status and
delivery time the timeliness report shows."""

from datetime import datetime

from app.models import Meeting, Message
from app.notifications.outbox import enqueue, prepare
from app.rules.dates import DANISH_TIME, danish_today, numeric_date
from app.urls import external_url


def meeting_link(meeting: Meeting) -> str:
    """The meeting page; it asks for login, and carries no CPR number, code or token."""
    return external_url("meetings.meeting", meeting_id=meeting.id)


def context_of(meeting: Meeting) -> dict:
    return {
        "date": numeric_date(danish_today(meeting.starts_at)),
        "clock": meeting.starts_at.astimezone(DANISH_TIME).strftime("%H:%M"),
        "link": meeting_link(meeting),
        "phone": meeting.citizen.jobcenter.phone,
    }


def _key(meeting: Meeting, purpose: str) -> str:
    return f"meeting:{meeting.id}:{purpose}:{meeting.sequence}"


def summon(meeting: Meeting, purpose: str, now: datetime) -> Message | None:
    """Queue the summons (or the notice of a move) and keep it as the meeting's evidence. A
    letter goes to the print queue when neither SMS nor e-mail reaches the citizen."""
    message = tell(meeting, purpose, now)
    meeting.summoned_at, meeting.summons_message = now, message
    return message


def tell(meeting: Meeting, purpose: str, now: datetime) -> Message | None:
    return enqueue(purpose, meeting.citizen, context_of(meeting), dedup_key=_key(meeting, purpose), now=now)


def receipt(meeting: Meeting, now: datetime) -> Message | None:
    return tell(meeting, "meeting_cannot_come_receipt", now)


def reminder_row(meeting: Meeting, stage: str, now: datetime) -> dict | None:
    """A reminder as a prepared outbox row, for the sweep's batch insert (None: no SMS or e-mail
    reaches the citizen; the purpose is never sent by letter, which would come too late)."""
    key = _key(meeting, f"reminder_{stage}")
    return prepare("meeting_reminder", meeting.citizen, context_of(meeting), dedup_key=key, now=now)
