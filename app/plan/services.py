"""Min Plan of one citizen: drafts, publishing, and the evidence that the plan reached them.

Every change is audited with who did it and for whom; the route commits it. A published version is never
edited: a caseworker writes the next version as a draft and publishes it, which supersedes the
one before. Acknowledging and "mark as read" work only on the current version, once each.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import audit, case_events
from app.audit import Actor
from app.errors import DomainError
from app.extensions import db, insert_skipping_duplicates
from app.models import Citizen, PlanActivity, PlanComment, PlanDelivery, PlanReceipt, PlanVersion, StaffUser
from app.models.plan import DRAFT, PUBLISHED, SUPERSEDED
from app.notifications.outbox import enqueue
from app.plan.changes import same_content
from app.rules import plan as rules
from app.rules.dates import numeric_date
from app.rules.target_groups import duties_for
from app.urls import external_url


class PlanError(DomainError):
    """Something the citizen or caseworker asked for that the plan's rules do not allow."""


class NotTheCurrentVersion(PlanError):
    """Only the newest version can be acknowledged or marked as read."""


class NotAcknowledging(PlanError):
    """The citizen's group does not confirm receipt; they may mark the plan as read instead."""


class NothingChanged(PlanError):
    """The content to publish is the version in force, word for word."""


class AlreadyAnswered(PlanError):
    """A caseworker answered the comment already; the citizen has read that answer."""


class PublishedMeanwhile(PlanError):
    """Someone else published a version of this plan at the same moment."""


@dataclass(frozen=True)
class ActivityContent:
    title: str
    provider: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    hours_per_week: Decimal | None = None
    purpose: str = ""
    gain: str = ""
    is_duty: bool = True


@dataclass(frozen=True)
class PlanContent:
    """What a caseworker writes: the form's data, without Flask."""

    goals: str = ""
    job_search_requirements: str = ""
    contact_person: str = ""
    mentor: str = ""
    activities: tuple[ActivityContent, ...] = ()


@dataclass(frozen=True)
class Evidence:
    receipt: PlanReceipt
    already: bool  # recorded before: a double click, or a second tab


def settings_for(citizen: Citizen) -> rules.PlanSettings:
    return rules.PlanSettings.from_settings(citizen.jobcenter.settings)


def must_acknowledge(citizen: Citizen) -> bool:
    """Whether the citizen's group confirms receipt of the plan (the jobcenter may override)."""
    overrides = (citizen.jobcenter.settings or {}).get("duties")
    return duties_for(citizen.target_group, overrides).acknowledge_plan


def current_version(citizen: Citizen) -> PlanVersion | None:
    """The version in force, with its receipts (the page and the view record both need them)."""
    return db.session.scalars(_version_in_force(), {"citizen_id": citizen.id}).unique().one_or_none()


@dataclass(frozen=True)
class VersionInForce:
    """What the front page shows of the version in force: its number, when it was published
    and the kinds of receipt it has (`receipt` and `receipts` read as PlanVersion's do)."""

    number: int
    published_at: datetime
    receipts: tuple[str, ...]  # kinds: viewed, read, acknowledged

    def receipt(self, kind: str) -> str | None:
        return kind if kind in self.receipts else None


def version_in_force_for_front_page(citizen: Citizen) -> VersionInForce | None:
    """The version in force as plain values, read past the ORM in one statement (one row per
    receipt): the front page only shows it, and loading it as objects cost twice as much."""
    rows = db.session.connection().execute(_version_in_force_columns(), {"citizen_id": citizen.id}).all()
    if not rows:
        return None
    kinds = tuple(row.kind for row in rows if row.kind is not None)
    return VersionInForce(rows[0].number, rows[0].published_at, kinds)


