"""What the staff citizen page shows about job search, and the forms it offers."""

from dataclasses import dataclass
from datetime import datetime

from app.job_search import follow_up, services
from app.job_search.card import JobSearchCard, job_search_card
from app.job_search.forms import EndExemptionForm
from app.models import Citizen, Exemption, FollowUpDecision, JobSearchConfirmation
from app.models.types import utcnow
from app.rules.dates import danish_today


@dataclass(frozen=True)
class StaffPanel:
    card: JobSearchCard
    exemptions: list[Exemption]
    confirmations: list[JobSearchConfirmation]
    decisions: list[FollowUpDecision]


def staff_panel(citizen: Citizen, now: datetime) -> StaffPanel:
    return StaffPanel(
        card=job_search_card(citizen, now),
        exemptions=sorted(citizen.exemptions, key=lambda e: e.starts_on, reverse=True),
        confirmations=services.confirmations_of(citizen)[:10],
        decisions=follow_up.decisions_of(citizen),
    )


def end_forms_for(citizen: Citizen) -> dict[int, EndExemptionForm]:
    """A form to end each exemption that has not ended yet, by the exemption's id."""
    today = danish_today(utcnow())
    return {e.id: EndExemptionForm(e) for e in citizen.exemptions if e.ends_on is None or e.ends_on >= today}
