"""What the citizen's front page says about Min Plan."""

from dataclasses import dataclass
from datetime import date

from app.models import Citizen, PlanVersion
from app.plan import services
from app.rules import plan as rules


@dataclass(frozen=True)
class PlanCard:
    version: PlanVersion | None
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


def plan_card(citizen: Citizen, today: date) -> PlanCard:
    version = services.current_version(citizen)
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
