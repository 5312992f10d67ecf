"""Meetings (samtaler): the rhythm per target group, the deadline for the next meeting, when a
summons is on time, and how a meeting counts for the jobcenter's timeliness.

Pure functions on plain values (no Flask, no database); they take `now` or dates.
Rules: DOMAIN.md, "Meetings" (absences and barsel cases that were counted as late; the 2006
rhythms: contact every 3 months, sickness follow-up every 4th week); issue 20. The table of
defaults is in README.md, "Meetings: rhythm per target group".

THE LAW CHANGES: every number here is a default, and a jobcenter overrides it in its settings
(settings["meetings"], and settings["meeting_rhythms"][group] for the rhythm of one group). The
2006 rules (DOMAIN.md, "Meetings") and today's practice for dagpenge and jobparat kontanthjælp (several
meetings in the first 6 months, then at least every 3 months) are only the starting point.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from app.rules.dates import DANISH_TIME, danish_today
from app.rules.job_search import Period, exemption_on, next_due_date
from app.rules.settings import from_section

IN_PERSON, PHONE, VIDEO = "in_person", "phone", "video"
FORMS = (IN_PERSON, PHONE, VIDEO)
KINDS = ("jobsamtale", "opfoelgningssamtale", "raadighedssamtale", "sygeopfoelgning")

# Which meetings of a rhythm may be held by phone or video instead of in person.
NEVER, EVERY_SECOND, ALWAYS = "never", "every_second", "always"

# What became of a meeting.
BOOKED, HELD, ABSENT = "booked", "held", "absent"
CANCELLED_BY_CITIZEN, CANCELLED_BY_JOBCENTER = "cancelled_by_citizen", "cancelled_by_jobcenter"
STATUSES = (BOOKED, HELD, ABSENT, CANCELLED_BY_CITIZEN, CANCELLED_BY_JOBCENTER)

# How a meeting counts in the timeliness report. Only LATE counts against the jobcenter;
# EXEMPT (a meeting inside an exemption) counts for nothing either way (DOMAIN.md, "Meetings").
HELD_ON_TIME, ABSENT_AFTER_TIMELY_SUMMONS = "held_on_time", "absent_after_timely_summons"
CANCELLED_WITH_REASON, MOVED_BY_JOBCENTER = "cancelled_with_reason", "moved_by_jobcenter"
LATE, EXEMPT, UPCOMING = "late", "exempt", "upcoming"
OUTCOMES = (
    HELD_ON_TIME,
    ABSENT_AFTER_TIMELY_SUMMONS,
    CANCELLED_WITH_REASON,
    MOVED_BY_JOBCENTER,
    LATE,
    EXEMPT,
)

# Why a citizen cannot come ("I cannot come"), and what they would like instead.
REASONS = ("sick", "job", "sick_child", "other")
WISHES = ("", "another_day", "by_phone")


@dataclass(frozen=True)
class Rhythm:
    """The longest time allowed between two meetings of a target group, and which may be by
    phone or video. A group may meet more often at the start (`early_*`, counted from
    registration). `interval_days` 0: the group has no meeting duty."""

    interval_days: int
    remote: str = NEVER
    early_interval_days: int = 0
    early_days: int = 0


# Defaults (README.md, "Meetings: rhythm per target group", with sources).
DEFAULT_RHYTHMS: dict[str, Rhythm] = {
    # Current practice, not the 2006 rules: 4 meetings in the first 6 months, then every 3 months.
    "dagpenge": Rhythm(91, ALWAYS, early_interval_days=42, early_days=182),
    "kontanthjaelp_jobparat": Rhythm(91, ALWAYS, early_interval_days=42, early_days=182),
    "uddannelseshjaelp_aabenlyst": Rhythm(91, ALWAYS, early_interval_days=42, early_days=182),
    # The 2006 rules (DOMAIN.md, "Meetings"): kontanthjælp every 12 weeks.
    "kontanthjaelp_aktivitetsparat": Rhythm(84, NEVER),
    "uddannelseshjaelp_uddannelsesparat": Rhythm(84, NEVER),
    "uddannelseshjaelp_aktivitetsparat": Rhythm(84, NEVER),
    # The 2006 rules: sygedagpenge category 2 every 4 weeks, every second by phone (the group's
    # default); category 3 every 8 weeks, phone allowed (the caseworker sets it: rhythm_key).
    "sygedagpenge": Rhythm(28, EVERY_SECOND),
    "sygedagpenge_kategori_3": Rhythm(56, ALWAYS),
    # The 2006 rules: ledighedsydelse every 3 months (13 weeks).
    "ledighedsydelse": Rhythm(91, ALWAYS),
    "fleksjob": Rhythm(0),
    "revalidering": Rhythm(91, ALWAYS),
    "ressourceforloeb": Rhythm(91, NEVER),
    "jobafklaring": Rhythm(28, EVERY_SECOND),
    "selvforsoergelse": Rhythm(0),
}

# Exemptions that remove the meeting duty and move the deadline by their length. Sickness does
# not pause meetings for people on sygedagpenge: their sickness is what the meetings are about.
PAUSING_KINDS = frozenset({"parental_leave", "sickness", "holiday", "treatment", "job_start"})
SICKNESS_IS_THE_SUBJECT = frozenset({"sygedagpenge", "sygedagpenge_kategori_3", "jobafklaring"})


@dataclass(frozen=True)
class MeetingSettings:
    notice_days_in_person: int = 7  # a summons is on time this many days before
    notice_days_remote: int = 2  # phone and video
    reminder_hour: int = 9  # the reminder the day before, Danish time
    reminder_hours_before_in_person: int = 2  # and for in-person meetings, this long before
    video_link_shown_minutes_before: int = 30

    @classmethod
    def from_settings(cls, settings: dict | None) -> "MeetingSettings":
        return from_section(cls, settings, "meetings")


SICKNESS_BENEFIT = "sygedagpenge"
SICKNESS_CATEGORIES = (1, 2, 3)


def rhythm_key(target_group: str, sickness_category: int | None = None) -> str:
    """Which rhythm a case follows: a sygedagpenge case of category 3 has its own (DOMAIN.md,
    "Meetings"), every other case its target group's."""
    if target_group == SICKNESS_BENEFIT and sickness_category == 3:
        return "sygedagpenge_kategori_3"
    return target_group


