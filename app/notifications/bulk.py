"""Message rows for many citizens at once, from plain column values: what a reminder sweep uses.

`outbox.prepare` takes a Citizen object. A sweep over 1,000,000 citizens spent most of its time
loading those objects and reading their attributes through the ORM; here the sweep selects the
few columns a message needs (CONTACT_COLUMNS) and gets the same row `prepare` would give.
`tests/job_search/test_bulk_reminders.py` holds the two equal for a varied population.

On PostgreSQL the rows go in by COPY into a temporary table and one INSERT … SELECT that skips
taken deduplication keys: one statement for the chunk instead of one execution per message.
A reminder sweep goes further (`add_for_citizens`): PostgreSQL builds the rows itself from the
citizens table and texts rendered once per language, and Python only sends what differs per row.
"""

import json
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache
from queue import Full, Queue

from flask import current_app
from sqlalchemy import Integer, any_, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY

from app.extensions import db
from app.models import Citizen
from app.models.message import ROUTINE, SOMEONE_WAITS
from app.notifications.outbox import _NOT_YET, FALLBACK_ORDER, add_all_once, message_columns
from app.notifications.purposes import purpose_named
from app.notifications.texts import render

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


def contact_columns() -> tuple:
    """What `add_for_citizens` needs of each citizen besides its id: on PostgreSQL only the
    language (the database reads the rest itself), elsewhere CONTACT_COLUMNS."""
    if db.engine.dialect.name == "postgresql":
        return (Citizen.language,)
    return CONTACT_COLUMNS


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


_END = object()  # what read_ahead's thread puts after the last item


