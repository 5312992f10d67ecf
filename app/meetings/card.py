"""What the citizen's front page says about meetings: the next one, under "What happens next"."""

from dataclasses import dataclass
from datetime import datetime

from app.meetings import services
from app.models import Citizen, Meeting


@dataclass(frozen=True)
class MeetingsCard:
    next_meeting: Meeting | None


def front_page_card(citizen: Citizen, now: datetime) -> MeetingsCard:
    return MeetingsCard(services.next_meeting(citizen, now))