@cache
def _version_in_force_columns():
    """Built once per process, as _version_in_force."""
    return (
        select(PlanVersion.number, PlanVersion.published_at, PlanReceipt.kind)
        .outerjoin(PlanReceipt, PlanReceipt.version_id == PlanVersion.id)
        .where(PlanVersion.citizen_id == bindparam("citizen_id"), PlanVersion.status == PUBLISHED)
        .order_by(PlanReceipt.at)
    )


@cache
def _version_in_force():
    """Built once per process: the front page runs it on every view, and building it cost more
    than running it."""
    return (
        select(PlanVersion)
        .where(PlanVersion.citizen_id == bindparam("citizen_id"), PlanVersion.status == PUBLISHED)
        .options(joinedload(PlanVersion.receipts))
    )


def draft_of(citizen: Citizen) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion).where(PlanVersion.citizen_id == citizen.id, PlanVersion.status == DRAFT).limit(1)
    )


def published_versions(citizen: Citizen) -> list[PlanVersion]:
    """Every published version, the newest first."""
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.citizen_id == citizen.id, PlanVersion.status != DRAFT)
            .order_by(PlanVersion.number.desc())
        )
    )


def published_version(citizen: Citizen, version_id: int) -> PlanVersion | None:
    """The citizen's published (or superseded) version with this id; None for drafts and others'."""
    version = db.session.get(PlanVersion, version_id)
    if version is None or version.citizen_id != citizen.id or version.status == DRAFT:
        return None
    return version


def previous_version(version: PlanVersion) -> PlanVersion | None:
    if not version.number or version.number < 2:
        return None
    return db.session.scalar(
        select(PlanVersion).where(
            PlanVersion.citizen_id == version.citizen_id, PlanVersion.number == version.number - 1
        )
    )


def save_draft(staff: StaffUser, citizen: Citizen, content: PlanContent) -> PlanVersion:
    """Keep the caseworker's work as the citizen's one draft; the citizen does not see it."""
    draft = _write_draft(citizen, content)
    audit.record_by(Actor.of_staff(staff), "plan.draft_saved", citizen.id, draft)
    return draft


def discard_draft(staff: StaffUser, draft: PlanVersion) -> None:
    audit.record_by(Actor.of_staff(staff), "plan.draft_discarded", draft.citizen_id, draft)
    db.session.delete(draft)


def publish(staff: StaffUser, citizen: Citizen, content: PlanContent, now: datetime) -> PlanVersion:
    """Publish `content` as the next version, supersede the current one, and tell the citizen
    (without any of the plan's content: messages show on lock screens).

    Raises NothingChanged, writing nothing (a saved draft stays as it is), when `content` is
    the current version word for word: a new number and a message would say nothing new.
    """
    earlier = current_version(citizen)
    if earlier is not None and same_content(earlier, content):
        raise NothingChanged()
    version = _write_draft(citizen, content)
    if earlier is not None:
        earlier.status = SUPERSEDED
    version.number = _next_number(citizen)
    version.status, version.published_at = PUBLISHED, now
    version.published_by_id, version.published_by_label = staff.id, staff.name
    audit.record_by(Actor.of_staff(staff), "plan.published", citizen.id, version, number=version.number)
    _notify_published(citizen, version)
    try:
        db.session.flush()  # the route commits; a number a colleague took shows here already
    except IntegrityError:  # the same number taken by a colleague a moment ago
        db.session.rollback()
        raise PublishedMeanwhile() from None
    return version


def _next_number(citizen: Citizen) -> int:
    highest = db.session.scalar(
        select(func.max(PlanVersion.number)).where(PlanVersion.citizen_id == citizen.id)
    )
    return (highest or 0) + 1


def _write_draft(citizen: Citizen, content: PlanContent) -> PlanVersion:
    draft = draft_of(citizen)
    if draft is None:
        draft = PlanVersion(citizen=citizen, status=DRAFT)
        db.session.add(draft)
    draft.goals, draft.job_search_requirements = content.goals, content.job_search_requirements
    draft.contact_person, draft.mentor = content.contact_person, content.mentor
    draft.activities = [
        PlanActivity(position=position, **vars(activity))
        for position, activity in enumerate(content.activities)
    ]
    db.session.flush()
    return draft


