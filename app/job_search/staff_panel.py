"""What the staff citizen page shows about job search, and the forms it offers."""

from dataclasses import dataclass
from datetime import datetime

from app.job_search import follow_up, services
from app.job_search.card import JobSearchCard, job_search_card
from app.job_search.forms import DecisionForm, DoNotSanctionForm, EndExemptionForm, ExemptionForm
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


def job_search_forms(citizen: Citizen) -> dict:
    """Empty forms for the job-search section; the route replaces one that has errors."""
    today = danish_today(utcnow())
    return {
        "exemption_form": ExemptionForm(prefix="exemption"),
        "end_forms": {
            e.id: EndExemptionForm(e) for e in citizen.exemptions if e.ends_on is None or e.ends_on >= today
        },
        "do_not_sanction_form": DoNotSanctionForm(prefix="dns", reason=citizen.do_not_sanction_reason or ""),
        "decision_form": DecisionForm(prefix="decision"),
    }