def rhythm_for(
    target_group: str, settings: dict | None = None, sickness_category: int | None = None
) -> Rhythm:
    """The rhythm of `target_group` (of its category 3 for such a sygedagpenge case), with a
    jobcenter's settings["meeting_rhythms"][key] applied."""
    key = rhythm_key(target_group, sickness_category)
    base = DEFAULT_RHYTHMS.get(key, Rhythm(0))
    changes = ((settings or {}).get("meeting_rhythms") or {}).get(key) or {}
    known = {key: type(getattr(base, key))(value) for key, value in changes.items() if hasattr(base, key)}
    return replace(base, **known)


def pausing_periods(target_group: str, periods: Iterable[Period]) -> list[Period]:
    """The exemptions that pause the meeting duty of someone in `target_group`."""
    kinds = PAUSING_KINDS - {"sickness"} if target_group in SICKNESS_IS_THE_SUBJECT else PAUSING_KINDS
    return [period for period in periods if period.kind in kinds]


def interval_for(rhythm: Rhythm, counting_from: date, registered_on: date) -> int:
    """The tighter early interval while `counting_from` is in the group's first months."""
    early = rhythm.early_interval_days and counting_from < registered_on + timedelta(days=rhythm.early_days)
    return rhythm.early_interval_days if early else rhythm.interval_days


