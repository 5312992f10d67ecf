"""Logging in with one-time codes: the codes, the requests for one, and the wrong tries counted
per browser. The rules are in app/rules/login.py and app/auth/services.py."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class OneTimeCode(db.Model):
    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("helpers.id"), index=True)
    # "login" (10 minutes, by SMS or e-mail), "letter" (14 days, printed by staff) or
    # "verify" (proves the citizen holds `target`, a new phone number or e-mail address)
    purpose: Mapped[str] = mapped_column(String(20), default="login")
    target: Mapped[str | None] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(100))  # never the code itself
    channel: Mapped[str] = mapped_column(String(10))
    # The keyed name of the browser that asked for the code: only that browser may use it.
    # None: an open code (a letter, or sent by staff) that any browser may type; it is long.
    client: Mapped[str | None] = mapped_column(String(64))
    # Wrong codes compared with this one, from every browser together (an open code stops
    # working after rules.WRONG_TRIES_PER_OPEN_CODE).
    wrong_tries: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def is_live(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


class CodeTries(db.Model):
    """Codes one browser has tried for one login in a row, and its pause after too many.

    `login` is the keyed name of what was logged in to (the CPR number as typed, registered or
    not, or a staff user or helper), `client` the keyed name of the browser. Another browser,
    the citizen's own, has a row of its own and is never paused by this one."""

    __tablename__ = "code_tries"
    __table_args__ = (UniqueConstraint("login", "client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    tries: Mapped[int] = mapped_column(default=0)
    last_try_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CodeRequest(db.Model):
    """ "Send me a code", as typed on the login page, waiting for the worker.

    The web request only records it, the same for every CPR number, so neither the answer nor
    its time tells whether the number is registered. The worker looks the citizen up, sends the
    code and erases the CPR number; the row stays a day so the browser that asked can be told if
    the code could not be sent."""

    __tablename__ = "code_requests"
    __table_args__ = (Index("ix_code_requests_waiting", "done_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)  # keyed name of the browser
    channel: Mapped[str] = mapped_column(String(10))  # sms | email | letter
    sealed_cpr: Mapped[str | None] = mapped_column(Text)  # app.sealing; None once handled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)  # see Meeting
