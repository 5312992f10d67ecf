"""The outbox: enqueue a message in the caller's transaction; workers lease and send it later.

Several workers may run at once. On PostgreSQL they lease rows with FOR UPDATE SKIP LOCKED;
on SQLite the single-writer lock does the same job. A leased row belongs to its worker for a short
time that the worker renews while it sends, so the rows of a worker that was killed mid-batch are
leased again within OUTBOX_LEASE_SECONDS. Those may have reached the provider just before the
worker died: the next worker asks the provider first (Provider.find_sent) and sends again only
what it does not find. Sending is at least once, not exactly once (README, "Messages: at-least-once").
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import BigInteger, Text, and_, any_, bindparam, case, func, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from app.extensions import db, insert_skipping_duplicates
from app.models import Citizen, Message, MessageAttempt, StaffUser
from app.models.message import ROUTINE, SENDABLE, SOMEONE_WAITS
from app.models.types import UTCDateTime, utcnow
from app.notifications.providers import Outgoing, PermanentFailure, Provider, TemporaryFailure
from app.notifications.purposes import Purpose, purpose_named
from app.notifications.texts import render
from app.notifications.wakeup import wake_workers
from app.operations import metrics
from app.rules.dates import ReminderHours, first_moment_allowed

log = logging.getLogger("borgerportal.outbox")

FALLBACK_ORDER = ("sms", "email", "letter")
# How each purpose is treated (priority, quiet hours, letters, codes) is in its declaration, by
# the feature that sends it: app/notifications/purposes.py.
GIVE_UP_AFTER = timedelta(hours=24)
# How long a leased message belongs to its worker without news from it (OUTBOX_LEASE_SECONDS,
# 30 s). The worker renews the lease every third of that while it still holds unsent messages,
# so the lease runs out only when the worker stopped. It was 5 minutes: half of a login code's life.


def lease_length() -> timedelta:
    return timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def renew_lease_every() -> timedelta:
    """Three renewals per lease: one late renewal (a busy machine) does not lose it."""
    return lease_length() / 3


# Our clock and the provider's may differ a little when we look for a message it already has.
CLOCK_SKEW = timedelta(minutes=2)


def reachable_channels(person: Citizen | StaffUser) -> list[str]:
    """Channels the person can get messages on, their preferred channel first."""
    channels = []
    sms_stopped = getattr(person, "sms_stopped_at", None)  # the citizen replied STOP
    if person.phone and getattr(person, "phone_verified_at", True) and not sms_stopped:
        channels.append("sms")
    if person.email and getattr(person, "email_verified_at", True):
        channels.append("email")
    if isinstance(person, Citizen):
        channels.append("letter")  # staff print it; always possible
    preferred = getattr(person, "preferred_channel", None)
    return sorted(channels, key=lambda c: (c != preferred, FALLBACK_ORDER.index(c)))


def enqueue(
    purpose: str,
    person: Citizen | StaffUser,
    context: dict | None = None,
    *,
    channel: str | None = None,
    dedup_key: str | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
) -> Message | None:
    """Add a message for `person` to the current transaction (the caller commits).

    `channel` forces a channel (it must be reachable); otherwise the preferred reachable one.
    `recipient` (with `channel`) sends to another address, e.g. the phone number being replaced.
    With a `dedup_key` already used, nothing new is added and the earlier message is returned.
    Returns None when the person cannot be reached at all.
    """
    row = prepare(
        purpose, person, context, channel=channel, dedup_key=dedup_key, now=now, recipient=recipient
    )
    if row is None:
        return None
    row["next_attempt_at"] = _first_allowed(purpose, person, row["next_attempt_at"])
    if row["priority"] == SOMEONE_WAITS:
        wake_workers()  # at commit: a code goes out now, not at the next poll
    return _add_once(Message(**row))


def prepare(
    purpose: str,
    person: Citizen | StaffUser,
    context: dict | None = None,
    *,
    channel: str | None = None,
    dedup_key: str | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
) -> dict | None:
    """The message `enqueue` would add, as a row of column values (None: cannot be reached).

    The sweeps insert thousands of these at once (`add_all_once`); plain rows, not ORM objects,
    keep a sweep for 1,000,000 citizens within a minute.
    """
    channels = allowed_channels(purpose_named(purpose), person)
    if recipient is None:
        channel = channel if channel in channels else (channels[0] if channels else None)
    if channel is None:
        return None
    row = _row(purpose, person, channel, context or {}, dedup_key)
    row["recipient"] = recipient or row["recipient"]
    row["created_at"] = row["next_attempt_at"] = now or utcnow()
    return row


def allowed_channels(purpose: Purpose, person: Citizen | StaffUser) -> list[str]:
    """The person's reachable channels that `purpose` may go by, the preferred first."""
    return [c for c in reachable_channels(person) if c != "letter" or purpose.by_letter]