def next_deadline(
    counting_from: date, registered_on: date, rhythm: Rhythm, target_group: str, periods: Iterable[Period]
) -> date | None:
    """The last day the next meeting may be held: `counting_from` (the last held meeting, or
    registration) plus the rhythm's interval, moved by the length of every pausing exemption in
    between, like the job-search clock. None: no meeting duty (the group has none, or an
    exemption without an end is active)."""
    if rhythm.interval_days <= 0:
        return None
    interval = interval_for(rhythm, counting_from, registered_on)
    return next_due_date(counting_from, pausing_periods(target_group, periods), interval)


def may_be_remote(rhythm: Rhythm, held_before: int) -> bool:
    """Whether the next meeting may be by phone or video, after `held_before` held meetings
    (EVERY_SECOND: the 2nd, 4th ... may be remote)."""
    if rhythm.remote == ALWAYS:
        return True
    return rhythm.remote == EVERY_SECOND and held_before % 2 == 1


def notice_days(form: str, settings: MeetingSettings = MeetingSettings()) -> int:
    return settings.notice_days_in_person if form == IN_PERSON else settings.notice_days_remote


def last_timely_summons_day(
    starts_at: datetime, form: str, settings: MeetingSettings = MeetingSettings()
) -> date:
    """The last Danish day a summons for a meeting at `starts_at` is on time."""
    return danish_today(starts_at) - timedelta(days=notice_days(form, settings))


def summons_on_time(
    summoned_at: datetime | None,
    reached: bool,
    starts_at: datetime,
    form: str,
    settings: MeetingSettings = MeetingSettings(),
) -> bool:
    """A summons is on time when it was sent at least N days (Danish calendar days) before the
    meeting, and `reached` the citizen: delivered by SMS or e-mail, or recorded by staff as sent
    by letter or Digital Post."""
    if summoned_at is None or not reached:
        return False
    return danish_today(summoned_at) <= last_timely_summons_day(starts_at, form, settings)


def in_exemption(starts_at: datetime, target_group: str, periods: Iterable[Period]) -> bool:
    return exemption_on(danish_today(starts_at), pausing_periods(target_group, periods)) is not None


@dataclass(frozen=True)
class MeetingFacts:
    """What the timeliness of one meeting depends on."""

    status: str
    starts_at: datetime
    deadline_on: date | None
    summoned_on_time: bool
    during_exemption: bool
    cancelled_before_start: bool = False


def outcome(facts: MeetingFacts, now: datetime) -> str:
    """How the meeting counts: held on time, absent after a timely summons, cancelled by the
    citizen with a reason before it, moved by the jobcenter, late, exempt, or still upcoming.
    An absence or cancellation never sanctions anyone: it only says whom the delay is not on."""
    if facts.during_exemption:
        return EXEMPT
    if facts.status == CANCELLED_BY_JOBCENTER:
        return MOVED_BY_JOBCENTER
    on_day = facts.deadline_on is None or danish_today(facts.starts_at) <= facts.deadline_on
    if facts.status == BOOKED:
        return UPCOMING if facts.starts_at > now or on_day else LATE
    if facts.status == HELD:
        return HELD_ON_TIME if on_day else LATE
    if facts.status == ABSENT:
        return ABSENT_AFTER_TIMELY_SUMMONS if facts.summoned_on_time and on_day else LATE
    if facts.status == CANCELLED_BY_CITIZEN and facts.cancelled_before_start:
        return CANCELLED_WITH_REASON if on_day else LATE
    return LATE


def counts_against_jobcenter(result: str) -> bool:
    return result == LATE


def may_cancel(starts_at: datetime, now: datetime) -> bool:
    """ "I cannot come" is for before the start; after it the citizen calls the jobcenter."""
    return now < starts_at


