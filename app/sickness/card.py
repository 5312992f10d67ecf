"""What the citizen's front page says about sickness."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from app.models import Citizen, SicknessReport
from app.rules import sickness as rules
from app.rules.dates import danish_today
from app.sickness import services


@dataclass(frozen=True)
class SicknessCard:
    report: SicknessReport | None  # the report without recovery, if the citizen is sick
    today: date

    @property
    def recovery_overdue(self) -> bool:
        """The expected return day has passed: ask the citizen to tell us they are well."""
        return bool(
            self.report
            and rules.recovery_overdue(self.report.expected_return_on, self.report.recovered_on, self.today)
        )


def sickness_card(citizen: Citizen, today: date) -> SicknessCard:
    return SicknessCard(services.open_report(citizen), today)


def front_page_card(citizen: Citizen, now: datetime):
    """The card with the open report as a row of its columns, read past the ORM: the front page
    only shows it, and loading it as an object cost twice as much as reading it."""
    return SicknessCard(services.open_report_row(citizen), danish_today(now))


def to_do_items(sickness: SicknessCard, name: str | None) -> list[str]:
    """The front page's task about sickness (see account/todo.py)."""
    if not sickness.recovery_overdue:
        return []
    if name:
        return [_("Tell us if %(name)s is well again.", name=name)]
    return [_("Tell us if you are well again.")]
