"""Import citizens from a CSV file: validate every row first, then write all or nothing.

The CSV is how a jobcenter loads its citizens from its case system:
    cpr,name,phone,email,language,target_group,jobcenter[,address]
Re-importing updates citizens by CPR number. Contact details from the jobcenter's case
system count as verified: the jobcenter already checked them when the citizen registered.

A file may be declared the complete list of one jobcenter's citizens (`complete_for`): its open
citizens missing from the file have left and their cases are closed (retention counts from that
day). A citizen whose case is closed and who is in a file again is reopened. A dry run counts
without writing; closing more than CLOSE_LIMIT of the jobcenter's open cases needs `force`, so a
truncated file cannot close a whole jobcenter.
"""

import csv
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update

from app import audit
from app.extensions import db
from app.job_search.services import track as track_job_search
from app.models import Citizen, Jobcenter
from app.models.types import utcnow
from app.notifications.outbox import reachable_channels
from app.rules import cpr as cpr_rules
from app.rules.contact import normalise_email, normalise_phone
from app.rules.target_groups import is_known

REQUIRED_COLUMNS = ("cpr", "name", "phone", "email", "language", "target_group", "jobcenter")
OPTIONAL_COLUMNS = ("address",)
LANGUAGES = ("da", "en", "ar", "uk")
CLOSE_LIMIT = 0.2  # the share of a jobcenter's open cases one complete list may close unforced
IMPORTER = "CSV import"  # the audit events' actor label
# The longest value each column may hold, checked before anything else so that no row reaches
# the database with a value it refuses (PostgreSQL aborted the whole import with a traceback that
# printed the row's CPR number and name). The stored columns' own lengths where they have one.
FIELD_LIMITS = {
    "cpr": 20,  # "DDMMYY-XXXX" with some spaces; stored as 10 digits
    "name": Citizen.__table__.c.name.type.length,
    "phone": 40,  # as typed, with spaces; stored as E.164
    "email": Citizen.__table__.c.email.type.length,
    "language": 5,
    "target_group": 40,
    "jobcenter": 40,
    "address": 500,  # printed on letters
}


@dataclass
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportRow:
    line: int
    cpr: str
    name: str
    phone: str | None
    email: str | None
    language: str
    target_group: str
    jobcenter: Jobcenter
    address: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported all the same
    created: int = 0
    updated: int = 0
    skipped: int = 0
    reopened: int = 0  # closed cases back in a file (counted in `updated` too)
    closed: int = 0  # open cases missing from a complete list (in a dry run: to be closed)
    open_before: int = 0  # the complete list's jobcenter's open cases before the import
    refused: str = ""  # why a complete list was not imported although every row is good
    imported: bool = False


class CsvFormatError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


