"""Helpers (a relative or friend with their own login) and their mandates (fuldmagt) to act
for a citizen within scopes, until an end date."""

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.citizen import Citizen
from app.models.staff import StaffUser
from app.models.types import UTCDateTime, utcnow
from app.rules import mandates as rules
from app.rules.contact import last_digits
from app.rules.dates import danish_today
from app.rules.sms import short_name


class Helper(UserMixin, db.Model):
    """A person who logs in with their own phone number to help citizens. They may be a citizen
    too; the two logins are kept apart so nobody ever acts for someone by mistake."""

    __tablename__ = "helpers"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164, the login
    phone_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first code used
    name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="da")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A keyed hash of the CPR number of the MitID identity linked after a code to the phone
    # (app/auth/services.py, mitid_key); None until then.
    mitid_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    email = None  # helpers are reached by SMS only
    preferred_channel = "sms"

    def get_id(self) -> str:
        return f"helper:{self.id}"

    def __repr__(self) -> str:
        return f"<Helper {self.id}>"


class Mandate(db.Model):
    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("helpers.id"), index=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))  # see rules.mandates
    origin: Mapped[str] = mapped_column(String(20))  # invitation | request | paper
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # in force from
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # declined, refused or revoked
    ended_by: Mapped[str] = mapped_column(String(200), default="")  # who, as shown to people
    # A signed paper form registered by staff: the day it was signed and who checked it.
    paper_signed_on: Mapped[date | None] = mapped_column(Date)
    paper_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    expiry_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The helper's name as the citizen (invitation) or staff (paper form) wrote it: the only name
    # the portal's messages to the citizen may use. Empty when the helper asked for access
    # themselves; messages then name the helper by the last digits of their phone.
    helper_name: Mapped[str] = mapped_column(String(200), default="", server_default="")

    citizen: Mapped[Citizen] = relationship()
    helper: Mapped[Helper] = relationship()
    paper_checked_by: Mapped[StaffUser | None] = relationship()

    def allows(self, *scopes: str) -> bool:
        """True when any of `scopes` was granted."""
        return any(scope in self.scopes for scope in scopes)

    def is_live(self, today: date) -> bool:
        return rules.is_live(self.status, self.ends_on, today)

    def has_expired(self, today: date) -> bool:
        return rules.has_expired(self.status, self.ends_on, today)

    def invitation_open(self, now: datetime) -> bool:
        return rules.invitation_open(self.status, self.created_at, now)

    def state(self, now: datetime) -> str:
        return rules.state(self.status, self.ends_on, self.created_at, now, danish_today(now))

    def helper_in_messages(self) -> dict:
        """How messages to the citizen name this helper: {"helper": name on record}, or
        {"digits": the phone's last digits} when nobody but the helper wrote a name."""
        if self.helper_name:
            return {"helper": short_name(self.helper_name)}
        return {"digits": last_digits(self.helper.phone)}

    @property
    def invitation_expires_at(self) -> datetime:
        return self.created_at + rules.INVITATION_LIFETIME