def _notify_published(citizen: Citizen, version: PlanVersion) -> None:
    """SMS or e-mail only (never a letter, see plan/purposes.py): the plan itself goes by digital
    post or letter where that is needed."""
    acknowledging = must_acknowledge(citizen)
    context = message_context(citizen)
    if acknowledging:
        by = rules.acknowledge_by(version.published_at, settings_for(citizen))
        context["date"] = numeric_date(by)
    enqueue(
        "plan_published" if acknowledging else "plan_published_read",
        citizen,
        context,
        dedup_key=f"plan:{version.id}:published",
        now=version.published_at,
    )


def acknowledged_sql():
    """SQL condition: the PlanVersion of the row has a confirmed receipt."""
    return exists().where(PlanReceipt.version_id == PlanVersion.id, PlanReceipt.kind == "acknowledged")


def message_context(citizen: Citizen) -> dict:
    """What the plan's messages fill in: the link to the plan page and the jobcenter's phone."""
    return context_for(citizen.jobcenter.phone)


def context_for(jobcenter_phone: str) -> dict:
    """`message_context` of a citizen of the jobcenter with that phone number."""
    return {"link": external_url("plan.current"), "phone": jobcenter_phone}


def record_view(actor: Actor, version: PlanVersion, now: datetime) -> None:
    """The first time the citizen (or a helper) opens a published version: evidence it was seen."""
    if version.receipt("viewed") is None:
        _add_receipt(actor, version, "viewed", now)


def acknowledge(actor: Actor, version: PlanVersion, now: datetime) -> Evidence:
    """Confirm receipt of the current version ("Bekræft modtagelse"), once."""
    if not must_acknowledge(version.citizen):
        raise NotAcknowledging()
    return _once(actor, version, "acknowledged", now)


def mark_read(actor: Actor, version: PlanVersion, now: datetime) -> Evidence:
    """The optional "Markér som læst" of the citizens who do not confirm receipt."""
    return _once(actor, version, "read", now)


def _once(actor: Actor, version: PlanVersion, kind: str, now: datetime) -> Evidence:
    if version.status != PUBLISHED:
        raise NotTheCurrentVersion()
    if (earlier := version.receipt(kind)) is not None:
        return Evidence(earlier, already=True)
    receipt = _add_receipt(actor, version, kind, now)
    if receipt is None:  # a second request won the race: the first one is the record
        db.session.expire(version, ["receipts"])
        return Evidence(version.receipt(kind), already=True)
    return Evidence(receipt, already=False)


def _add_receipt(actor: Actor, version: PlanVersion, kind: str, now: datetime) -> PlanReceipt | None:
    receipt = PlanReceipt(
        version_id=version.id,
        citizen_id=version.citizen_id,
        kind=kind,
        at=now,
        channel="helper" if actor.type == "helper" else "web",
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
    )
    if not _insert_unless_recorded(receipt):
        return None
    case_events.record_event(actor, version.citizen, f"plan.{kind}", version, now=now, number=version.number)
    return receipt


def _insert_unless_recorded(receipt: PlanReceipt) -> bool:
    """Insert the receipt unless one of its kind exists (a double click, a second tab): one
    INSERT … ON CONFLICT DO NOTHING, no savepoint. False when it was there already."""
    columns = {
        column.key: getattr(receipt, column.key)
        for column in PlanReceipt.__table__.columns
        if column.key != "id"
    }
    statement = (
        insert_skipping_duplicates(PlanReceipt.__table__, ["version_id", "kind"])
        .values(**columns)
        .returning(PlanReceipt.id)
    )
    receipt.id = db.session.execute(statement).scalar()
    return receipt.id is not None


