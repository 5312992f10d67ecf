"""The timeliness report (rettidighed): for each meeting of a jobcenter in a period, how it
counts and the evidence: when the summons was queued, sent and delivered, by which channel,
what the citizen answered, and the exemptions. A supervision sample of 150 cases is answered
from here, not by printing (seed 000 L19-23).

Two queries whatever the size: the meetings with their citizen and summons, then the exemptions
of those citizens."""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from app.extensions import db
from app.models import Citizen, Exemption, Meeting, Message
from app.rules import meetings as rules
from app.rules.job_search import DANISH_TIME, Period


@dataclass(frozen=True)
class ReportFilter:
    jobcenter_id: int
    first_day: date
    last_day: date
    caseworker_id: int | None = None
    target_group: str = ""


@dataclass(frozen=True)
class ReportRow:
    meeting: Meeting
    outcome: str
    summoned_on_time: bool
    reached: bool
    exemptions: list[Exemption]


def reached(meeting: Meeting) -> bool:
    """The summons reached the citizen: an SMS the network delivered, an e-mail the mail server
    accepted (e-mail reports no delivery), a letter staff posted, or post recorded by staff."""
    message = meeting.summons_message
    if meeting.summons_by_post_at is not None:
        return True
    if message is None:
        return False
    if message.channel == "sms":
        return message.delivered_at is not None
    return message.sent_at is not None or message.delivered_at is not None


def rows(wanted: ReportFilter, now: datetime) -> list[ReportRow]:
    meetings = _meetings(wanted)
    exemptions = _exemptions({meeting.citizen_id for meeting in meetings})
    settings_of = {}
    return [_row(meeting, exemptions[meeting.citizen_id], settings_of, now) for meeting in meetings]


def _row(meeting: Meeting, exemptions: list[Exemption], settings_of: dict, now: datetime) -> ReportRow:
    citizen = meeting.citizen
    if citizen.jobcenter_id not in settings_of:
        settings_of[citizen.jobcenter_id] = rules.MeetingSettings.from_settings(citizen.jobcenter.settings)
    periods = [Period(e.starts_on, e.ends_on, e.kind) for e in exemptions]
    was_reached = reached(meeting)
    on_time = rules.summons_on_time(
        meeting.summoned_at, was_reached, meeting.starts_at, meeting.form, settings_of[citizen.jobcenter_id]
    )
    facts = rules.MeetingFacts(
        status=meeting.status,
        starts_at=meeting.starts_at,
        deadline_on=meeting.deadline_on,
        summoned_on_time=on_time,
        during_exemption=rules.in_exemption(meeting.starts_at, citizen.target_group, periods),
        cancelled_before_start=bool(
            meeting.citizen_answered_at and meeting.citizen_answered_at < meeting.starts_at
        ),
    )
    return ReportRow(meeting, rules.outcome(facts, now), on_time, was_reached, exemptions)


def _meetings(wanted: ReportFilter) -> list[Meeting]:
    start = datetime.combine(wanted.first_day, datetime.min.time(), tzinfo=DANISH_TIME)
    end = datetime.combine(wanted.last_day + timedelta(days=1), datetime.min.time(), tzinfo=DANISH_TIME)
    query = (
        select(Meeting)
        .join(Citizen, Citizen.id == Meeting.citizen_id)
        .options(contains_eager(Meeting.citizen).joinedload(Citizen.jobcenter))
        .options(
            joinedload(Meeting.summons_message).load_only(
                Message.channel, Message.sent_at, Message.delivered_at, Message.status, Message.created_at
            )
        )
        .options(joinedload(Meeting.caseworker))
        .where(
            Citizen.jobcenter_id == wanted.jobcenter_id, Meeting.starts_at >= start, Meeting.starts_at < end
        )
        .order_by(Citizen.name, Meeting.starts_at)
    )
    if wanted.caseworker_id:
        query = query.where(Meeting.caseworker_id == wanted.caseworker_id)
    if wanted.target_group:
        query = query.where(Citizen.target_group == wanted.target_group)
    return list(db.session.scalars(query).unique())


def _exemptions(citizen_ids: set[int]) -> dict[int, list[Exemption]]:
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
    for row in report:
        writer.writerow(_csv_line(row))
    return out.getvalue()


def _csv_line(row: ReportRow) -> list:
    meeting, message = row.meeting, row.meeting.summons_message
    return [
        meeting.citizen.cpr,
        _safe(meeting.citizen.name),
        meeting.citizen.target_group,
        meeting.reference,
        _iso(meeting.starts_at),
        meeting.form,
        _safe(meeting.caseworker.name if meeting.caseworker else ""),
        _iso(meeting.deadline_on),
        meeting.status,
        row.outcome,
        "yes" if rules.counts_against_jobcenter(row.outcome) else "no",
        _iso(meeting.summoned_at),
        message.channel if message else "",
        _iso(message.sent_at if message else None),
        _iso(message.delivered_at if message else None),
        _iso(meeting.summons_by_post_at),
        "yes" if row.summoned_on_time else "no",
        _iso(meeting.citizen_answered_at),
        meeting.citizen_reason,
        meeting.citizen_wish,
        "; ".join(f"{e.kind} {e.starts_on.isoformat()}-{_iso(e.ends_on)}" for e in row.exemptions),
    ]


def _iso(value) -> str:
    if value is None:
        return ""
    return (
        value.astimezone(DANISH_TIME).isoformat(timespec="minutes")
        if isinstance(value, datetime)
        else value.isoformat()
    )


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; quote them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
