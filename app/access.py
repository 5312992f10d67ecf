"""Every route says who may use it. An architecture test fails on a route that does not.

Later features add `citizen_required`, `staff_required(...)` etc. next to `public`.
"""

from collections.abc import Callable

ACCESS_ATTRIBUTE = "access_rule"


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may use this route."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def access_rule(view: Callable) -> str | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)
