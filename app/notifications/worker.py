"""The background worker: sends what the outbox holds, batch after batch, until told to stop."""

import logging
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from flask import current_app

from app import periodic, slots
from app.extensions import db
from app.models.message import SOMEONE_WAITS
from app.models.types import utcnow
from app.notifications.outbox import (
    HandedOver,
    Leased,
    hand_over,
    lease_due,
    lease_length,
    load_leased,
    record_handed,
    renew_lease,
    renew_lease_every,
    send_leased,
)
from app.notifications.providers import providers_from_config
from app.notifications.wakeup import Listener
from app.operations import heartbeat, jobs

log = logging.getLogger("borgerportal.worker")

# How often the code lane looks for codes to send where nothing wakes it (SQLite has no NOTIFY):
# half a second on average before a code leaves, for two small indexed queries per poll.
CODE_POLL_SECONDS = 0.5
# Seconds between two commits of what the sending threads handed over: at 500 messages a second,
# ~100 messages per commit instead of a commit each.
RECORD_EVERY = 0.2
# Unsent messages per sending thread left when the next batch is leased: at 0.1 s a message,
# ~0.3 s of work for the threads, more than RECORD_EVERY and the lease between two looks.
LEASE_AHEAD = 3


def run_once(
    now: datetime | None = None, batch: int | None = None, providers=None, stop: threading.Event | None = None
) -> int:
    """Lease and send every due message, batch by batch. Returns how many were handled.

    A batch (OUTBOX_LEASE_BATCH, 500) is handed to the provider by OUTBOX_SEND_THREADS threads
    (64) at once: each call waits ~0.1 s for Twilio, so one worker sends ~500 a second instead of
    8 threads' 80 (issue 23). The threads only talk to the provider; this thread records what they
    return, many messages per commit, so sending costs no database connection per thread and a
    fraction of the round trips. The next batch is leased while the last messages of one are
    still being sent (`InFlight`). The lease of the unsent messages is renewed, so another worker
    takes them over only when this one has stopped; one taken over meanwhile is not sent by this
    worker. With `stop` set (SIGTERM), it returns after the batch it is sending (about a second);
    the next worker sends the rest. Codes do not wait for a batch: `flask worker` sends them from
    its code lane (`run_forever`).
    """
    config = current_app.config
    providers = providers or providers_from_config(config)
    batch = batch or _batch_size(config)
    lease = uuid.uuid4().hex  # this round's name on the messages it holds
    clock = lambda: now or utcnow()  # noqa: E731
    threads = max(1, config["OUTBOX_SEND_THREADS"])
    handled = 0
    with ThreadPoolExecutor(threads, thread_name_prefix="send") as pool:
        sending = InFlight(pool, providers, lease, clock)
        while True:
            moment = clock()
            # "Send me a code" from the login page, before every batch (`flask worker --once`,
            # and in-memory SQLite, where no code lane runs)
            for queued_work in slots.plugged(slots.BEFORE_EACH_BATCH):
                queued_work(moment)
            leasing_from = time.monotonic()
            leased = lease_due(moment, batch, lease)
            heartbeat.beat(utcnow())  # looked for work (at most every few seconds)
            sending.hand(load_leased(leased), leasing_from)
            handled += len(leased)
            if len(leased) < batch or (stop is not None and stop.is_set()):
                sending.record_until(0)
                return handled
            sending.record_until(LEASE_AHEAD * threads)


def _batch_size(config) -> int:
    """OUTBOX_LEASE_BATCH, or fewer when SMS_PER_SECOND paces the sending: a batch then lasts at
    most ~5 s, so a worker told to stop still stops within seconds."""
    paced = config["SMS_PER_SECOND"]
    batch = max(1, config["OUTBOX_LEASE_BATCH"])
    return min(batch, max(1, paced * 5)) if paced > 0 else batch