def add_comment(actor: Actor, version: PlanVersion, text: str, disagrees: bool, now: datetime) -> PlanComment:
    """The citizen's comment on a version; staff see it on the plan and the follow-up list."""
    comment = PlanComment(
        version_id=version.id,
        citizen_id=version.citizen_id,
        text=text.strip(),
        disagrees=disagrees,
        at=now,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
    )
    db.session.add(comment)
    db.session.flush()
    case_events.record_event(
        actor, version.citizen, "plan.commented", comment, now=now, number=version.number, disagrees=disagrees
    )
    return comment


def answer_comment(staff: StaffUser, comment: PlanComment, answer: str, now: datetime) -> PlanComment:
    """A caseworker's answer to the citizen's comment (or the note of how it was handled).

    The citizen reads it under their comment and is told by SMS or e-mail; a disagreement
    leaves the staff plans list only now. Answered once: raises AlreadyAnswered after that.
    """
    if comment.answer is not None:
        raise AlreadyAnswered()
    comment.answer, comment.answered_at = answer.strip(), now
    comment.answered_by_id, comment.answered_by_label = staff.id, staff.name
    citizen = db.session.get(Citizen, comment.citizen_id)
    audit.record_by(
        Actor.of_staff(staff), "plan.comment_answered", citizen.id, comment, disagrees=comment.disagrees
    )
    _notify_answered(citizen, comment, now)
    return comment


def _notify_answered(citizen: Citizen, comment: PlanComment, now: datetime) -> None:
    """SMS or e-mail without the answer itself (lock screens); nothing on paper for a notice."""
    key = f"plan-comment:{comment.id}:answered"
    enqueue("plan_comment_answered", citizen, message_context(citizen), dedup_key=key, now=now)


def comment_of(citizen: Citizen, comment_id: int) -> PlanComment | None:
    comment = db.session.get(PlanComment, comment_id)
    return comment if comment is not None and comment.citizen_id == citizen.id else None


def unanswered_disagreements(citizen: Citizen) -> list[PlanComment]:
    """The citizen's disagreements no caseworker has answered yet, on any version, oldest first."""
    return list(
        db.session.scalars(
            select(PlanComment)
            .where(unanswered_disagreement_sql(), PlanComment.citizen_id == citizen.id)
            .order_by(PlanComment.at)
        )
    )


def unanswered_disagreement_sql():
    """SQL condition on PlanComment: a disagreement still waiting for a caseworker's answer."""
    return and_(PlanComment.disagrees.is_(True), PlanComment.answer.is_(None))


def record_delivery(
    staff: StaffUser, version: PlanVersion, channel: str, delivered_on: date, note: str, now: datetime
) -> PlanDelivery:
    """Record that the version was sent by digital post or letter: what makes it valid for
    citizens outside the acknowledging groups (DOMAIN.md, "Min Plan")."""
    delivery = PlanDelivery(
        version_id=version.id,
        channel=channel,
        delivered_on=delivered_on,
        note=note,
        staff_user_id=staff.id,
        staff_label=staff.name,
        recorded_at=now,
    )
    db.session.add(delivery)
    db.session.flush()
    audit.record_by(
        Actor.of_staff(staff),
        "plan.delivery_recorded",
        version.citizen_id,
        delivery,
        number=version.number,
        channel=channel,
        delivered_on=delivered_on.isoformat(),
    )
    return delivery


def delivery_state(version: PlanVersion) -> str:
    """For staff: acknowledged | awaiting_acknowledgement | delivered | not_delivered.

    Citizens in the acknowledging groups must use the portal, so publishing there delivers the
    plan and their confirmation is the evidence. For everyone else only a recorded digital post
    or letter counts; until then the plan and its offers are not valid.
    """
    if must_acknowledge(version.citizen):
        return "acknowledged" if version.receipt("acknowledged") else "awaiting_acknowledgement"
    return "delivered" if version.deliveries else "not_delivered"
