"""Expense claims: uploading files, handing in a claim, and the jobcenter's decision.

Files are inspected (app.claims.files) and stored before the claim exists, as uploads waiting for
their claim, so a refused neighbour file or a duplicate warning never makes the citizen upload
again. Handing in attaches them. Every state change is audited with who did it and for whom;
a decision notifies the citizen.
"""

import errno
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import PurePath

from flask import current_app
from sqlalchemy import select, update

from app import audit, case_events, periodic
from app.audit import Actor
from app.claims import sandbox, storage
from app.claims.files import FileRefused
from app.errors import DomainError
from app.extensions import db
from app.models import Citizen, Claim, ClaimFile, StaffUser
from app.models.claim import APPROVED, AWAITING_MANAGER, OPEN_STATUSES, REJECTED, SUBMITTED
from app.notifications.outbox import enqueue
from app.rules import claims as rules
from app.urls import external_url

MAX_FILES = 5
ABANDONED_AFTER = timedelta(days=2)  # uploads never handed in are deleted after this
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}

log = logging.getLogger(__name__)


class NoFiles(DomainError):
    """A claim needs at least one file."""


class TooManyFiles(DomainError):
    """At most MAX_FILES files per claim."""


class StorageFull(DomainError):
    """The upload disk is full: nothing of this sending was kept."""


class AlreadyDecided(DomainError):
    """Someone decided the claim first (or it was never open)."""


class ManagerMustApprove(DomainError):
    """Above the approval limit, the final approval is a manager's."""


@dataclass(frozen=True)
class Refusal:
    filename: str
    reason: str  # app.claims.files: EMPTY, TOO_LARGE, WRONG_TYPE ...


@dataclass(frozen=True)
class ClaimDetails:
    category: str
    amount_ore: int
    invoice_date: date
    vendor: str
    invoice_number: str
    description: str = ""


@dataclass(frozen=True)
class Duplicate:
    claim: Claim
    reason: str  # "same_file" | "same_invoice"


def settings_for(citizen: Citizen) -> rules.ClaimSettings:
    return rules.ClaimSettings.from_settings(citizen.jobcenter.settings)


def needs_manager(claim: Claim) -> bool:
    """Above the jobcenter's approval limit: the final approval is a manager's."""
    return rules.needs_manager(claim.amount_ore, settings_for(claim.citizen))


def keep_upload(citizen: Citizen, filename: str, data: bytes, now: datetime) -> ClaimFile:
    """Inspect (in the sandbox) and store one upload for the citizen (not yet part of a claim).
    Raises FileRefused. Commits each file as it is stored: the row is what lets the clean-up
    find and delete a stored file nobody hands in."""
    accepted = sandbox.inspect(data, sandbox.Limits.from_config(current_app.config))
    stored_name, sha256 = storage.store(accepted.data, accepted.extension)
    row = ClaimFile(
        citizen_id=citizen.id,
        stored_name=stored_name,
        original_name=_display_name(filename, accepted),
        content_type=accepted.content_type,
        size=len(accepted.data),
        sha256=sha256,
        converted_from=accepted.converted_from,
        uploaded_at=now,
    )
    db.session.add(row)
    db.session.flush()  # the form page lists it by id; the route commits
    return row


def _display_name(filename: str, accepted) -> str:
    """The name the citizen knows, without any folder, with the extension of what we store."""
    stem = PurePath((filename or "").replace("\\", "/")).stem.strip()[:100] or "faktura"
    return f"{stem}.{accepted.extension}"


def keep_uploads(
    citizen: Citizen, uploads: list[tuple[str, bytes | FileRefused]], now: datetime
) -> tuple[list[ClaimFile], list[Refusal]]:
    """Store every acceptable upload; the refused ones are returned with their reason.
    Raises StorageFull when the disk is full, after removing the files of this sending that
    did fit (a half-kept sending would leave the citizen guessing what arrived)."""
    kept, refused = [], []
    try:
        for filename, data in uploads:
            try:
                if isinstance(data, FileRefused):
                    raise data
                kept.append(keep_upload(citizen, filename, data, now))
            except FileRefused as refusal:
                refused.append(Refusal(filename, refusal.reason))
    except OSError as error:
        if error.errno not in DISK_FULL:
            raise
        _forget(kept)
        raise StorageFull() from error
    return kept, refused