def read_ahead(produce: Callable[[], Iterator], depth: int = 2) -> Iterator:
    """What `produce()` yields, produced in a thread of its own (with its own session, so its
    own connection) up to `depth` items ahead: a sweep's next chunk is read and its rows
    prepared while PostgreSQL writes the one before, instead of each waiting for the other.
    PostgreSQL only (an SQLite database in memory is one connection)."""
    items, stop = Queue(maxsize=depth), threading.Event()
    app = current_app._get_current_object()
    thread = threading.Thread(
        target=_produce, args=(app, produce, items, stop), name="read-ahead", daemon=True
    )
    thread.start()
    try:
        while (item := items.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the reader is done, or failed: the thread stops at its next item
        thread.join()


def _produce(app, produce: Callable[[], Iterator], items: Queue, stop: threading.Event) -> None:
    try:
        with app.app_context():
            try:
                for item in produce():
                    if not _put(items, item, stop):
                        return
            finally:
                db.session.remove()  # ends its read-only transaction
        _put(items, _END, stop)
    except BaseException as error:  # raised again in the reader's thread
        _put(items, error, stop)


def _put(items: Queue, item, stop: threading.Event) -> bool:
    """Put `item`, unless the reader stopped: never blocks forever. Returns whether it was put."""
    while not stop.is_set():
        try:
            items.put(item, timeout=0.1)
            return True
        except Full:
            continue
    return False


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


def add_for_citizens(purpose: str, entries: list[tuple], own: str, now: datetime) -> int:
    """Insert the message of `purpose` for each (contact, context, dedup_key) of `entries`, as
    `citizen_message` gives it (skipped: cannot be reached, or the deduplication key is taken).
    `contact` holds `citizen_id` and `language`; on SQLite also the other CONTACT_COLUMNS.
    Only the value of the context key `own` (a link) may differ between citizens of the same
    language and otherwise equal context, and it must be a value the texts show as it is (not a
    number `ltr` isolates in Arabic). Returns how many were inserted. The caller commits."""
    if not entries:
        return 0
    if db.engine.dialect.name != "postgresql":
        messages = (citizen_message(purpose, contact, context, key, now) for contact, context, key in entries)
        return add_once([message for message in messages if message])
    return _insert_built_in_sql(purpose, entries, own, now)


# Stands in for the `own` value in the texts rendered once per group; PostgreSQL puts each
# citizen's value in its place. Private-use characters: no translation or value contains them.
_OWN = "\ue000own\ue000"
_OWN_IN_JSON = json.dumps(_OWN)


@cache
def _whitespace() -> str:
    """What Python's str.strip() strips, for a letter's address built in SQL (`_address`).
    Found on first use, not at import: walking all of Unicode took ~0.06 CPU s in every process
    that builds the app, and only a PostgreSQL reminder sweep needs it."""
    return "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


def _insert_built_in_sql(purpose: str, entries: list[tuple], own: str, now: datetime) -> int:
    """Per row only the citizen, the own value, the deduplication key and the text group go to
    PostgreSQL (arrays, one statement); the channel, recipient, texts and context are built
    there, the way `citizen_message` builds them. Rendering and sending 25 columns per message
    from Python was most of a 1,000,000-citizen sweep's time."""
    groups: dict[tuple, int] = {}
    firsts: list[tuple[str, dict]] = []  # per group: its language and a context of it
    ids, owns, keys, group_of = [], [], [], []
    for contact, context, dedup_key in entries:
        language = contact.language or "da"
        shared = (language, *(value for key, value in context.items() if key != own))
        group = groups.get(shared)
        if group is None:
            group = groups[shared] = len(firsts)
            firsts.append((language, context))
        ids.append(contact.citizen_id)
        owns.append(context[own])
        keys.append(dedup_key)
        group_of.append(group)
    texts = _texts_of(purpose, firsts, own)
    declared = purpose_named(purpose)
    values = {
        "ids": ids,
        "owns": owns,
        "keys": keys,
        "groups": group_of,
        **texts,
        "own_mark": _OWN,
        "own_in_json": _OWN_IN_JSON,
        "purpose": purpose,
        "by_letter": declared.by_letter,
        "priority": SOMEONE_WAITS if declared.someone_waits else ROUTINE,
        "now": now.astimezone(UTC).replace(tzinfo=None),  # UTCDateTime stores naive UTC
        "whitespace": _whitespace(),
    }
    # psycopg's own cursor, to send the arrays in binary: SQLAlchemy's parameters went as text,
    # and quoting 20,000 strings per chunk for that cost more than building the rows.
    with db.session.connection().connection.driver_connection.cursor() as cursor:
        cursor.execute(_BUILT_IN_SQL, values)
        return cursor.rowcount


def _texts_of(purpose: str, firsts: list[tuple[str, dict]], own: str) -> dict[str, list]:
    """Each group's subject, body and context (JSON) per channel, with _OWN for the own value."""
    texts = {
        "t_groups": [],
        "t_channels": [],
        "t_languages": [],
        "t_subjects": [],
        "t_bodies": [],
        "t_contexts": [],
    }
    declared = purpose_named(purpose)
    channels = [c for c in FALLBACK_ORDER if c != "sms" or declared.text.sms is not None]
    for group, (language, context) in enumerate(firsts):
        marked = {key: _OWN if key == own else value for key, value in context.items()}
        for channel in channels:
            subject, body = render(purpose, channel, language, marked)
            texts["t_groups"].append(group)
            texts["t_channels"].append(channel)
            texts["t_languages"].append(language)
            texts["t_subjects"].append(subject)
            texts["t_bodies"].append(body)
            texts["t_contexts"].append(json.dumps(marked))
    return texts


# `reachable` and `_address` of outbox.py in SQL; a text column counts as given when not empty.
# Arrays (%(…)b) go in binary. The channel is chosen per citizen first (MATERIALIZED), then the
# texts are found by hash: left to the planner, it looked up every citizen once per channel of its
# text group.
_BUILT_IN_SQL = """
WITH chosen AS MATERIALIZED (
    SELECT r.citizen_id, r.own, r.dedup_key, r.grp,
           CASE WHEN c.preferred_channel = 'sms' AND can.sms THEN 'sms'
                WHEN c.preferred_channel = 'email' AND can.email THEN 'email'
                WHEN c.preferred_channel = 'letter' AND %(by_letter)s THEN 'letter'
                WHEN can.sms THEN 'sms'
                WHEN can.email THEN 'email'
                WHEN %(by_letter)s THEN 'letter' END AS channel,
           c.phone, c.email, c.name, c.address
    FROM unnest(CAST(%(ids)b AS integer[]), CAST(%(owns)b AS text[]), CAST(%(keys)b AS text[]),
                CAST(%(groups)b AS integer[])) AS r(citizen_id, own, dedup_key, grp)
    JOIN citizens AS c ON c.id = r.citizen_id
    CROSS JOIN LATERAL (
        SELECT c.phone <> '' AND c.phone_verified_at IS NOT NULL AND c.sms_stopped_at IS NULL AS sms,
               c.email <> '' AND c.email_verified_at IS NOT NULL AS email
    ) AS can
)
INSERT INTO messages (citizen_id, purpose, channel, language, recipient, subject, body, context,
                      dedup_key, status, attempts, last_error, priority, maybe_sent,
                      created_at, next_attempt_at)
SELECT x.citizen_id, %(purpose)s, t.channel, t.language,
       CASE t.channel WHEN 'sms' THEN x.phone
                      WHEN 'email' THEN x.email
                      ELSE btrim(x.name || E'\n' || coalesce(x.address, 'None'), %(whitespace)s) END,
       replace(t.subject, %(own_mark)s, x.own), replace(t.body, %(own_mark)s, x.own),
       CAST(replace(t.context, %(own_in_json)s, to_json(x.own)::text) AS json),
       x.dedup_key, 'queued', 0, '', %(priority)s, false, %(now)s, %(now)s
FROM chosen AS x
JOIN unnest(CAST(%(t_groups)b AS integer[]), CAST(%(t_channels)b AS text[]),
            CAST(%(t_languages)b AS text[]), CAST(%(t_subjects)b AS text[]),
            CAST(%(t_bodies)b AS text[]), CAST(%(t_contexts)b AS text[]))
     AS t(grp, channel, language, subject, body, context)
  ON t.grp = x.grp AND t.channel = x.channel
ON CONFLICT (dedup_key) DO NOTHING
"""
