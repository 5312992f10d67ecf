"""Waking the workers when someone waits for a message (a login code), instead of letting the
code sit until the next poll (up to the worker's interval, 5 s by default).

On PostgreSQL the transaction that queues such a message (or a request for a login code) also
sends `NOTIFY`; PostgreSQL delivers it when that transaction commits, and never when it rolls
back, so a woken worker always finds the row. Each worker keeps a connection of its own that
`LISTEN`s, and waits on it between rounds. Polling stays: a worker whose listening connection
is lost waits out its interval as before and listens again when it can. SQLite has no
notifications: there the worker only polls.

psycopg is imported where a listening connection is used, not with this module: on SQLite it is
never needed, and importing it cost ~0.1 CPU s in every process that builds the app (on
PostgreSQL, SQLAlchemy has imported it already).
"""

import contextlib
import logging
import threading
import time
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.extensions import db

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("borgerportal.worker")

CHANNEL = "borgerportal_outbox"
SLICE = 0.5  # seconds; how soon a waiting worker notices it was told to stop


def wake_workers() -> None:
    """In the caller's transaction: the listening workers wake when it commits (PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"NOTIFY {CHANNEL}"))


class Listener:
    """A worker's listening connection. `wait` returns early when a notification arrives."""

    def __init__(self, engine: Engine):
        self.listens = engine.dialect.name == "postgresql"
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.connection: psycopg.Connection | None = None

    def listen(self) -> None:
        """Start listening now, if the database can (on failure, `wait` tries again)."""
        if self.listens:
            import psycopg

            try:
                self._listening()
            except psycopg.Error:
                self.close()

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Wait up to `seconds` (less when `stop` is set). Returns whether a notification came."""
        if not self.listens:
            stop.wait(seconds)
            return False
        import psycopg

        try:
            return self._wait_for_notification(seconds, stop)
        except psycopg.Error:  # the database went away; poll until it is back
            log.warning("listening for queued codes failed; polling every %.1f s", seconds)
            self.close()
            stop.wait(seconds)
            return False

    def _wait_for_notification(self, seconds: float, stop: threading.Event) -> bool:
        connection = self._listening()
        deadline = time.monotonic() + seconds
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            if any(True for _ in connection.notifies(timeout=min(left, SLICE), stop_after=1)):
                for _ in connection.notifies(timeout=0):  # several codes at once: one round
                    pass
                return True
        return False

    def _listening(self) -> "psycopg.Connection":
        import psycopg

        if self.connection is None or self.connection.closed:
            self.connection = psycopg.connect(self.conninfo, autocommit=True)
            self.connection.execute(f"LISTEN {CHANNEL}")
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            import psycopg

            with contextlib.suppress(psycopg.Error):
                self.connection.close()
            self.connection = None
