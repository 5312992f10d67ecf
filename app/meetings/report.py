"""The timeliness report (rettidighed): for each meeting of a jobcenter in a period, how it
counts and the evidence: when the summons was queued, sent and delivered, by which channel,
what the citizen answered, and the exemptions; and for each deadline in the period that passed
with no meeting held or booked in time, a "late" row with the exemptions that moved it. A
supervision sample of 150 cases is answered from here, not by printing (DOMAIN.md, "Meetings").

Four queries whatever the size (plus one per 5,000 citizens): the meetings in the period with
their citizen, caseworker and summons as plain columns; the citizens; every meeting of theirs
(the deadline clock runs from the last held one); and their exemptions."""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Citizen, Exemption, Meeting, Message, StaffUser
from app.rules import meetings as rules
from app.rules.dates import DANISH_TIME, danish_today
from app.rules.job_search import Period


@dataclass(frozen=True)
class ReportFilter:
    jobcenter_id: int
    first_day: date
    last_day: date
    caseworker_id: int | None = None
    target_group: str = ""


@dataclass(slots=True)
class ReportRow:
    """One meeting with its outcome and evidence: plain columns, not ORM objects (10,000 of
    those took seconds to load). `_judge` fills in the last three."""

    meeting_id: int | None  # None: a deadline that passed with no meeting
    citizen_id: int
    name: str
    cpr: str
    target_group: str
    caseworker: str
    starts_at: datetime | None
    form: str
    status: str
    deadline_on: date | None
    summoned_at: datetime | None
    summons_by_post_at: datetime | None
    channel: str
    sent_at: datetime | None
    delivered_at: datetime | None
    citizen_answered_at: datetime | None
    citizen_reason: str
    citizen_wish: str
    outcome: str = ""
    summoned_on_time: bool = False
    exemptions: tuple = ()

    @property
    def reference(self) -> str:
        return f"SA-{self.meeting_id:07d}" if self.meeting_id else ""

    @property
    def day(self) -> date:
        """The row's place in time: the meeting's Danish day, or the missed deadline."""
        return danish_today(self.starts_at) if self.starts_at else self.deadline_on

    @property
    def reached(self) -> bool:
        """The summons reached the citizen: an SMS the network delivered, an e-mail the mail
        server accepted (e-mail reports no delivery), a letter staff posted, or post recorded
        by staff."""
        if self.summons_by_post_at is not None:
            return True
        if self.channel == "sms":
            return self.delivered_at is not None
        return bool(self.channel) and (self.sent_at is not None or self.delivered_at is not None)


COLUMNS = (
    Meeting.id,
    Meeting.citizen_id,
    Citizen.name,
    Citizen.cpr,
    Citizen.target_group,
    func.coalesce(StaffUser.name, ""),
    Meeting.starts_at,
    Meeting.form,
    Meeting.status,
    Meeting.deadline_on,
    Meeting.summoned_at,
    Meeting.summons_by_post_at,
    func.coalesce(Message.channel, ""),
    Message.sent_at,
    Message.delivered_at,
    Meeting.citizen_answered_at,
    Meeting.citizen_reason,
    Meeting.citizen_wish,
)


def rows(wanted: ReportFilter, now: datetime, settings: dict | None = None) -> list[ReportRow]:
    """The report's rows, by citizen name and time; `settings` are the jobcenter's."""
    lines = [ReportRow(*line) for line in db.session.execute(_query(wanted))]
    citizens = _citizens(wanted)
    exemptions = _exemptions(set(citizens) | {line.citizen_id for line in lines})
    meeting_settings = rules.MeetingSettings.from_settings(settings)
    for line in lines:
        _judge(line, exemptions.get(line.citizen_id, []), meeting_settings, now)
    lines += missed_deadline_rows(wanted, citizens, exemptions, danish_today(now), settings)
    return sorted(lines, key=lambda line: (line.name, line.citizen_id, line.day))