def digital_channel(person: Citizen | StaffUser) -> str | None:
    """SMS or e-mail, the person's preferred first; None when only a letter would reach them
    (notices that point to a page on the portal are pointless on paper)."""
    return next((channel for channel in reachable_channels(person) if channel != "letter"), None)


def queue_in_chunks(due, remind, stamp, now: datetime) -> int:
    """Queue reminders chunk by chunk: `due` is a LIMITed select of (row, citizen) pairs still to
    remind, `remind(row, citizen)` prepares a message row (or None), and `stamp` is the row's column
    set to `now` so the next chunk, and the next sweep, skip it. Commits per chunk."""
    model, queued = stamp.class_, 0
    while rows := db.session.execute(due).all():
        queued += add_all_once([m for m in (remind(row, citizen) for row, citizen in rows) if m])
        db.session.execute(
            update(model)
            .where(model.id.in_([row.id for row, _ in rows]))
            .values({stamp.key: now})
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return queued


def add_all_once(rows: list[dict]) -> int:
    """Insert many prepared message rows at once; those whose dedup_key is taken are skipped.

    What the reminder sweep uses: one round trip per chunk instead of a savepoint per message.
    Returns how many were inserted.
    """
    if not rows:
        return 0
    statement = insert_skipping_duplicates(Message.__table__, ["dedup_key"]).execution_options(
        preserve_rowcount=True
    )  # read before the cursor closes
    # No RETURNING: the driver's executemany then sends one prepared statement for all rows
    # (psycopg pipelines it). With RETURNING, SQLAlchemy wrote one INSERT with 15,000 parameters
    # per 1,000 rows, and parsing those took half of a reminder sweep on PostgreSQL.
    return db.session.connection().execute(statement, rows).rowcount  # rows inserted, the skipped not


# Every column of a new message, so that the rows of one insert all name the same columns.
_NOT_YET = {
    "citizen_id": None,
    "staff_user_id": None,
    "helper_id": None,
    "lease_until": None,
    "claimed_by": None,
    "maybe_sent": False,
    "provider_ref": None,
    "sent_at": None,
    "delivered_at": None,
}


def _row(purpose, person, channel, context, dedup_key) -> dict:
    language = getattr(person, "language", None) or "da"
    return {**message_columns(purpose, channel, language, person, context, dedup_key), **owner_of(person)}


def message_columns(purpose: str, channel: str, language: str, person, context: dict, dedup_key) -> dict:
    """The columns of a queued message to `person` (an object or a row with name, phone, email and
    address), its texts rendered; the caller adds whose it is. Shared with the set-based sweeps
    (bulk.py), so a reminder is the same row whichever way it was queued."""
    subject, body = render(purpose, channel, language, context)
    return {
        **_NOT_YET,
        "purpose": purpose,
        "channel": channel,
        "language": language,
        "recipient": _address(person, channel),
        "subject": subject,
        "body": body,
        "context": context,
        "dedup_key": dedup_key,
        "status": "queued",
        "attempts": 0,
        "last_error": "",
        "priority": SOMEONE_WAITS if purpose_named(purpose).someone_waits else ROUTINE,
    }


def owner_of(person) -> dict:
    """The column naming `person` on rows that belong to a citizen, staff user or helper."""
    # isinstance, not type(): routes pass Flask-Login's current_user, a proxy of the real object.
    if isinstance(person, Citizen):
        return {"citizen_id": person.id}
    if isinstance(person, StaffUser):
        return {"staff_user_id": person.id}
    return {"helper_id": person.id}


def _address(person, channel: str) -> str:
    if channel == "sms":
        return person.phone
    if channel == "email":
        return person.email
    return f"{person.name}\n{person.address}".strip()


def _add_once(message: Message) -> Message:
    if message.dedup_key is None:
        db.session.add(message)
        return message
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:  # the same reminder again: keep the first
        return db.session.scalar(select(Message).where(Message.dedup_key == message.dedup_key))
    return message


def lease_due(
    now: datetime, batch: int = 50, lease: str | None = None, priority: int | None = None
) -> list[int]:
    """Lease up to `batch` due messages to us (status sending, until `lease_until`, with `lease`,
    the name of this worker's round, in the `claimed_by` column) and commit. With `priority`,
    only messages of that priority (the worker's code lane: SOMEONE_WAITS).

    Returns their ids in the order to send them: by priority, then the longest due first.
    """
    in_turn = (Message.priority, Message.next_attempt_at, Message.id)
    candidates = []
    for due in _due_kinds(now):
        # One status per query: with `status =` the index gives rows in turn and the query stops
        # after `batch`. An OR of statuses made PostgreSQL sort every due row for each batch:
        # 68 ms a batch with the 228,000 reminders of a 1,000,000-citizen jobcenter.
        if priority is not None:
            due = and_(due, Message.priority == priority)  # the index's second column
        pick = select(*in_turn).where(due).order_by(*in_turn).limit(batch).with_for_update(skip_locked=True)
        candidates += db.session.execute(pick).all()
    chosen = [message_id for *_, message_id in sorted(candidates)[:batch]]
    leased = _mark_sending(chosen, now, lease)
    db.session.commit()  # also ends the locks on candidates not chosen: the next batch takes them
    return [message_id for message_id in chosen if message_id in leased]


def _mark_sending(message_ids: list[int], now: datetime, lease: str | None) -> set[int]:
    """Lease the messages to this worker; returns those still due (on SQLite, without row locks,
    another worker may have leased one since we read it). A row still "sending" was held by a
    worker that stopped: it may have reached the provider (`maybe_sent`)."""
    if not message_ids:
        return set()
    was_sending = case((Message.status == "sending", true()), else_=Message.maybe_sent)
    until = now + lease_length()
    return set(
        db.session.execute(
            update(Message)
            .where(_one_of(message_ids), or_(*_due_kinds(now)))
            .values(status="sending", lease_until=until, claimed_by=lease, maybe_sent=was_sending)
            .returning(Message.id)
            .execution_options(synchronize_session=False)
        ).scalars()
    )


def _one_of(message_ids: list[int]):
    """Message.id IN the ids; on PostgreSQL `= ANY(array)`, one parameter: an IN of 500 ids
    made a statement too long for psycopg's cache, parsed anew for every batch of the worker."""
    if db.session.get_bind().dialect.name == "postgresql":
        return Message.id == any_(bindparam("ids", message_ids, type_=postgresql.ARRAY(BigInteger)))
    return Message.id.in_(message_ids)


def renew_lease(message_ids: list[int], lease: str, now: datetime) -> set[int]:
    """The worker is still at it: its unsent messages stay its own for another lease_length().
    Returns those still its own (not those another worker took over after the lease ran out)."""
    if not message_ids:
        return set()
    held = db.session.execute(
        update(Message)
        .where(_one_of(message_ids), Message.status == "sending", Message.claimed_by == lease)
        .values(lease_until=now + lease_length())
        .returning(Message.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    held = set(held)
    db.session.commit()
    return held


def _due_kinds(now: datetime):
    """The three kinds of message a worker may lease, each a condition on one status."""
    ready = and_(Message.next_attempt_at <= now, Message.channel != "letter")  # staff print letters
    for status in SENDABLE:
        yield and_(Message.status == status, ready)
    yield and_(Message.status == "sending", Message.lease_until < now)  # its worker died mid-batch


def send_leased(
    message_id: int, providers: dict[str, Provider], now: datetime, lease: str | None = None
) -> str:
    """Send one leased message, record the attempt, commit. Returns the new status.

    With `lease`, a message another worker has taken over since (our lease ran out) is left to it.
    """
    message = db.session.get(Message, message_id)
    if message.status != "sending" or (lease is not None and message.claimed_by != lease):
        return message.status
    record(message, hand_over(providers[message.channel], as_leased(message)), now)
    db.session.commit()
    return message.status


@dataclass(frozen=True)
class Leased:
    """A leased message as plain values: what a sending thread needs, and what the worker records."""

    id: int
    channel: str
    purpose: str
    created_at: datetime
    maybe_sent: bool  # a worker that stopped may have handed it over: ask the provider first
    outgoing: Outgoing


@dataclass(frozen=True)
class HandedOver:
    """What became of a message at the provider: its reference, or the error."""

    reference: str | None = None
    found: bool = False  # the provider had it already (a worker stopped after handing it over)
    error: Exception | None = None


def as_leased(message) -> Leased:
    outgoing = Outgoing(message.recipient, message.subject, message.body, reference_of(message))
    return Leased(
        message.id, message.channel, message.purpose, message.created_at, message.maybe_sent, outgoing
    )


def load_leased(message_ids: list[int]) -> list[Leased]:
    """The leased messages, in the order given, as plain values; ends the read transaction (on
    SQLite, a transaction that read and then writes fails at once when another worker wrote in
    between, instead of waiting for the lock)."""
    columns = (Message.id, Message.channel, Message.purpose, Message.created_at, Message.maybe_sent)
    texts = (Message.recipient, Message.subject, Message.body)
    rows = db.session.execute(select(*columns, *texts).where(_one_of(message_ids))).all()
    db.session.commit()
    by_id = {row.id: as_leased(row) for row in rows}
    return [by_id[message_id] for message_id in message_ids if message_id in by_id]


def hand_over(provider: Provider, leased: Leased) -> HandedOver:
    """Give the message to the provider, unless a worker that stopped mid-batch had already
    handed it over (`maybe_sent`: the provider is asked first). No database: the worker's sending
    threads call this, and one thread records what they return (`record_handed`)."""
    try:
        since = leased.created_at - CLOCK_SKEW
        found = provider.find_sent(leased.outgoing, since=since) if leased.maybe_sent else None
        return HandedOver(found, found=True) if found else HandedOver(provider.send(leased.outgoing))
    except Exception as error:  # recorded by `record`: a bug in a provider stops no other message
        return HandedOver(error=error)


def record(message: Message, handed: HandedOver, now: datetime) -> None:
    """Record what `hand_over` returned on the message (the caller commits)."""
    if handed.found:
        _log(message, "found_sent", FOUND_SENT, now)
    error = handed.error
    if error is None:
        _mark_sent(message, handed.reference, now)
    elif isinstance(error, TemporaryFailure):
        _retry_later(message, str(error), now)
    elif isinstance(error, PermanentFailure):
        fall_back(message, str(error), now)
    else:
        log.error("provider crashed on message %s", message.id, exc_info=error)
        _retry_later(message, f"unexpected error: {error!r}", now)


FOUND_SENT = "the worker that held it stopped after handing it over"


def record_handed(handed: list[tuple[Leased, HandedOver]], lease: str, now: datetime) -> None:
    """Record what the sending threads handed over, in one transaction: the messages sent (most
    of them) with one UPDATE and one INSERT of attempts for all, writes first (see
    `load_leased`); failures and codes (whose text is blanked out) one by one. A message another
    worker took over since (our lease ran out) is left to it. Commits."""
    bulk = [(m, h) for m, h in handed if h.error is None and not purpose_named(m.purpose).code]
    if bulk:
        _record_sent(bulk, lease, now)
    in_bulk = {m.id for m, _ in bulk}
    for leased, outcome in handed:
        if leased.id in in_bulk:
            continue
        message = db.session.get(Message, leased.id)
        if message.status == "sending" and message.claimed_by == lease:
            record(message, outcome, now)
    db.session.commit()


def _record_sent(sent: list[tuple[Leased, HandedOver]], lease: str, now: datetime) -> None:
    ids, references = [m.id for m, _ in sent], [h.reference for _, h in sent]
    attempts = [
        {"message_id": m.id, "at": now, "channel": m.channel, "outcome": outcome, "detail": detail[:2000]}
        for m, h in sent
        for outcome, detail in ([("found_sent", FOUND_SENT)] if h.found else []) + [("sent", h.reference)]
    ]
    if db.session.get_bind().dialect.name == "postgresql":
        _mark_sent_at_once(ids, references, lease, now)
        _log_at_once(attempts, now)
    else:  # SQLite runs a statement per row in C, from one prepared statement
        mark = _mark_sent_where(Message.__table__.c.id == bindparam("message_id"), lease, now)
        rows = [{"message_id": i, "reference": r} for i, r in zip(ids, references, strict=True)]
        db.session.execute(mark.values(provider_ref=bindparam("reference")), rows)
        db.session.execute(insert(MessageAttempt.__table__), attempts)
    for message, _ in sent:
        metrics.message_attempt(message, "sent")


def _mark_sent_where(which, lease: str, now: datetime):
    """Sent, for the messages `which` picks that this worker still holds."""
    table = Message.__table__
    return (
        update(table)
        .where(which, table.c.claimed_by == lease, table.c.status == "sending")
        .values(
            status="sent",
            sent_at=now,
            attempts=table.c.attempts + 1,
            lease_until=None,
            claimed_by=None,
            maybe_sent=False,
        )
    )


def _mark_sent_at_once(ids: list[int], references: list[str], lease: str, now: datetime) -> None:
    """PostgreSQL: one UPDATE … FROM unnest(ids, references) for all of them. As an executemany,
    psycopg sent one UPDATE per message (pipelined), and the server ran each on its own."""
    given = (
        func.unnest(
            bindparam("ids", ids, type_=postgresql.ARRAY(BigInteger)),
            bindparam("references", references, type_=postgresql.ARRAY(Text)),
        )
        .table_valued("id", "reference")
        .render_derived(name="sent")
    )
    mark = _mark_sent_where(Message.__table__.c.id == given.c.id, lease, now)
    db.session.execute(mark.values(provider_ref=given.c.reference))


def _log_at_once(attempts: list[dict], now: datetime) -> None:
    """PostgreSQL: the attempts of all of them in one INSERT … SELECT FROM unnest(…)."""
    columns = {"message_id": BigInteger, "channel": Text, "outcome": Text, "detail": Text}
    arrays = [
        bindparam(name, [row[name] for row in attempts], type_=postgresql.ARRAY(kind))
        for name, kind in columns.items()
    ]
    given = func.unnest(*arrays).table_valued(*columns).render_derived(name="attempt")
    rows = select(given.c.message_id, bindparam("now", now, type_=UTCDateTime), *given.c[1:])
    names = ["message_id", "at", "channel", "outcome", "detail"]
    db.session.execute(insert(MessageAttempt.__table__).from_select(names, rows))


def reference_of(message: Message) -> str:
    """A reference for the message that stays the same on every try (e.g. its e-mail Message-ID)."""
    return f"borgerportal.{message.id}.{message.created_at:%Y%m%d%H%M%S%f}"


def _mark_sent(message: Message, reference: str, now: datetime) -> None:
    message.status, message.provider_ref, message.sent_at = "sent", reference, now
    message.attempts += 1
    _release(message)
    _log(message, "sent", reference, now)
    remove_code(message)


def _release(message: Message) -> None:
    """No worker holds the message any more, and we know what became of it."""
    message.lease_until, message.claimed_by, message.maybe_sent = None, None, False


def remove_code(message: Message) -> None:
    """Blank out a one-time code once it has left us, so a database copy holds no live code."""
    code = message.context.get("code") if purpose_named(message.purpose).code else None
    if code:
        message.body = message.body.replace(code, "******")
        message.context = {key: value for key, value in message.context.items() if key != "code"}


def _retry_later(message: Message, detail: str, now: datetime) -> None:
    message.attempts += 1
    if now - message.created_at >= GIVE_UP_AFTER:
        fall_back(message, f"gave up after 24 hours: {detail}", now)
        return
    message.status, message.last_error = "failed_temporary", detail
    _release(message)
    # A time-out may come after the provider took the message: the next try asks it first.
    message.maybe_sent = True
    message.next_attempt_at = _outside_quiet_hours(message, now + backoff(message.attempts))
    _log(message, "failed_temporary", detail, now)


def _outside_quiet_hours(message: Message, moment: datetime) -> datetime:
    if not purpose_named(message.purpose).keeps_quiet_hours:
        return moment
    return _first_allowed(message.purpose, _recipient_of(message), moment)


def _first_allowed(purpose: str, person, moment: datetime) -> datetime:
    """`moment`, or the end of the quiet hours of the person's jobcenter (the default quiet hours
    for helpers and staff) when the purpose keeps them and `moment` falls inside."""
    if not purpose_named(purpose).keeps_quiet_hours:
        return moment
    jobcenter = getattr(person, "jobcenter", None)
    return first_moment_allowed(
        moment, ReminderHours.from_settings(jobcenter.settings if jobcenter else None)
    )


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... doubling up to one hour between tries."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def fall_back(message: Message, detail: str, now: datetime) -> None:
    """The channel failed for good: move the message to the person's next channel, if any."""
    _log(message, "failed_permanent", detail, now)
    message.last_error = detail
    _release(message)
    person = _recipient_of(message)
    later = _fallback_channels(message, person)
    if not later:  # e.g. a code: the citizen asks again instead
        message.status = "failed_permanent"
        return
    message.channel, message.recipient = later[0], _address(person, later[0])
    message.subject, message.body = render(message.purpose, later[0], message.language, message.context)
    message.status, message.next_attempt_at = "queued", now
    _log(message, "fallback", f"now by {later[0]}", now)


def _fallback_channels(message: Message, person) -> list[str]:
    """The channels after the failed one that the purpose may still go by (a letter only when
    its declaration allows one: the same rule as when it was queued)."""
    purpose = purpose_named(message.purpose)
    code_gone = purpose.code and "code" not in message.context
    if person is None or purpose.address_bound or code_gone:
        return []
    channels = allowed_channels(purpose, person)
    return [c for c in FALLBACK_ORDER[FALLBACK_ORDER.index(message.channel) + 1 :] if c in channels]


def _recipient_of(message: Message) -> Citizen | StaffUser | None:
    if message.citizen_id:
        return db.session.get(Citizen, message.citizen_id)
    return db.session.get(StaffUser, message.staff_user_id) if message.staff_user_id else None


def _log(message: Message, outcome: str, detail: str, now: datetime) -> None:
    metrics.message_attempt(message, outcome)
    db.session.add(
        MessageAttempt(
            message=message, at=now, channel=message.channel, outcome=outcome, detail=detail[:2000]
        )
    )
