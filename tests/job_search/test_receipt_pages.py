"""A year of receipts is paged: newest first, 20 a page, with links to newer and older pages,
so no page grows with the citizen's history (issue 23: 31-33 KB for a long history)."""

import re
from datetime import timedelta

from sqlalchemy import insert

from app.extensions import db
from app.models import JobSearchConfirmation
from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.factories import make_citizen
from tests.support.login import log_in

WEEKS = 52


def a_year_of_confirmations(citizen) -> None:
    today = danish_today(utcnow())
    db.session.execute(
        insert(JobSearchConfirmation),
        [
            {
                "citizen_id": citizen.id,
                "due_on": today - timedelta(weeks=week),
                "confirmed_at": utcnow() - timedelta(weeks=week),
                "confirmed_on": today - timedelta(weeks=week),
                "channel": "web",
                "actor_type": "citizen",
                "actor_id": citizen.id,
                "actor_label": citizen.name,
            }
            for week in range(1, WEEKS + 1)
        ],
    )
    db.session.commit()


def receipt_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/min-side/kvitteringer/(\d+)"', page)]


def test_a_year_of_receipts_is_three_pages_newest_first(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()) - timedelta(weeks=60))
    db.session.commit()
    a_year_of_confirmations(citizen)
    log_in(client, twilio, citizen)

    first = client.get("/min-side/kvitteringer?lang=en")
    page = first.get_data(as_text=True)
    assert len(receipt_ids(page)) == 20 and len(first.data) < 15_000
    assert receipt_ids(page) == sorted(receipt_ids(page))  # inserted oldest last: newest has id 1
    assert 'aria-label="Pages of receipts"' in page and "Page 1" in page
    assert "Newer receipts" not in page and 'href="/min-side/kvitteringer?side=2"' in page

    second = client.get("/min-side/kvitteringer?side=2&lang=en").get_data(as_text=True)
    assert len(receipt_ids(second)) == 20 and set(receipt_ids(second)).isdisjoint(receipt_ids(page))
    assert 'href="/min-side/kvitteringer" rel="prev"' in second and "side=3" in second

    last = client.get("/min-side/kvitteringer?side=3&lang=en").get_data(as_text=True)
    assert len(receipt_ids(last)) == WEEKS - 40 and "Older receipts" not in last
    assert "side=2" in last


def test_a_page_past_the_last_goes_back_to_the_newest(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()))
    db.session.commit()
    log_in(client, twilio, citizen)
    assert client.get("/min-side/kvitteringer?side=9").location == "/min-side/kvitteringer"
    page = client.get("/min-side/kvitteringer?side=nonsense&lang=en").get_data(as_text=True)
    assert "You have not confirmed your job search here yet." in page and "Pages of receipts" not in page


def test_arabic_paging_is_translated(app, client, twilio):
    citizen = make_citizen(registered_on=danish_today(utcnow()), language="ar")
    db.session.commit()
    a_year_of_confirmations(citizen)
    log_in(client, twilio, citizen)
    page = client.get("/min-side/kvitteringer").get_data(as_text=True)
    assert "إيصالات أقدم" in page and 'dir="rtl"' in page