def _forget(files: list[ClaimFile]) -> None:
    """Best effort on a full disk: what cannot be removed now is an upload never handed in,
    deleted with the abandoned ones (delete_abandoned_uploads)."""
    try:
        drop_uploads(files)
    except Exception:  # noqa: BLE001  (the database may share the full disk)
        db.session.rollback()
        log.exception("Could not remove %d uploads after the disk filled up", len(files))


def waiting_uploads(citizen: Citizen, file_ids: list[int]) -> list[ClaimFile]:
    """The citizen's own uploads not yet handed in, among `file_ids` (anything else is ignored)."""
    if not file_ids:
        return []
    return list(
        db.session.scalars(
            select(ClaimFile)
            .where(
                ClaimFile.id.in_(file_ids), ClaimFile.citizen_id == citizen.id, ClaimFile.claim_id.is_(None)
            )
            .order_by(ClaimFile.id)
        )
    )


def drop_uploads(files: list[ClaimFile]) -> None:
    """The citizen removed these uploads before handing in (the caller commits)."""
    for row in files:
        stored_name = row.stored_name  # read first: a row expired by a commit reloads on access
        db.session.delete(row)
        storage.delete(stored_name)


def duplicates_of(citizen: Citizen, details: ClaimDetails, files: list[ClaimFile]) -> list[Duplicate]:
    """Earlier claims of the citizen with one of the same files, or the same vendor, invoice
    number and amount (an e-invoice "can in theory be printed many times")."""
    found = {}
    hashes = {row.sha256 for row in files}
    if hashes:
        same_file = (
            select(Claim)
            .join(ClaimFile, ClaimFile.claim_id == Claim.id)
            .where(Claim.citizen_id == citizen.id, ClaimFile.sha256.in_(hashes))
        )
        found |= {claim.id: Duplicate(claim, "same_file") for claim in db.session.scalars(same_file)}
    key = rules.invoice_key(details.vendor, details.invoice_number, details.amount_ore)
    same_amount = select(Claim).where(Claim.citizen_id == citizen.id, Claim.amount_ore == details.amount_ore)
    for claim in db.session.scalars(same_amount):
        same = rules.invoice_key(claim.vendor, claim.invoice_number, claim.amount_ore) == key
        if same and claim.id not in found:
            found[claim.id] = Duplicate(claim, "same_invoice")
    return sorted(found.values(), key=lambda duplicate: duplicate.claim.id)


def submit(
    actor: Actor, citizen: Citizen, details: ClaimDetails, files: list[ClaimFile], now: datetime
) -> Claim:
    """Hand in the claim with its files (the citizen's waiting uploads). A duplicate is flagged
    for staff, not refused: the citizen was shown it and chose to send."""
    if not files:
        raise NoFiles()
    if len(files) > MAX_FILES:
        raise TooManyFiles()
    duplicates = duplicates_of(citizen, details, files)
    claim = Claim(
        citizen_id=citizen.id,
        **asdict(details),
        status=SUBMITTED,
        submitted_at=now,
        duplicate_reason=duplicates[0].reason if duplicates else "",
        duplicate_of_id=duplicates[0].claim.id if duplicates else None,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
    )
    db.session.add(claim)
    db.session.flush()
    for row in files:
        row.claim_id = claim.id
    case_events.record_event(
        actor,
        citizen,
        "claim.submitted",
        claim,
        now=now,
        amount_ore=claim.amount_ore,
        files=len(files),
        duplicate=claim.duplicate_reason or None,
    )
    return claim


SHOWN_TO_STAFF = 10  # the newest invoices on the staff citizen page


def staff_panel(citizen: Citizen, _now: datetime) -> list[Claim]:
    return claims_of(citizen)[:SHOWN_TO_STAFF]


def claims_of(citizen: Citizen) -> list[Claim]:
    return list(
        db.session.scalars(
            select(Claim)
            .where(Claim.citizen_id == citizen.id)
            .order_by(Claim.submitted_at.desc(), Claim.id.desc())
        )
    )


def claim_of(citizen: Citizen, claim_id: int) -> Claim | None:
    claim = db.session.get(Claim, claim_id)
    return claim if claim is not None and claim.citizen_id == citizen.id else None


