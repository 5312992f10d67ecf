"""Import citizens from a CSV file: validate every row first, then write all or nothing.

The CSV is how a jobcenter loads its citizens from its case system:
    cpr,name,phone,email,language,target_group,jobcenter[,address]
Re-importing updates citizens by CPR number. Contact details from the jobcenter's case
system count as verified: the jobcenter already checked them when the citizen registered.
"""

import csv
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

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
    imported: bool = False


class CsvFormatError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


def import_citizens(raw: bytes, *, skip_invalid: bool = False, today: date | None = None) -> ImportResult:
    """Validate every row of `raw` (CSV bytes) and import the valid ones in one transaction.

    With any invalid row nothing is imported unless `skip_invalid`; then the valid rows are.
    Raises CsvFormatError when the file is not UTF-8 or the header is wrong.
    """
    rows, errors = validate(raw)
    result = ImportResult(errors=errors, warnings=shared_phones(rows), skipped=len(errors))
    if errors and not skip_invalid:
        return result
    try:
        for row in rows:
            created = _upsert(row, today or date.today())
            result.created += created
            result.updated += not created
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    result.imported = True
    return result


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


def _upsert(row: ImportRow, today: date) -> bool:
    """Create or update one citizen; return True when created."""
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
    audit.record(
        "citizen.imported" if created else "citizen.updated_by_import",
        actor_type="system",
        actor_label="CSV import",
        citizen_id=citizen.id,
        obj=citizen,
    )
    return created


def _verified_at(old: str | None, new: str | None, old_verified: datetime | None, now: datetime):
    if new is None:
        return None
    return old_verified if (old == new and old_verified) else now
