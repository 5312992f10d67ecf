"""Copies too large to build in a request (more than DATA_EXPORT_FILES_IN_REQUEST uploaded files):
the request only records the wish; the worker's periodic job builds the ZIP into the upload
storage (folder or S3), tells whoever asked it is ready (the citizen, or a helper by SMS to their
own phone), and the activity page offers it to that person until it expires
(DATA_EXPORT_KEEP_DAYS). The retention job deletes expired copies, file and row."""

import logging
import secrets
import tempfile
from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app import audit, periodic
from app.audit import Actor
from app.claims.storage import current_storage
from app.extensions import db
from app.models import Citizen, ClaimFile, DataExport, Helper
from app.models.types import utcnow
from app.notifications.outbox import enqueue
from app.rights.export import write_zip
from app.rules.dates import DANISH_TIME
from app.rules.sms import short_name
from app.urls import external_url

REQUESTED = "data.export_requested"
READY = "data.export_ready"
log = logging.getLogger("borgerportal.worker")
BUILT_PER_RUN = 3  # copies one sweep builds; the rest wait for the next sweep


def too_large_for_a_request(citizen: Citizen) -> bool:
    count = db.session.scalar(select(func.count(ClaimFile.id)).where(ClaimFile.citizen_id == citizen.id))
    return count > current_app.config["DATA_EXPORT_FILES_IN_REQUEST"]


def request_export(actor: Actor, citizen: Citizen, language: str) -> DataExport:
    """Record that `actor` (the citizen or a helper) asked for a copy the worker builds (the route commits).
    Asking again while one is being built gives the same one."""
    pending = _pending_of(citizen, actor)
    if pending is not None:
        return pending
    export = DataExport(
        citizen_id=citizen.id, asked_by_type=actor.type, asked_by_id=actor.id, language=language
    )
    db.session.add(export)
    audit.record_by(actor, REQUESTED, citizen.id)
    return export


def _pending_of(citizen: Citizen, actor: Actor) -> DataExport | None:
    building = (DataExport.ready_at.is_(None), DataExport.failed_at.is_(None))
    return db.session.scalar(_asked_by(citizen, actor).where(*building))


def _asked_by(citizen: Citizen, actor: Actor):
    """The copies `actor` asked for on `citizen`'s case: a copy is only ever for whoever asked
    (a helper's masks the CPR number; another helper has a mandate of their own)."""
    return select(DataExport).where(
        DataExport.citizen_id == citizen.id,
        DataExport.asked_by_type == actor.type,
        DataExport.asked_by_id == actor.id,
    )


def exports_for(citizen: Citizen, actor: Actor, now: datetime) -> list[DataExport]:
    """What the activity page lists for `actor`: copies being built, ready or failed, until they
    expire; newest first."""
    unexpired = DataExport.expires_at.is_(None) | (DataExport.expires_at > now)
    query = _asked_by(citizen, actor).where(unexpired).order_by(DataExport.id.desc())
    return list(db.session.scalars(query))


def copies_on_page(case) -> list[DataExport]:
    """For the activity page's template: the newest copy `case`'s reader asked for (the one
    its download link serves), while it has not expired."""
    return exports_for(case.citizen, case.actor, utcnow())[:1]


def desk_copies_on_page(citizen: Citizen, staff) -> list[DataExport]:
    """For the staff citizen page: the newest desk copy `staff` asked for, while unexpired."""
    return exports_for(citizen, Actor.of_staff(staff), utcnow())[:1]


def newest_built_for(citizen: Citizen, actor: Actor) -> DataExport | None:
    """The newest copy built for `actor` that is still stored (expired or not)."""
    built = _asked_by(citizen, actor).where(DataExport.stored_name.is_not(None))
    return db.session.scalar(built.order_by(DataExport.id.desc()).limit(1))


def build_pending(now: datetime) -> dict | None:
    """The periodic job: build the copies asked for, a few per sweep, each committed."""
    waiting = (DataExport.ready_at.is_(None), DataExport.failed_at.is_(None))
    query = select(DataExport.id).where(*waiting).order_by(DataExport.id).limit(BUILT_PER_RUN)
    counts = Counter()
    for export_id in db.session.scalars(query).all():
        counts["built" if _build_or_give_up(export_id, now) else "failed"] += 1
    return dict(counts) or None


def _build_or_give_up(export_id: int, now: datetime) -> bool:
    """A copy that cannot be built (a stored file gone, the bucket refusing) is marked failed and
    the page says so, instead of stopping every periodic job after it at each sweep."""
    try:
        _build(db.session.get(DataExport, export_id), now)
        return True
    except Exception:
        db.session.rollback()
        log.exception("data export %s could not be built", export_id)  # the row's id, nothing personal
        export = db.session.get(DataExport, export_id)
        export.failed_at, export.expires_at = now, now + _kept()
        db.session.commit()
        return False


def _kept() -> timedelta:
    return timedelta(days=current_app.config["DATA_EXPORT_KEEP_DAYS"])


def _build(export: DataExport, now: datetime) -> None:
    citizen = db.session.get(Citizen, export.citizen_id)
    name = f"{secrets.token_hex(16)}.zip"
    with tempfile.TemporaryFile() as target:
        write_zip(target, citizen, export.language, for_helper=export.for_helper)
        export.size = target.tell()
        target.seek(0)
        current_storage().save_file(name, target)
    export.stored_name, export.ready_at, export.expires_at = name, now, now + _kept()
    audit.record_by(Actor.system("Borgerportal"), READY, citizen_id=citizen.id)
    if export.for_helper:
        _tell_helper_ready(citizen, export, now)
    elif export.asked_by_type == "citizen":  # a desk copy: the staff page shows it is ready
        _tell_ready(citizen, export, now)
    db.session.commit()


def _tell_ready(citizen: Citizen, export: DataExport, now: datetime) -> None:
    context = {"link": external_url("account.activity"), "date": _until(export)}
    enqueue("data_export_ready", citizen, context, dedup_key=f"data-export-{export.id}", now=now)


def _tell_helper_ready(citizen: Citizen, export: DataExport, now: datetime) -> None:
    """To the helper who asked, on their own phone (the login they have) and in their language;
    the link opens their own start page, from which they open the citizen's activity page."""
    helper = db.session.get(Helper, export.asked_by_id)
    context = {
        "citizen": short_name(citizen.name),
        "link": external_url("mandates_helper.home"),
        "date": _until(export),
    }
    key = f"data-export-{export.id}"
    enqueue(
        "helper_data_export_ready",
        helper,
        context,
        channel="sms",
        recipient=helper.phone,
        dedup_key=key,
        now=now,
    )


def _until(export: DataExport) -> str:
    return export.expires_at.astimezone(DANISH_TIME).strftime("%d.%m.%Y")


def delete_expired(now: datetime) -> int:
    """Rows first, then the stored ZIPs (a file without a row is harmless)."""
    expired = list(db.session.scalars(select(DataExport).where(DataExport.expires_at <= now)))
    names = [export.stored_name for export in expired if export.stored_name]
    for export in expired:
        db.session.delete(export)
    db.session.commit()
    for name in names:
        current_storage().delete(name)
    return len(expired)


def register_periodic_jobs() -> None:
    periodic.register("data_exports", build_pending)