class InFlight:
    """The messages handed to the sending threads and not yet recorded. The worker records what
    becomes of them as they come back, every RECORD_EVERY seconds in one commit, and renews the
    lease of those still unsent. The next batch is leased before this one is done (at
    LEASE_AHEAD messages a thread still to go), so the threads never wait for the lease: waiting
    for every batch to finish left most threads idle for its last wave and the lease, ~600 SMS a
    second at most with 64 threads."""

    def __init__(self, pool, providers, lease: str, clock):
        self.pool, self.providers, self.lease, self.clock = pool, providers, lease, clock
        self.futures: dict = {}  # future -> the Leased message it sends
        self.taken_over: set[int] = set()  # by another worker after our lease ran out: not sent by us
        self.renew_at = time.monotonic() + renew_lease_every().total_seconds()
        self.held_from: dict[int, float] = {}  # message id -> when its lease last began (monotonic)
        # Two thirds of a lease: renewals come every third, so one late renewal stops no sending.
        self.hold_seconds = lease_length().total_seconds() * 2 / 3

    def hand(self, messages: list[Leased], leasing_from: float) -> None:
        """To the sending threads, in the order leased (codes first); `leasing_from` is the
        monotonic time just before they were leased."""
        for message in messages:
            self.held_from[message.id] = leasing_from
            provider = self.providers[message.channel]
            self.futures[self.pool.submit(_hand_over_if_held, self, provider, message)] = message

    def still_held(self, message_id: int) -> bool:
        """Ours to send: not taken over, and our lease surely not run out. A worker that stalled
        past its lease (a loaded machine, a paused VM) would otherwise send what the worker that
        took the message over sends too; left unsent, it is leased again and looked up first."""
        held_from = self.held_from.get(message_id, float("-inf"))
        return message_id not in self.taken_over and time.monotonic() < held_from + self.hold_seconds

    def record_until(self, left: int) -> None:
        """Record what comes back until at most `left` messages are still unsent."""
        while len(self.futures) > left:
            done, _ = wait(self.futures, timeout=RECORD_EVERY)
            handed = [(self.futures.pop(future), future.result()) for future in done]
            for message, _ in handed:
                self.held_from.pop(message.id, None)
            record_handed(
                [(message, outcome) for message, outcome in handed if outcome], self.lease, self.clock()
            )
            if self.futures and time.monotonic() >= self.renew_at:
                self._renew()

    def _renew(self) -> None:
        renewing_from = time.monotonic()
        unsent = [message.id for message in self.futures.values()]
        held = renew_lease(unsent, self.lease, self.clock())
        self.taken_over.update(set(unsent) - held)
        self.held_from.update(dict.fromkeys(held, renewing_from))
        self.renew_at = time.monotonic() + renew_lease_every().total_seconds()


def _hand_over_if_held(sending: InFlight, provider, message: Leased) -> HandedOver | None:
    """In a sending thread: hand the message over while this worker still holds it."""
    return hand_over(provider, message) if sending.still_held(message.id) else None


def _send_one_by_one(leased: list[int], providers, lease: str, clock) -> None:
    renew_at = time.monotonic() + renew_lease_every().total_seconds()
    for position, message_id in enumerate(leased):
        send_leased(message_id, providers, clock(), lease)
        if time.monotonic() >= renew_at:
            renew_lease(leased[position + 1 :], lease, clock())
            renew_at = time.monotonic() + renew_lease_every().total_seconds()


def _one_connection() -> bool:
    """In-memory SQLite: one connection that no two threads may use at once."""
    url = db.engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def run_cycle(now: datetime | None = None, providers=None) -> int:
    """One reminder sweep, then send what is due: what `flask worker --once` does."""
    sweep_reminders(now or utcnow())
    return run_once(now=now, providers=providers)


def sweep_reminders(now: datetime) -> dict[str, object]:
    """Run every periodic job the features registered (app/periodic.py): the reminders (job
    search, Min Plan, recovery, helpers' access ending), then the clean-ups (uploads nobody
    handed in, ended sessions, spent rate-limit counters, what logging in kept for a while)."""
    return periodic.run_all(now)


def sweep_unless_another_worker_does(recent: timedelta) -> bool:
    """One sweep, unless another worker is sweeping now or finished one within `recent`
    (PostgreSQL: both workers due at once, one sweeps). Returns whether this one swept."""
    with periodic.one_at_a_time() as ours:
        if not ours or _swept_by_anyone_since(utcnow() - recent):
            log.info("sweep left to another worker")
            return False
        with jobs.job("sweep") as sweep:
            sweep_reminders(utcnow())
        heartbeat.swept(utcnow(), sweep.seconds)
        return True


def _swept_by_anyone_since(moment: datetime) -> bool:
    if db.engine.dialect.name != "postgresql":
        return False  # SQLite: one worker; its own schedule decides
    last = heartbeat.last_sweep()
    return last is not None and last >= moment


