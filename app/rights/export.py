"""The copy of all a citizen's data as one ZIP: data.json (docs/export-schema.json), a readable
PDF in the citizen's language, and every file they uploaded (from the folder or the S3 bucket).

Who asks decides what is recorded: the citizen (an event on their activity page), a helper with
the `view` scope (recorded as done by the helper, and the citizen is told), or staff at the desk
(a look-up, listed under who has looked at the case)."""

import io
import json
import shutil
import zipfile
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import select

from app import audit, case_events
from app.audit import Actor
from app.claims.storage import current_storage
from app.extensions import db
from app.models import AuditEvent, Citizen
from app.rights.data import citizen_data, file_name_in_zip, files_of
from app.rights.pdf import export_pdf
from app.rules.privacy import PrivacySettings

EXPORTED = "data.exported"  # the audited action of a citizen or helper taking the copy


def export_zip(citizen: Citizen, language: str, *, for_helper: bool = False) -> bytes:
    """The ZIP for `citizen` as bytes (tests, the desk); see write_zip."""
    buffer = io.BytesIO()
    write_zip(buffer, citizen, language, for_helper=for_helper)
    return buffer.getvalue()


def write_zip(target: BinaryIO, citizen: Citizen, language: str, *, for_helper: bool = False) -> None:
    """Write the ZIP for `citizen`, its PDF in `language`, to `target`. Records nothing: see
    record_export. Uploaded files are stored as they are (JPEG and PDF do not compress)."""
    names_shown = PrivacySettings.from_settings(citizen.jobcenter.settings).staff_names_in_lookups
    data = citizen_data(citizen, cpr_masked=for_helper, staff_names=names_shown)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(
            "borgerportal.pdf", export_pdf(citizen, data, _lookups(citizen), language, names_shown)
        )
        for row in files_of(citizen):
            _add_file(archive, row)


def _add_file(archive: zipfile.ZipFile, row) -> None:
    """Copy a stored file into the ZIP in blocks (never whole in memory; files are ≤10 MB)."""
    stream, _size = current_storage().open(row.stored_name)
    try:
        entry = zipfile.ZipInfo(file_name_in_zip(row), row.uploaded_at.timetuple()[:6])
        with archive.open(entry, "w") as target:
            shutil.copyfileobj(stream, target, 1 << 16)
    finally:
        stream.close()


def _lookups(citizen: Citizen) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.citizen_id == citizen.id, AuditEvent.action.like(audit.LOOKUP + "%"))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return list(db.session.scalars(query))


def record_export(actor: Actor, citizen: Citizen, now: datetime) -> None:
    """The citizen or a helper took the copy (a helper's is told to the citizen); the route commits."""
    case_events.record_event(actor, citizen, EXPORTED, now=now)


def record_desk_export(staff, citizen: Citizen) -> None:
    """Staff made the copy for the citizen at the desk: a look-up of everything (commits)."""
    audit.record_lookup(staff, "export", citizen)