def reminder_moments(
    starts_at: datetime, form: str, settings: MeetingSettings = MeetingSettings()
) -> dict[str, datetime]:
    """When each reminder of a meeting goes out: the day before at the reminder hour (Danish
    time, right on both sides of a summer-time change), and for in-person meetings a few hours
    before."""
    day_before = danish_today(starts_at) - timedelta(days=1)
    moments = {"day_before": datetime.combine(day_before, time(settings.reminder_hour), tzinfo=DANISH_TIME)}
    if form == IN_PERSON:
        moments["soon"] = starts_at - timedelta(hours=settings.reminder_hours_before_in_person)
    return moments


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def parse_clock(text: str) -> time | None:
    """A time of day as Danes type it: 10:30 or 10.30. None when it is not one."""
    found = _CLOCK.fullmatch((text or "").strip())
    return time(int(found[1]), int(found[2])) if found else None


def danish_start(day: date, at: time) -> datetime:
    """A meeting time typed in Danish time, as an aware datetime (zoneinfo picks the offset)."""
    return datetime.combine(day, at, tzinfo=DANISH_TIME)


@dataclass(frozen=True)
class BookingWarnings:
    late: bool  # the meeting falls after the citizen's deadline
    short_notice: bool  # a summons sent now would not be on time
    exempt: bool  # the meeting falls inside an exemption that pauses meetings


def booking_warnings(
    starts_at: datetime,
    form: str,
    deadline_on: date | None,
    target_group: str,
    periods: Iterable[Period],
    now: datetime,
    settings: MeetingSettings = MeetingSettings(),
) -> BookingWarnings:
    """What the booking form warns about before a caseworker books."""
    return BookingWarnings(
        late=deadline_on is not None and danish_today(starts_at) > deadline_on,
        short_notice=danish_today(now) > last_timely_summons_day(starts_at, form, settings),
        exempt=in_exemption(starts_at, target_group, list(periods)),
    )


@dataclass(frozen=True)
class MissedDeadline:
    """A deadline that passed with no meeting, and the day its clock ran from (exemptions in
    between are what moved it)."""

    counted_from: date
    deadline_on: date


@dataclass(frozen=True)
class MeetingDay:
    """A citizen's meeting as the deadline walk sees it: its Danish day and status."""

    day: date
    status: str


def missed_deadlines(
    registered_on: date,
    meetings: Iterable[MeetingDay],
    rhythm: Rhythm,
    target_group: str,
    periods: Iterable[Period],
    today: date,
) -> list[MissedDeadline]:
    """The deadlines that passed (before `today`) with no meeting held or booked in time.

    The clock starts at registration and again at each held meeting; exemptions move each
    deadline by their length (`next_deadline`). A deadline is met by any meeting on or before
    it that the jobcenter did not cancel itself (how that meeting went is its own row in the
    report). When the first meeting after a missed deadline falls within the next interval, that
    meeting is already counted late on its own, so the deadline is not counted twice; each
    further interval that passes without any meeting is one more missed deadline."""
    kept = sorted(m.day for m in meetings if m.status != CANCELLED_BY_JOBCENTER)
    held = sorted({m.day for m in meetings if m.status == HELD})
    periods = list(periods)
    missed = []
    for start, stop in zip([registered_on, *held], [*held, None], strict=True):
        missed += _missed_from(start, stop, kept, rhythm, target_group, periods, registered_on, today)
    return missed


def _missed_from(
    start, stop, kept, rhythm, target_group, periods, registered_on, today
) -> list[MissedDeadline]:
    """The missed deadlines while the clock runs from `start` until the next held meeting `stop`."""
    missed, counted_from = [], start
    deadline = next_deadline(start, registered_on, rhythm, target_group, periods)
    while deadline is not None and deadline < today and (stop is None or deadline < stop):
        if any(start < day <= deadline for day in kept):
            break
        following = next_deadline(deadline, registered_on, rhythm, target_group, periods)
        if any(deadline < day <= (following or date.max) for day in kept):
            break  # the next meeting is late, and its own row says so
        missed.append(MissedDeadline(counted_from, deadline))
        counted_from, deadline = deadline, following
    return missed
