"""Confirming must not look like nothing happened (issue 17). Mette, registered on Thursday
6 December, due 13 December, confirms at 10.14 the same day: her next due date is again
13 December (7 days after the confirmation). Every place she or staff read it says what
happened and when she can confirm next, and her front page changes."""

import re
from datetime import datetime, timedelta

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.job_search import services
from app.job_search.links import token_for
from app.models import JobSearchConfirmation
from app.notifications import worker
from app.rules.dates import DANISH_TIME
from tests.factories import make_citizen, make_jobcenter, make_staff
from tests.support.forms import csrf_token, submit
from tests.support.login import signed_in_as
from tests.support.sms import reply_sms

NOW = datetime(2029, 12, 6, 10, 14, tzinfo=DANISH_TIME)
HAPPENED = "Du bekræftede i dag 6. december 2029 kl. 10.14."
NEXT_TIME = "Næste gang: senest 13. december 2029 — du kan bekræfte fra 11. december 2029."


def _mette(**fields):
    citizen = make_citizen(make_jobcenter(), name="Mette Hansen", registered_on=NOW.date(), **fields)
    db.session.commit()
    return citizen


def _job_search_card(page: str) -> str:
    card = re.search(
        r'<section class="duty-card duty-card--\w+" aria-labelledby="job-search-title">.*?</section>',
        page,
        re.S,
    )
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", card.group(0))


def test_the_receipt_and_the_front_page_say_what_happened_and_what_comes_next(app, client, twilio):
    with time_machine.travel(NOW, tick=False):
        citizen = _mette()
        signed_in_as(client, citizen)
        before = _job_search_card(client.get("/min-side/?lang=da").get_data(as_text=True))
        assert "Bekræft din jobsøgning" in before and "senest 13. december 2029" in before
        answer = submit(client, "/min-side/bekraeft-jobsoegning", {}, form_page="/min-side/")
        receipt = client.get(answer.location + "?lang=da").get_data(as_text=True)
        assert HAPPENED in receipt and NEXT_TIME in receipt
        assert "Gælder fristen" not in receipt
        after = _job_search_card(client.get("/min-side/?lang=da").get_data(as_text=True))
    assert after != before
    assert "Din jobsøgning er bekræftet" in after and HAPPENED in after and NEXT_TIME in after
    assert "Bekræft mellem" not in after and "Bekræft jobsøgning</button>" not in after


def test_an_older_receipt_says_on_which_day_and_only_the_latest_says_what_comes_next(app, client, twilio):
    with time_machine.travel(NOW, tick=False):
        citizen = _mette()
        first = services.confirm(citizen, "web", services.Actor.of_citizen(citizen), NOW)
    later = NOW + timedelta(days=6)
    with time_machine.travel(later, tick=False):
        signed_in_as(client, citizen)
        page = client.get(f"/min-side/kvitteringer/{first.confirmation.id}?lang=da").get_data(as_text=True)
        assert "Du bekræftede den 6. december 2029 kl. 10.14." in page
        assert "Næste gang: senest 13. december 2029. Du kan bekræfte nu." in page
        second = services.confirm(citizen, "web", services.Actor.of_citizen(citizen), later)
        page = client.get(f"/min-side/kvitteringer/{first.confirmation.id}?lang=da").get_data(as_text=True)
        assert "Næste gang" not in page  # the next time is on the newest receipt, not an old one
        page = client.get(f"/min-side/kvitteringer/{second.confirmation.id}?lang=da").get_data(as_text=True)
        assert "Næste gang: senest 19. december 2029 — du kan bekræfte fra 17. december 2029." in page


def test_the_one_tap_link_receipt_says_the_same(app, client):
    with time_machine.travel(NOW, tick=False):
        citizen = _mette()
        path = f"/j/{token_for(citizen.id, NOW.date() + timedelta(days=7))}?lang=da"
        page = client.post(path, data={"csrf_token": csrf_token(client, path)}).get_data(as_text=True)
        assert HAPPENED in page and NEXT_TIME in page and "Gælder fristen" not in page
        reused = client.get(path).get_data(as_text=True)  # the same link opened again later that day
        assert HAPPENED in reused and NEXT_TIME in reused


def test_the_sms_receipt_says_from_when_to_confirm_next(app, client, twilio):
    with time_machine.travel(NOW, tick=False):
        citizen = _mette()
        reply_sms(client, citizen.phone, "JA")
        worker.run_once()
    reference = db.session.scalars(select(JobSearchConfirmation)).one().reference
    assert twilio.received[-1].body == (
        f"Borgerportal: Du bekræftede din jobsøgning 06.12.2029 10:14. Kvittering {reference}. "
        "Næste gang: senest 13.12.2029 (du kan bekræfte fra 11.12.2029)."
    )


def test_staff_see_when_it_was_confirmed_and_from_when_the_citizen_can_confirm_next(app, client, smtp):
    with time_machine.travel(NOW, tick=False):
        citizen = _mette()
        staff = make_staff(citizen.jobcenter, role="front_desk")
        db.session.commit()
        signed_in_as(client, staff)
        page = f"/medarbejder/borger/{citizen.id}"
        before = client.get(page + "?lang=da").get_data(as_text=True)
        assert "Frist 13. december 2029" in before
        submit(client, f"{page}/bekraeft-jobsoegning", {}, form_page=page)
        after = client.get(page + "?lang=da").get_data(as_text=True)
    expected = (
        "Bekræftet 06.12.2029 10.14. Næste frist 13. december 2029; "
        "borgeren kan bekræfte fra 11. december 2029."
    )
    assert expected in after
