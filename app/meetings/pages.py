"""What the citizen's meeting pages and calendar file say, in the reader's language."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from flask_babel import gettext as _

from app.meetings import calendar, labels
from app.meetings.services import settings_for
from app.models import Meeting
from app.rules import meetings as rules

MAP_SEARCH = "https://www.openstreetmap.org/search?query="


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    now: datetime
    show_video_link: bool

    @property
    def booked(self) -> bool:
        return self.meeting.status == rules.BOOKED

    @property
    def may_cancel(self) -> bool:
        return self.booked and rules.may_cancel(self.meeting.starts_at, self.now)

    @property
    def started(self) -> bool:
        return self.booked and not self.may_cancel

    @property
    def map_link(self) -> str:
        return MAP_SEARCH + quote_plus(self.meeting.place) if self.meeting.place else ""

    @property
    def ends_at(self) -> datetime:
        return self.meeting.starts_at + timedelta(minutes=self.meeting.minutes)


def meeting_view(meeting: Meeting, now: datetime) -> MeetingView:
    ahead = timedelta(minutes=settings_for(meeting.citizen).video_link_shown_minutes_before)
    return MeetingView(meeting, now, show_video_link=now >= meeting.starts_at - ahead)


def location_text(meeting: Meeting) -> str:
    if meeting.form == rules.PHONE:
        return _("By phone: the jobcenter calls %(phone)s", phone=meeting.citizen.phone or "")
    if meeting.form == rules.VIDEO:
        return _("By video: the link is on the meeting page shortly before")
    return meeting.place


def calendar_file(meeting: Meeting, now: datetime) -> str:
    summary = _("Meeting with the jobcenter: %(kind)s", kind=labels.KIND.get(meeting.kind, meeting.kind))
    parts = [meeting.agenda] if meeting.agenda else []
    parts.append(
        _(
            "If you cannot come, tell us on Borgerportal before the meeting, "
            "or call the jobcenter on %(phone)s.",
            phone=meeting.citizen.jobcenter.phone,
        )
    )
    return calendar.ics_text(meeting, summary, location_text(meeting), "\n\n".join(parts), now)