def _judge(line: ReportRow, exemptions: list, settings: rules.MeetingSettings, now: datetime) -> None:
    periods = [Period(e.starts_on, e.ends_on, e.kind) for e in exemptions]
    on_time = rules.summons_on_time(line.summoned_at, line.reached, line.starts_at, line.form, settings)
    facts = rules.MeetingFacts(
        status=line.status,
        starts_at=line.starts_at,
        deadline_on=line.deadline_on,
        summoned_on_time=on_time,
        during_exemption=bool(periods) and rules.in_exemption(line.starts_at, line.target_group, periods),
        cancelled_before_start=bool(line.citizen_answered_at and line.citizen_answered_at < line.starts_at),
    )
    line.outcome, line.summoned_on_time, line.exemptions = (
        rules.outcome(facts, now),
        on_time,
        tuple(exemptions),
    )


@dataclass(frozen=True)
class _Citizen:
    name: str
    cpr: str
    target_group: str
    registered_on: date
    sickness_category: int | None


@dataclass(frozen=True)
class _CaseMeeting:
    """One of a citizen's meetings, whenever it was: what the deadline clock reads."""

    starts_at: datetime
    status: str
    caseworker_id: int | None
    caseworker: str


def missed_deadline_rows(
    wanted: ReportFilter, citizens: dict, exemptions: dict, today: date, settings: dict | None
) -> list[ReportRow]:
    """A "late" row for each deadline in the period that passed with no meeting held or booked
    in time (app.rules.meetings.missed_deadlines), with the exemptions that moved it. With a
    caseworker filter, a missed deadline belongs to the caseworker of the citizen's last
    meeting before it (a citizen never met has no caseworker yet)."""
    history = _history(citizens)
    found = []
    for citizen_id, citizen in citizens.items():
        periods = [Period(e.starts_on, e.ends_on, e.kind) for e in exemptions.get(citizen_id, [])]
        meetings = history.get(citizen_id, [])
        days = [rules.MeetingDay(danish_today(m.starts_at), m.status) for m in meetings]
        rhythm = rules.rhythm_for(citizen.target_group, settings, citizen.sickness_category)
        for missed in rules.missed_deadlines(
            citizen.registered_on, days, rhythm, citizen.target_group, periods, today
        ):
            if wanted.first_day <= missed.deadline_on <= wanted.last_day:
                row = _missed_row(citizen_id, citizen, missed, meetings, periods)
                if not wanted.caseworker_id or row.caseworker_id == wanted.caseworker_id:
                    found.append(row.line)
    return found


@dataclass(frozen=True)
class _MissedRow:
    line: ReportRow
    caseworker_id: int | None


def _missed_row(citizen_id, citizen, missed, meetings, periods) -> _MissedRow:
    before = [m for m in meetings if danish_today(m.starts_at) <= missed.deadline_on]
    last = before[-1] if before else None
    moved_by = [
        period
        for period in rules.pausing_periods(citizen.target_group, periods)
        if period.starts_on <= missed.deadline_on
        and (period.ends_on is None or period.ends_on >= missed.counted_from)
    ]
    no_meeting = dict.fromkeys(("starts_at", "summoned_at", "summons_by_post_at", "sent_at", "delivered_at"))
    no_meeting |= dict.fromkeys(("form", "status", "channel", "citizen_reason", "citizen_wish"), "")
    line = ReportRow(
        meeting_id=None,
        citizen_id=citizen_id,
        name=citizen.name,
        cpr=citizen.cpr,
        target_group=citizen.target_group,
        caseworker=last.caseworker if last else "",
        deadline_on=missed.deadline_on,
        citizen_answered_at=None,
        outcome=rules.LATE,
        exemptions=tuple(moved_by),
        **no_meeting,
    )
    return _MissedRow(line, last.caseworker_id if last else None)


def _citizens(wanted: ReportFilter) -> dict[int, _Citizen]:
    """The jobcenter's citizens (of the wanted group) whose deadlines the report walks."""
    columns = (Citizen.name, Citizen.cpr, Citizen.target_group, Citizen.registered_on)
    columns += (Citizen.sickness_category,)
    query = select(Citizen.id, *columns).where(Citizen.jobcenter_id == wanted.jobcenter_id)
    if wanted.target_group:
        query = query.where(Citizen.target_group == wanted.target_group)
    return {line[0]: _Citizen(*line[1:]) for line in db.session.execute(query)}


