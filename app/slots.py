"""Where features plug into the kernel and into each other's pages (the composition root).

The kernel (access, cases, notifications, operations, audit, rules, models ...) imports no
feature, and no feature imports another feature's routes. Instead each feature hands what it
contributes to the app in its `plug_in(app)`: the handler of inbound SMS, a card on the
citizen's front page, a panel on the staff citizen page, the words for its audit details, the
messages it sends. The
factory (app/__init__.py) calls every feature's `plug_in`; the kernel and the pages read the
contributions of the running app with `plugged(slot)`.

Contributions live on the app, not in module globals, so two apps in one process (tests) do not
share them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

EXTENSION = "borgerportal.slots"

# The slots, one per kind of contribution (see the modules that read them).
INBOUND_SMS = "inbound_sms"  # the one handler of SMS citizens send us (notifications/webhooks.py)
FRONT_PAGE = "front_page"  # FrontPageCard: what a feature shows on the citizen's front page
# {detail: fact} or {(detail, action): fact}: the sentence for an audit detail the feature
# records, fact(value, action) (account/event_facts.py)
EVENT_FACTS = "event_facts"
# fn(now): work the web queued for the worker to finish before each batch it sends (the login
# page's "send me a code" requests), so a code never waits behind thousands of reminders
BEFORE_EACH_BATCH = "before_each_batch"
# "https://host": a site outside the portal that a form may lead to by a redirect (the MitID
# broker, where log-out continues); added to the CSP's form-action (security.py)
FORM_TARGETS = "form_targets"
STAFF_PANEL = "staff_panel"  # StaffPanel: what a feature shows on the staff citizen page
# Purpose: each kind of message a feature sends, declared once (app/notifications/purposes.py)
MESSAGE_PURPOSES = "message_purposes"


@dataclass(frozen=True)
class FrontPageCard:
    """What a feature shows on the citizen's front page (account/overview.html): `build(citizen,
    now)` gives the value the template reads as `name`; `to_do(value, name)` the tasks it adds
    to the list at the top, shown when the case allows any of `scopes` (`name` is the citizen's
    first name when a helper reads, else None)."""

    name: str
    build: Callable
    to_do: Callable | None = None
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffPanel:
    """What a feature shows on the staff citizen page (staff/citizen.html): `build(citizen, now)`
    gives the value the template reads as `name`. The page holds no feature's forms: each form
    is on a sub-page of the feature's own, which the panel links to."""

    name: str
    build: Callable


def plug(app: Flask, slot: str, contribution: Callable | object) -> None:
    app.extensions.setdefault(EXTENSION, {}).setdefault(slot, []).append(contribution)


def plugged(slot: str) -> list:
    """What the features plugged into `slot` of the running app, in the order they plugged it."""
    return list(current_app.extensions.get(EXTENSION, {}).get(slot, []))


def the_one(slot: str):
    """The single contribution a slot takes (e.g. one handler of inbound SMS)."""
    found = plugged(slot)
    if len(found) != 1:
        raise LookupError(f"slot {slot!r} takes exactly one contribution, has {len(found)}")
    return found[0]
