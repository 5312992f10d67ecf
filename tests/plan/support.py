"""Publishing plans through the staff pages, as a caseworker does."""

from sqlalchemy import select

from app.extensions import db
from app.models import PlanVersion
from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.support.forms import submit

TRUCK = {
    "title": "Truckkørekort",
    "provider": "AMU Hovedstaden",
    "starts_on": "2027-01-04",
    "ends_on": "2027-01-29",
    "hours_per_week": "30",
    "is_duty": "duty",
    "purpose": "Du får et certifikat, som mange lagre kræver.",
    "gain": "Truckcertifikat B",
}
DANISH = {
    "title": "Dansk for voksne",
    "provider": "Sprogcenter",
    "starts_on": "2027-02-01",
    "hours_per_week": "7,5",
    "is_duty": "voluntary",
    "purpose": "Bedre dansk på jobbet.",
}


def plan_form(goals="Job som lagerarbejder inden sommer.", activities=(TRUCK,), action="publish", **fields):
    data = {
        "goals": goals,
        "job_search_requirements": "Søg 2 job om ugen.",
        "contact_person": "Kim Hansen, 70 12 34 56",
        "mentor": "",
        "action": action,
        **fields,
    }
    for index, activity in enumerate(activities):
        data |= {f"activities-{index}-{name}": value for name, value in activity.items()}
    return data


def publish(client, citizen, **form):
    path = f"/medarbejder/borger/{citizen.id}/plan/ny"
    return submit(client, path, plan_form(**form))


def versions_of(citizen) -> list[PlanVersion]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PlanVersion).where(PlanVersion.citizen_id == citizen.id).order_by(PlanVersion.id)
        )
    )


def today_iso() -> str:
    return danish_today(utcnow()).isoformat()
