"""Message rows for many citizens at once, from plain column values: what a reminder sweep uses.

`outbox.prepare` takes a Citizen object. A sweep over 1,000,000 citizens spent most of its time
loading those objects and reading their attributes through the ORM; here the sweep selects the
few columns a message needs (CONTACT_COLUMNS) and gets the same row `prepare` would give.
`tests/job_search/test_bulk_reminders.py` holds the two equal for a varied population.

On PostgreSQL the rows go in by COPY into a temporary table and one INSERT … SELECT that skips
taken deduplication keys: one statement for the chunk instead of one execution per message.
"""

import json
from datetime import UTC, datetime

from sqlalchemy import Integer, any_, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY

from app.extensions import db
from app.models import Citizen
from app.notifications.outbox import _NOT_YET, FALLBACK_ORDER, add_all_once, message_columns
from app.notifications.purposes import purpose_named

# Select these (with the citizen's id labelled `citizen_id`) for `citizen_message`.
CONTACT_COLUMNS = (
    Citizen.name,
    Citizen.address,
    Citizen.phone,
    Citizen.phone_verified_at,
    Citizen.sms_stopped_at,
    Citizen.email,
    Citizen.email_verified_at,
    Citizen.preferred_channel,
    Citizen.language,
)

# Every column of a prepared row, in the order COPY sends them.
MESSAGE_COLUMNS = (
    *_NOT_YET,
    "purpose",
    "channel",
    "language",
    "recipient",
    "subject",
    "body",
    "context",
    "dedup_key",
    "status",
    "attempts",
    "last_error",
    "priority",
    "created_at",
    "next_attempt_at",
)
_TIMES = frozenset({"lease_until", "sent_at", "delivered_at", "created_at", "next_attempt_at"})


def reachable(contact) -> list[str]:
    """`outbox.reachable_channels` of a citizen, from its CONTACT_COLUMNS: the preferred first."""
    channels = []
    if contact.phone and contact.phone_verified_at and not contact.sms_stopped_at:
        channels.append("sms")
    if contact.email and contact.email_verified_at:
        channels.append("email")
    channels.append("letter")  # staff print it; always possible for a citizen
    preferred = contact.preferred_channel
    return sorted(channels, key=lambda c: (c != preferred, FALLBACK_ORDER.index(c)))


def citizen_message(purpose: str, contact, context: dict, dedup_key: str, now: datetime) -> dict | None:
    """The row `outbox.prepare(purpose, citizen, context, dedup_key=…, now=…)` gives, for the
    citizen whose `citizen_id` and CONTACT_COLUMNS `contact` holds; None: cannot be reached."""
    declared = purpose_named(purpose)
    channel = next((c for c in reachable(contact) if c != "letter" or declared.by_letter), None)
    if channel is None:
        return None
    language = contact.language or "da"
    return {
        **message_columns(purpose, channel, language, contact, context, dedup_key),
        "citizen_id": contact.citizen_id,
        "created_at": now,
        "next_attempt_at": now,
    }


def one_of(column, ids: list[int]):
    """SQL condition: `column` is one of `ids`. On PostgreSQL one array parameter: an IN list of
    5,000 parameters cost more to render and for psycopg to parse than the UPDATE it was for."""
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    return column.in_(ids)


def queue_in_chunks(due, remind, stamp, now: datetime) -> int:
    """`outbox.queue_in_chunks` on plain rows: `due` is a LIMITed select of plain columns (the
    stamped model's id labelled `id`, the citizen's `citizen_id`, and CONTACT_COLUMNS),
    `remind(row)` gives a message row (`citizen_message`) or None, and `stamp` is the column set
    to `now` so the next chunk, and the next sweep, skip the row. Commits per chunk."""
    model, queued = stamp.class_, 0
    while rows := db.session.execute(due).all():
        queued += add_once([message for message in map(remind, rows) if message])
        db.session.execute(
            update(model)
            .where(one_of(model.id, [row.id for row in rows]))
            .values({stamp.key: now})
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return queued


def add_once(rows: list[dict]) -> int:
    """Insert prepared message rows (all columns of MESSAGE_COLUMNS); those whose dedup_key is
    taken are skipped. Returns how many were inserted. The caller commits."""
    if not rows:
        return 0
    if db.engine.dialect.name != "postgresql":
        return add_all_once(rows)
    return _copy_once(rows)


def _copy_once(rows: list[dict]) -> int:
    columns = ", ".join(MESSAGE_COLUMNS)
    connection = db.session.connection()
    # Same columns as messages, without constraints or defaults; lives as long as the connection.
    connection.execute(
        text(f"CREATE TEMP TABLE IF NOT EXISTS message_rows AS SELECT {columns} FROM messages WITH NO DATA")
    )
    connection.execute(text("TRUNCATE message_rows"))  # a temporary table is never vacuumed
    cursor = connection.connection.driver_connection.cursor()  # psycopg's own, for COPY
    with cursor, cursor.copy(f"COPY message_rows ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(_copy_values(row))
    return connection.execute(
        text(
            f"INSERT INTO messages ({columns}) SELECT {columns} FROM message_rows "
            "ON CONFLICT (dedup_key) DO NOTHING"
        )
    ).rowcount


_TIMES_AT = [MESSAGE_COLUMNS.index(name) for name in _TIMES]
_CONTEXT_AT = MESSAGE_COLUMNS.index("context")


def _copy_values(row: dict) -> list:
    """The row as the Message model's column types store it: UTCDateTime as naive UTC (COPY into
    a timestamp column would drop any other offset silently), the JSON context as text."""
    values = [row[name] for name in MESSAGE_COLUMNS]
    for at in _TIMES_AT:
        if values[at] is not None:
            values[at] = values[at].astimezone(UTC).replace(tzinfo=None)
    values[_CONTEXT_AT] = json.dumps(values[_CONTEXT_AT])
    return values
