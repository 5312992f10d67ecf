"""The case a request is about (a kernel module: access, templates and every feature use it): the
signed-in citizen's own, or the case of the citizen a signed-in helper chose to act for. What is
done on a case is recorded by app/case_events.py.

The helper's choice is only a mandate id in the session. It is checked against the database on
every request, so a mandate revoked or expired while the helper is on a page stops working at the
next click.
"""

from dataclasses import dataclass
from datetime import date

from flask import g, session
from sqlalchemy.orm import joinedload

from app.audit import Actor
from app.extensions import db
from app.models import Citizen, Helper, Mandate

ACTING_FOR = "acting_for"  # session key: the id of the mandate a helper acts under


@dataclass(frozen=True)
class Case:
    citizen: Citizen
    actor: Actor  # who is doing things on the case: the citizen, or the helper
    mandate: Mandate | None = None  # set when a helper acts

    def allows(self, *scopes: str) -> bool:
        """The citizen may do everything on their own case; a helper what the mandate grants."""
        return self.mandate is None or self.mandate.allows(*scopes)

    @property
    def by_helper(self) -> bool:
        return self.mandate is not None


def own_case(citizen: Citizen) -> Case:
    return Case(citizen, Actor.of_citizen(citizen))


def chosen_mandate_id() -> int | None:
    value = session.get(ACTING_FOR)
    return value if isinstance(value, int) else None


def helper_case(helper: Helper, today: date) -> Case | None:
    """The case the helper chose, if the mandate is still theirs and in force."""
    mandate_id = chosen_mandate_id()
    # One query for the mandate and its citizen with what the citizen's pages read (jobcenter,
    # exemptions, job-search status, as when the citizen signs in): this runs on every page the
    # helper opens.
    if mandate_id is None:
        return None
    citizen = joinedload(Mandate.citizen)
    options = [citizen.joinedload(Citizen.jobcenter), citizen.joinedload(Citizen.exemptions)]
    options.append(citizen.joinedload(Citizen.job_search_status))
    mandate = db.session.get(Mandate, mandate_id, options=options)
    if mandate is None or mandate.helper_id != helper.id or not mandate.is_live(today):
        return None
    return Case(mandate.citizen, Actor.of_helper(helper), mandate)


def start_acting(mandate: Mandate) -> None:
    session[ACTING_FOR] = mandate.id


def stop_acting() -> None:
    session.pop(ACTING_FOR, None)


def current_case() -> Case | None:
    """The case of this request (set by @case_access), for routes and templates."""
    return g.get("case")


def case_citizen() -> Citizen:
    return g.case.citizen


def case_actor() -> Actor:
    return g.case.actor


def voiced(you: str, helper: str) -> str:
    """The citizen's wording (`you`), or the helper's (`helper`, naming the citizen in the third
    person) when a helper reads the page: a helper is not told "you are reported sick"."""
    case = current_case()
    return helper if case is not None and case.by_helper else you


def about_citizen() -> str | None:
    """The citizen's first name when a helper reads the page, else None (the citizen reads)."""
    case = current_case()
    return case.citizen.first_name if case is not None and case.by_helper else None