def run_forever(interval: float = 5.0, stop: threading.Event | None = None) -> None:
    """Loop until SIGTERM/SIGINT (or `stop`): the current message is finished, none is lost.

    Every REMINDER_SWEEP_SECONDS the round starts with a reminder sweep, so reminders are
    queued and sent by the same process; with several workers on PostgreSQL, only one of those
    due at the same time sweeps.
    """
    stop = stop or _stop_on_signals()
    providers = providers_from_config(current_app.config)
    sweep_every = current_app.config["REMINDER_SWEEP_SECONDS"]
    log.info("worker started; sending every %.0f s, reminders every %.0f s", interval, sweep_every)
    last_sweep = float("-inf")  # sweep at once: monotonic time starts near 0 on a fresh machine
    lane = _start_code_lane(interval, stop)
    # Without a code lane, a queued code wakes this loop instead (PostgreSQL)
    listener = Listener(db.engine) if lane is None else None
    if listener:
        listener.listen()  # before the first round: a code queued during it wakes the next
    try:
        while not stop.is_set():
            last_sweep = _round(providers, sweep_every, last_sweep, stop)
            if listener:
                listener.wait(interval, stop)  # a queued code ends the wait (PostgreSQL)
            else:
                stop.wait(interval)
    finally:
        if listener:
            listener.close()
        if lane:
            lane.join()


def _start_code_lane(interval: float, stop: threading.Event) -> threading.Thread | None:
    """Codes and answers someone waits for go out from a thread of their own, so they wait
    neither for a reminder sweep nor for a batch of thousands of reminders (issue 23: 4.6 s
    median, 9.5 s max during a sweep of 100,000 citizens). None with in-memory SQLite, whose one
    connection two threads may not share: there the main loop sends them before each batch."""
    if _one_connection():
        return None
    app = current_app._get_current_object()
    lane = threading.Thread(target=_code_lane, args=(app, interval, stop), name="code-lane", daemon=True)
    lane.start()
    return lane


def _code_lane(app, interval: float, stop: threading.Event) -> None:
    """Until `stop`: send what someone waits for, then wait for a queued code (PostgreSQL's
    NOTIFY, polling `interval` as a fallback) or, on SQLite, poll every CODE_POLL_SECONDS."""
    with app.app_context():
        # Providers of its own: a code does not queue behind the reminders' SMS_PER_SECOND slots
        # (codes are few; the account's limit is not at stake).
        providers = providers_from_config(app.config)
        listener = Listener(db.engine)
        listener.listen()
        poll = interval if listener.listens else min(interval, CODE_POLL_SECONDS)
        try:
            while not stop.is_set():
                with jobs.job("send_codes") as sending:  # logged like the main loop's "send"
                    sending.fields["messages"] = send_waited_for(providers)
                listener.wait(poll, stop)
        finally:
            listener.close()
            db.session.remove()


def send_waited_for(providers, batch: int = 20) -> int:
    """One round of the code lane: turn the login page's code requests into messages, then lease
    and send the due messages someone waits for, batch by batch. Returns how many were sent."""
    sent = 0
    try:
        while True:
            moment = utcnow()
            for queued_work in slots.plugged(slots.BEFORE_EACH_BATCH):
                queued_work(moment)
            lease = uuid.uuid4().hex
            leased = lease_due(moment, batch, lease, priority=SOMEONE_WAITS)
            _send_one_by_one(leased, providers, lease, utcnow)
            sent += len(leased)
            if len(leased) < batch:
                return sent
    except Exception:  # the database may be away for a moment; the next round tries again
        log.exception("sending codes failed")
        db.session.rollback()
        return sent
    finally:
        db.session.remove()


def _round(providers, sweep_every: float, last_sweep: float, stop: threading.Event) -> float:
    """Sweep when due, then send what is due. Returns when the last sweep was (monotonic)."""
    try:
        if time.monotonic() - last_sweep >= sweep_every:
            sweep_unless_another_worker_does(timedelta(seconds=sweep_every / 2))
            last_sweep = time.monotonic()
        with jobs.job("send") as sending:
            sending.fields["messages"] = run_once(providers=providers, stop=stop)
    except Exception:  # the database may be away for a moment; try again next round
        log.exception("worker round failed")
        db.session.rollback()
    db.session.remove()
    return last_sweep


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop
