"""Min Plan: who must confirm receipt, and when the one reminder goes out.

Pure functions on plain values. Rules: DOMAIN.md, "Min Plan" and "Target groups and their
duties" (only the groups obliged to use the self-service site confirm receipt; for the others
the plan is valid only once the jobcenter has delivered it by digital post or letter).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.rules.dates import DANISH_TIME, danish_today
from app.rules.settings import from_section
from app.rules.target_groups import TARGET_GROUPS, duties_for


@dataclass(frozen=True)
class PlanSettings:
    reminder_after_days: int = 3  # one reminder if receipt is not confirmed by then

    @classmethod
    def from_settings(cls, settings: dict | None) -> "PlanSettings":
        """Defaults, overridden by a jobcenter's settings["plan"] (unknown keys ignored)."""
        return from_section(cls, settings, "plan")


def acknowledging_groups(duty_overrides: dict | None = None) -> list[str]:
    """The target groups that confirm receipt of their plan, with a jobcenter's overrides."""
    return [group for group in TARGET_GROUPS if duties_for(group, duty_overrides).acknowledge_plan]


def acknowledge_by(published_at: datetime, settings: PlanSettings) -> date:
    """The day the citizen is asked to confirm receipt by; the reminder goes out that day."""
    return danish_today(published_at) + timedelta(days=settings.reminder_after_days)


def published_before_reminder(today: date, settings: PlanSettings) -> datetime:
    """Versions published before this moment are due a reminder today (if still unconfirmed)."""
    last_day = today - timedelta(days=settings.reminder_after_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=DANISH_TIME)
