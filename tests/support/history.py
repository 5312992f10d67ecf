"""A citizen with a year of history, as bench/page_weight.py weighs pages for (issue 23) and the
page-weight tests check: 52 weekly confirmations, 200 messages and 20 invoices."""

from datetime import timedelta

from sqlalchemy import insert

from app.extensions import db
from app.models import Citizen, Claim, JobSearchConfirmation, Message
from app.models.types import utcnow


def a_year_of_history(citizen: Citizen) -> None:
    """52 weekly confirmations, 200 messages (4 a week) and 20 invoices, as after a year."""
    now = utcnow()
    week = [now - timedelta(weeks=n) for n in range(1, 53)]
    actor = {"actor_type": "citizen", "actor_id": citizen.id, "actor_label": citizen.name}
    db.session.execute(
        insert(JobSearchConfirmation),
        [
            {
                "citizen_id": citizen.id,
                "due_on": w.date(),
                "confirmed_at": w,
                "confirmed_on": w.date(),
                "channel": "web",
                **actor,
            }
            for w in week
        ],
    )
    db.session.execute(
        insert(Message),
        [
            {
                "citizen_id": citizen.id,
                "purpose": "job_search_due",
                "channel": "sms",
                "language": citizen.language,
                "recipient": citizen.phone or "+4520000000",
                "body": "Husk at bekræfte din jobsøgning senest i dag.",
                "status": "delivered",
                "created_at": now - timedelta(days=n * 1.8),
                "sent_at": now - timedelta(days=n * 1.8),
            }
            for n in range(200)
        ],
    )
    db.session.execute(
        insert(Claim),
        [
            {
                "citizen_id": citizen.id,
                "category": "transport",
                "amount_ore": 12_500 + n,
                "invoice_date": week[n].date(),
                "vendor": "DSB",
                "invoice_number": f"Y-{citizen.id}-{n}",
                "description": "Månedskort",
                "status": "approved",
                "submitted_at": week[n],
                **actor,
            }
            for n in range(20)
        ],
    )