def _history(citizens: dict) -> dict[int, list[_CaseMeeting]]:
    """Every meeting of the report's citizens, by citizen, in time order."""
    found = defaultdict(list)
    ids = sorted(citizens)
    for start in range(0, len(ids), 5000):  # below every driver's limit on parameters
        query = (
            select(
                Meeting.citizen_id,
                Meeting.starts_at,
                Meeting.status,
                Meeting.caseworker_id,
                func.coalesce(StaffUser.name, ""),
            )
            .outerjoin(StaffUser, StaffUser.id == Meeting.caseworker_id)
            .where(Meeting.citizen_id.in_(ids[start : start + 5000]))
            .order_by(Meeting.starts_at)
        )
        for citizen_id, *meeting in db.session.execute(query):
            found[citizen_id].append(_CaseMeeting(*meeting))
    return found


def _query(wanted: ReportFilter):
    start = datetime.combine(wanted.first_day, time(), tzinfo=DANISH_TIME)
    end = datetime.combine(wanted.last_day + timedelta(days=1), time(), tzinfo=DANISH_TIME)
    query = (
        select(*COLUMNS)
        .join(Citizen, Citizen.id == Meeting.citizen_id)
        .outerjoin(StaffUser, StaffUser.id == Meeting.caseworker_id)
        .outerjoin(Message, Message.id == Meeting.summons_message_id)
        .where(
            Citizen.jobcenter_id == wanted.jobcenter_id, Meeting.starts_at >= start, Meeting.starts_at < end
        )
        .order_by(Citizen.name, Meeting.starts_at)
    )
    if wanted.caseworker_id:
        query = query.where(Meeting.caseworker_id == wanted.caseworker_id)
    if wanted.target_group:
        query = query.where(Citizen.target_group == wanted.target_group)
    return query


def _exemptions(citizen_ids: set[int]) -> dict[int, list[Exemption]]:
    """The exemptions of the report's citizens, by citizen (each citizen's in date order)."""
    found = defaultdict(list)
    ids = sorted(citizen_ids)
    for start in range(0, len(ids), 5000):  # below every driver's limit on parameters
        query = select(Exemption).where(Exemption.citizen_id.in_(ids[start : start + 5000]))
        for exemption in db.session.scalars(query.order_by(Exemption.starts_on)):
            found[exemption.citizen_id].append(exemption)
    return found


def counts(report: list[ReportRow]) -> dict[str, int]:
    counted = Counter(row.outcome for row in report)
    return {outcome: counted.get(outcome, 0) for outcome in (*rules.OUTCOMES, rules.UPCOMING)}


CSV_COLUMNS = (
    "cpr",
    "name",
    "target_group",
    "meeting",
    "starts_at",
    "form",
    "caseworker",
    "deadline_on",
    "status",
    "outcome",
    "counts_against_jobcenter",
    "summons_queued_at",
    "summons_channel",
    "summons_sent_at",
    "summons_delivered_at",
    "summons_by_post_at",
    "summoned_on_time",
    "citizen_answered_at",
    "citizen_reason",
    "citizen_wish",
    "exemptions",
)


def as_csv(report: list[ReportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_line(row) for row in report)
    return out.getvalue()


def _csv_line(row: ReportRow) -> list:
    return [
        row.cpr,
        _safe(row.name),
        row.target_group,
        row.reference,
        _iso(row.starts_at),
        row.form,
        _safe(row.caseworker),
        _iso(row.deadline_on),
        row.status,
        row.outcome,
        "yes" if rules.counts_against_jobcenter(row.outcome) else "no",
        _iso(row.summoned_at),
        row.channel,
        _iso(row.sent_at),
        _iso(row.delivered_at),
        _iso(row.summons_by_post_at),
        "yes" if row.summoned_on_time else "no",
        _iso(row.citizen_answered_at),
        row.citizen_reason,
        row.citizen_wish,
        "; ".join(f"{e.kind} {e.starts_on.isoformat()}-{_iso(e.ends_on)}" for e in row.exemptions),
    ]


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(DANISH_TIME).isoformat(timespec="minutes")
    return value.isoformat()


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; quote them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