def import_citizens(
    raw: bytes,
    *,
    skip_invalid: bool = False,
    today: date | None = None,
    complete_for: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> ImportResult:
    """Validate every row of `raw` (CSV bytes) and import the valid ones in one transaction.

    With any invalid row nothing is imported unless `skip_invalid`; then the valid rows are.
    `complete_for` (a jobcenter code): the file lists all its citizens; the open cases missing
    from it are closed, unless that is more than CLOSE_LIMIT of them without `force`, or the file
    has a bad row (its citizen would be closed). `dry_run`: count all of it, write nothing.
    Raises CsvFormatError when the file is not UTF-8, the header is wrong or the jobcenter unknown.
    """
    rows, errors = validate(raw)
    result = ImportResult(errors=errors, warnings=shared_phones(rows), skipped=len(errors))
    if errors and not skip_invalid:
        return result
    leaving = _leaving(complete_for, rows, result, force) if complete_for else []
    if result.refused or dry_run:
        _count_without_writing(rows, result)
        return result
    try:
        _write(rows, leaving, today or date.today(), result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    result.imported = True
    return result


def _write(rows: list[ImportRow], leaving: list[int], today: date, result: ImportResult) -> None:
    for row in rows:
        created, reopened = _upsert(row, today)
        result.created += created
        result.updated += not created
        result.reopened += reopened
    _close(leaving, today)


def _leaving(code: str, rows: list[ImportRow], result: ImportResult, force: bool) -> list[int]:
    """The ids of `code`'s open cases missing from `rows`; sets the result's counts, and
    `refused` when closing them is not safe."""
    jobcenter = db.session.scalar(select(Jobcenter).where(Jobcenter.code == code))
    if jobcenter is None:
        raise CsvFormatError(f"unknown jobcenter {code!r} for the complete list")
    listed = {row.cpr for row in rows}
    of_jobcenter = (Citizen.jobcenter_id == jobcenter.id, Citizen.closed_on.is_(None))
    open_cases = db.session.execute(select(Citizen.id, Citizen.cpr).where(*of_jobcenter)).all()
    leaving = [citizen_id for citizen_id, cpr in open_cases if cpr not in listed]
    result.closed, result.open_before = len(leaving), len(open_cases)
    if result.errors:
        result.refused = "a complete list must have no bad rows: the citizens on them would be closed"
    elif len(leaving) > CLOSE_LIMIT * len(open_cases) and not force:
        result.refused = (
            f"the file would close {len(leaving)} of {len(open_cases)} open cases, more than "
            f"{CLOSE_LIMIT:.0%}; check that the file is complete, or force it"
        )
    return leaving


def _count_without_writing(rows: list[ImportRow], result: ImportResult) -> None:
    """What an import would do: new and updated citizens, and closed cases that come back."""
    closed_by_cpr = dict(_closed_on_by_cpr([row.cpr for row in rows]))
    result.created = sum(row.cpr not in closed_by_cpr for row in rows)
    result.updated = len(rows) - result.created
    result.reopened = sum(closed_by_cpr.get(row.cpr) is not None for row in rows)


def _closed_on_by_cpr(cprs: list[str], chunk: int = 1000) -> list[tuple]:
    """(cpr, closed_on) of the registered citizens among `cprs`, a chunk per query."""
    found = []
    for start in range(0, len(cprs), chunk):
        some = cprs[start : start + chunk]
        found += db.session.execute(select(Citizen.cpr, Citizen.closed_on).where(Citizen.cpr.in_(some))).all()
    return found


def _close(citizen_ids: list[int], today: date) -> None:
    """Close the cases of citizens who left (missing from the complete list), each audited."""
    for start in range(0, len(citizen_ids), 1000):
        some = citizen_ids[start : start + 1000]
        db.session.execute(update(Citizen).where(Citizen.id.in_(some)).values(closed_on=today))
    for citizen_id in citizen_ids:
        audit.record_by(
            audit.Actor.system(IMPORTER),
            "case.closed",
            citizen_id=citizen_id,
            reason="missing from the complete list",
        )


def validate(raw: bytes) -> tuple[list[ImportRow], list[RowError]]:
    reader = csv.DictReader(io.StringIO(_decode(raw)))
    _check_header(reader.fieldnames)
    jobcenters = {jc.code: jc for jc in db.session.scalars(select(Jobcenter))}
    rows, errors, seen = [], [], {}
    for line, record in enumerate(reader, start=2):
        row_or_error = _validate_row(line, record, jobcenters, seen)
        (errors if isinstance(row_or_error, RowError) else rows).append(row_or_error)
    return rows, errors


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFormatError(f"the file is not UTF-8 (byte {error.start})") from error


def _check_header(fieldnames) -> None:
    columns = [name.strip() for name in (fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        raise CsvFormatError(
            f"header must be {','.join(REQUIRED_COLUMNS)}[,address]; "
            f"missing: {missing or 'none'}, unknown: {unknown or 'none'}"
        )


def _validate_row(line: int, record: dict, jobcenters: dict, seen: dict) -> ImportRow | RowError:
    if None in record:
        return RowError(line, "too many fields")
    values = {key.strip(): (value or "").strip() for key, value in record.items()}
    try:
        row = _parse_row(line, values, jobcenters)
    except ValueError as error:
        return RowError(line, str(error))
    if row.cpr in seen:
        return RowError(line, f"CPR number also on line {seen[row.cpr]}")
    seen[row.cpr] = line
    return row


def _check_lengths(values: dict) -> None:
    """Every field at most its limit, and without control characters (a line break in a name
    would end up inside the SMS texts that name the citizen). The value is never echoed."""
    for column, limit in FIELD_LIMITS.items():
        value = values.get(column, "")
        if len(value) > limit:
            raise ValueError(f"{column}: longer than {limit} characters")
        if any(unicodedata.category(character) == "Cc" for character in value):
            raise ValueError(f"{column}: contains a control character (a line break or tab)")


def _parse_row(line: int, values: dict, jobcenters: dict) -> ImportRow:
    _check_lengths(values)
    cpr = cpr_rules.normalise(values["cpr"])
    if cpr is None:
        raise ValueError("cpr: not a CPR number (DDMMYY-XXXX)")
    if not values["name"]:
        raise ValueError("name: missing")
    if values["language"] not in LANGUAGES:
        raise ValueError(f"language: {values['language']!r} is not one of {', '.join(LANGUAGES)}")
    if not is_known(values["target_group"]):
        raise ValueError(f"target_group: unknown target group {values['target_group']!r}")
    if values["jobcenter"] not in jobcenters:
        raise ValueError(f"jobcenter: unknown jobcenter {values['jobcenter']!r}")
    return ImportRow(
        line=line,
        cpr=cpr,
        name=values["name"],
        phone=_parse_phone(values["phone"]),
        email=_parse_email(values["email"]),
        language=values["language"],
        target_group=values["target_group"],
        jobcenter=jobcenters[values["jobcenter"]],
        address=values.get("address", ""),
    )


def _parse_phone(raw: str) -> str | None:
    if not raw:
        return None
    phone = normalise_phone(raw)
    if phone is None:
        raise ValueError(f"phone: {raw!r} is not a valid phone number")
    return phone


def _parse_email(raw: str) -> str | None:
    if not raw:
        return None
    email = normalise_email(raw)
    if email is None:
        raise ValueError(f"email: {raw!r} is not an e-mail address")
    return email


def shared_phones(rows: list[ImportRow]) -> list[RowError]:
    """A warning for each row whose phone number another citizen has too, in the file or already
    registered. Allowed (a couple may share a phone), but a STOP reply from that number stops SMS
    for all of them, and an SMS answer from it cannot tell who answered."""
    lines_by_phone = defaultdict(list)
    for row in rows:
        if row.phone:
            lines_by_phone[row.phone].append(row.line)
    in_file = {row.cpr for row in rows}
    others_registered = {phone for phone, cpr in _registered_with(list(lines_by_phone)) if cpr not in in_file}
    warnings = []
    for phone, lines in lines_by_phone.items():
        for line in lines:
            also = [f"line {other}" for other in lines if other != line]
            if phone in others_registered:
                also.append("a citizen already registered")
            if also:
                warnings.append(RowError(line, f"phone: the same number as {', '.join(also)} (shared phone)"))
    return sorted(warnings, key=lambda warning: warning.line)


def _registered_with(phones: list[str], chunk: int = 1000) -> list[tuple[str, str]]:
    """(phone, cpr) of the registered citizens with any of `phones`, a chunk of numbers per query
    (a file of 100,000 citizens would pass PostgreSQL's limit on parameters in one query)."""
    found = []
    for start in range(0, len(phones), chunk):
        some = phones[start : start + chunk]
        found += db.session.execute(select(Citizen.phone, Citizen.cpr).where(Citizen.phone.in_(some))).all()
    return found


def _upsert(row: ImportRow, today: date) -> tuple[bool, bool]:
    """Create or update one citizen, reopening a closed case; return (created, reopened)."""
    citizen = db.session.scalar(select(Citizen).where(Citizen.cpr == row.cpr))
    created = citizen is None
    if created:
        citizen = Citizen(cpr=row.cpr, registered_on=today)
        db.session.add(citizen)
    now = utcnow()
    citizen.phone_verified_at = _verified_at(citizen.phone, row.phone, citizen.phone_verified_at, now)
    citizen.email_verified_at = _verified_at(citizen.email, row.email, citizen.email_verified_at, now)
    citizen.name, citizen.phone, citizen.email = row.name, row.phone, row.email
    citizen.language, citizen.target_group = row.language, row.target_group
    citizen.jobcenter, citizen.address = row.jobcenter, row.address
    citizen.preferred_channel = reachable_channels(citizen)[0]  # keeps the choice while possible
    db.session.flush()
    track_job_search(citizen, today)  # the status row the front page and the reminders read
    audit.record_by(
        audit.Actor.system(IMPORTER),
        "citizen.imported" if created else "citizen.updated_by_import",
        citizen_id=citizen.id,
        obj=citizen,
    )
    return created, _reopen(citizen)


def _reopen(citizen: Citizen) -> bool:
    """A citizen in the file whose case was closed is back at the jobcenter."""
    if citizen.closed_on is None:
        return False
    citizen.closed_on = None
    audit.record_by(audit.Actor.system(IMPORTER), "case.reopened", citizen_id=citizen.id)
    return True


def _verified_at(old: str | None, new: str | None, old_verified: datetime | None, now: datetime):
    if new is None:
        return None
    return old_verified if (old == new and old_verified) else now
