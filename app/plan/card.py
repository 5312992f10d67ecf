"""What the citizen's front page says about Min Plan."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _

from app.models import Citizen, PlanVersion
from app.plan import services
from app.rules import plan as rules
from app.rules.dates import danish_today


@dataclass(frozen=True)
class PlanCard:
    version: PlanVersion | services.VersionInForce | None
    must_acknowledge: bool
    acknowledge_by: date | None
    today: date

    @property
    def late(self) -> bool:
        return bool(self.acknowledge_by and self.today > self.acknowledge_by)

    @property
    def needs_action(self) -> bool:
        """A to-do only for citizens who must confirm receipt; reading is optional for others."""
        return bool(self.version and self.must_acknowledge and not self.version.receipt("acknowledged"))

    @property
    def unread(self) -> bool:
        return bool(self.version and not self.version.receipts)


def plan_card(citizen: Citizen, today: date, version_in_force=services.current_version) -> PlanCard:
    version = version_in_force(citizen)
    by = None
    if version is not None:
        by = rules.acknowledge_by(version.published_at, services.settings_for(citizen))
    return PlanCard(version, services.must_acknowledge(citizen), by, today)


@dataclass(frozen=True)
class StaffPlanSummary:
    version: PlanVersion | None
    state: str | None  # services.delivery_state of the current version
    has_draft: bool


def staff_plan_summary(citizen: Citizen) -> StaffPlanSummary:
    version = services.current_version(citizen)
    return StaffPlanSummary(
        version, services.delivery_state(version) if version else None, services.draft_of(citizen) is not None
    )


def staff_panel(citizen: Citizen, _now: datetime) -> StaffPlanSummary:
    return staff_plan_summary(citizen)


def front_page_card(citizen: Citizen, now: datetime):
    """The card with the version in force as plain values: the front page only shows it."""
    return plan_card(citizen, danish_today(now), services.version_in_force_for_front_page)


def to_do_items(plan: PlanCard, name: str | None) -> list[str]:
    """The front page's task about the plan (see account/todo.py)."""
    if plan.needs_action and plan.late:
        if name:
            return [_("%(name)s must confirm now that the new plan has been received.", name=name)]
        return [_("Confirm now that you have received your new plan.")]
    if plan.needs_action:
        by = format_date(plan.acknowledge_by, "long")
        if name:
            return [
                _(
                    "%(name)s must confirm that the new plan has been received, by %(date)s.",
                    name=name,
                    date=by,
                )
            ]
        return [_("Confirm that you have received your new plan, by %(date)s.", date=by)]
    return []
