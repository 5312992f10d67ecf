"""Message purposes, each declared once by the feature that sends it.

A purpose is everything the portal knows about one kind of message: its texts per channel
(translated in the recipient's language when rendered), its label in the journal the citizen and
staff read, and how the outbox treats it (priority, quiet hours, letters, codes, fallback). The
outbox, the worker and the journal read these declarations; nothing else lists purposes.

How a feature declares a new purpose:

1. In the feature's own `purposes.py`, add a `Purpose` to its `PURPOSES` tuple:

       MEETING_SUMMONS = Purpose(
           "meeting_summons",
           label=_l("Notice: a meeting with the jobcenter"),
           text=MessageText(sms=_l("…"), subject=_l("…"), email=_l("…")),
           caused_by_others=True,  # staff called the meeting: keeps the quiet hours
       )

   Every text goes through `_l()` with named placeholders (the values come from the `context`
   the sender passes to `enqueue`); run `translate update` and translate it in every language.
   SMS texts must fit two segments (tests/notifications/test_sms_segments.py).
2. In the feature's `plug_in(app)` (see app/slots.py): `declare(app, *PURPOSES)`.
3. Send it with `enqueue("meeting_summons", person, context, now=now)` in the transaction of the
   change that causes it; the route or job commits.

A name may be declared only once in an app; the outbox refuses a purpose nobody declared.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

from app import slots

if TYPE_CHECKING:  # texts.py renders through this registry: no import cycle at run time
    from app.notifications.texts import MessageText

_BY_NAME = "borgerportal.purposes"  # app.extensions key of the {name: Purpose} index


@dataclass(frozen=True)
class Purpose:
    """One kind of message. The flags say how the outbox treats it; the defaults are those of a
    plain notice the citizen caused: sent at once, by the person's preferred channel, falling
    back to the next channel and finally to a letter."""

    name: str  # stored on each message (Message.purpose); never rename one in use
    label: object  # what the journal calls it, true for the citizen and for a helper reading it
    text: "MessageText"
    # An answer to what someone did a moment ago, with the phone in their hand (a code, a
    # receipt, an answer to an SMS): the worker sends it before any reminder.
    someone_waits: bool = False
    # A reminder a sweep queues: it keeps the quiet hours (21-09 Danish time, a jobcenter setting).
    reminder: bool = False
    # Caused by staff or by a helper, not by the citizen a moment ago: nobody waits for it, so it
    # keeps the quiet hours too (a caseworker working late does not wake the citizen).
    caused_by_others: bool = False
    # A letter is worth printing: False when it would arrive after the deadline or after the
    # code expired, or when the notice only points to a page on the portal.
    by_letter: bool = True
    # Carries a one-time code (context["code"]): blanked out once sent; never re-sent after that.
    code: bool = False
    # Proves the person holds this very address (a new phone number): never goes to another one.
    address_bound: bool = False
    # The audited action of a helper this notice tells the citizen about ("Your helper … has …").
    after_helper_action: str | None = None

    def __post_init__(self):
        if self.after_helper_action and not self.caused_by_others:
            raise ValueError(f"{self.name}: a helper's notice is caused by others")

    @property
    def keeps_quiet_hours(self) -> bool:
        return self.reminder or self.caused_by_others


def declare(app: Flask, *purposes: Purpose) -> None:
    """Called by a feature's `plug_in(app)` with the purposes it sends."""
    for purpose in purposes:
        slots.plug(app, slots.MESSAGE_PURPOSES, purpose)
    app.extensions.pop(_BY_NAME, None)  # rebuilt from the slot at the next look-up


def declared(app: Flask | None = None) -> dict[str, Purpose]:
    """Every purpose the features of `app` (default: the running app) declared, by name."""
    app = app or current_app._get_current_object()
    index = app.extensions.get(_BY_NAME)
    if index is None:
        index = app.extensions[_BY_NAME] = _index(app.extensions.get(slots.EXTENSION, {}))
    return index


def _index(contributions: dict) -> dict[str, Purpose]:
    index = {}
    for purpose in contributions.get(slots.MESSAGE_PURPOSES, []):
        if purpose.name in index:
            raise ValueError(f"message purpose {purpose.name!r} is declared twice")
        index[purpose.name] = purpose
    return index


def purpose_named(name: str) -> Purpose:
    """The declaration of `name`; a LookupError names a purpose no feature declared."""
    try:
        return declared()[name]
    except KeyError:
        raise LookupError(f"no feature declares the message purpose {name!r}") from None


def label_of(name: str) -> str:
    """The journal's words for a stored purpose (the name itself for one no longer declared,
    so an old message is never hidden)."""
    purpose = declared().get(name)
    return str(purpose.label) if purpose else name


def helper_notice_after(action: str) -> Purpose | None:
    """The notice the citizen gets when a helper did `action` (None: nothing worth a message)."""
    return next((p for p in declared().values() if p.after_helper_action == action), None)


def actions_with_helper_notice() -> list[str]:
    """The helpers' actions that change the case and that the citizen is told of."""
    return [p.after_helper_action for p in declared().values() if p.after_helper_action]