def file_of(citizen: Citizen, file_id: int) -> ClaimFile | None:
    """One of the citizen's own files (handed in or waiting); None for anyone else's."""
    row = db.session.get(ClaimFile, file_id)
    return row if row is not None and row.citizen_id == citizen.id else None


def approve(staff: StaffUser, claim: Claim, now: datetime) -> str:
    """Approve. Above the approval limit a caseworker's approval is the first of two and the
    claim waits for a manager. Returns the new status. Raises AlreadyDecided, ManagerMustApprove.
    The route commits (so do reject and submit)."""
    if needs_manager(claim) and staff.role != "manager":
        if claim.status != SUBMITTED:
            raise ManagerMustApprove() if claim.status == AWAITING_MANAGER else AlreadyDecided()
        _move(
            claim,
            SUBMITTED,
            AWAITING_MANAGER,
            first_approved_by_id=staff.id,
            first_approved_by_label=staff.name,
            first_approved_at=now,
        )
        _audit_decision(staff, claim, "claim.first_approved")
        return AWAITING_MANAGER
    _move(claim, claim.status, APPROVED, decided_by_id=staff.id, decided_by_label=staff.name, decided_at=now)
    _after_decision(staff, claim, "claim.approved")
    return APPROVED


def reject(staff: StaffUser, claim: Claim, reason: str, now: datetime) -> None:
    _move(
        claim,
        claim.status,
        REJECTED,
        decided_by_id=staff.id,
        decided_by_label=staff.name,
        decided_at=now,
        reason=reason,
    )
    _after_decision(staff, claim, "claim.rejected")


def _move(claim: Claim, from_status: str, to_status: str, **values) -> None:
    """Change the status only if nobody else changed it meanwhile (two caseworkers at once)."""
    if from_status not in OPEN_STATUSES:
        raise AlreadyDecided()
    changed = (
        update(Claim)
        .where(Claim.id == claim.id, Claim.status == from_status)
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    )
    moved = db.session.execute(changed)
    if moved.rowcount != 1:
        db.session.rollback()
        raise AlreadyDecided()
    db.session.refresh(claim)


def _after_decision(staff: StaffUser, claim: Claim, action: str) -> None:
    _audit_decision(staff, claim, action)
    enqueue(
        "claim_decided",
        claim.citizen,
        {"link": external_url("claims.claim", claim_id=claim.id), "phone": claim.citizen.jobcenter.phone},
        dedup_key=f"claim:{claim.id}:decided",
    )


def _audit_decision(staff: StaffUser, claim: Claim, action: str) -> None:
    audit.record_by(
        Actor.of_staff(staff),
        action,
        claim.citizen_id,
        claim,
        amount_ore=claim.amount_ore,
        reason=claim.reason or None,
    )


def review_queue(staff: StaffUser) -> list[Claim]:
    """Open claims of the staff member's jobcenter, oldest first; a manager's own first."""
    query = (
        select(Claim)
        .join(Citizen, Citizen.id == Claim.citizen_id)
        .where(Citizen.jobcenter_id == staff.jobcenter_id, Claim.status.in_(OPEN_STATUSES))
        .order_by(Claim.submitted_at)
        .limit(500)
    )
    claims = list(db.session.scalars(query))
    if staff.role == "manager":
        claims.sort(key=lambda claim: claim.status != AWAITING_MANAGER)
    return claims


def file_for_staff(staff: StaffUser, file_id: int) -> ClaimFile | None:
    """A handed-in file of a citizen of the staff member's jobcenter (waiting uploads are private)."""
    row = db.session.get(ClaimFile, file_id)
    if row is None or row.claim is None:
        return None
    return row if row.claim.citizen.jobcenter_id == staff.jobcenter_id else None


def delete_abandoned_uploads(now: datetime) -> int:
    """Uploads never handed in, older than ABANDONED_AFTER: gone from disk and database."""
    old = list(
        db.session.scalars(
            select(ClaimFile)
            .where(ClaimFile.claim_id.is_(None), ClaimFile.uploaded_at < now - ABANDONED_AFTER)
            .limit(1000)
        )
    )
    drop_uploads(old)
    return len(old)


def register_periodic_jobs() -> None:
    periodic.register("abandoned_uploads", delete_abandoned_uploads)
