"""The meeting as an iCalendar file (RFC 5545) for the citizen's own calendar.

Times are written in Europe/Copenhagen with its VTIMEZONE (summer time included), so a calendar
shows the meeting at the Danish time whatever zone the phone is set to. The UID never changes
and SEQUENCE grows with every move or cancellation, so the calendar updates its entry instead of
adding a second one. The file holds no CPR number."""

from datetime import UTC, datetime, timedelta

from app.models import Meeting
from app.rules import meetings as rules
from app.rules.dates import DANISH_TIME

# The Danish rules since 1996: summer time from the last Sunday of March 02:00 to the last
# Sunday of October 03:00.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def ics_text(meeting: Meeting, summary: str, location: str, description: str, now: datetime) -> str:
    """The file's text; `summary`, `location` and `description` in the citizen's language."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Borgerportal//Meetings//DA",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{meeting.calendar_uid}",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART;TZID=Europe/Copenhagen:{_local(meeting.starts_at)}",
        f"DTEND;TZID=Europe/Copenhagen:{_local(meeting.starts_at + timedelta(minutes=meeting.minutes))}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description)}",
        f"STATUS:{'CONFIRMED' if meeting.status == rules.BOOKED else 'CANCELLED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def _local(moment: datetime) -> str:
    return moment.astimezone(DANISH_TIME).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a
    UTF-8 character (Arabic and Ukrainian take two bytes a letter)."""
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)
