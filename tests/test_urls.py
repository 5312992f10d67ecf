"""Links that leave the portal are built from PUBLIC_BASE_URL, which may carry the path the portal
is mounted at (https://kommune.dk/borger): every link gets that prefix once."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.job_search import reminders
from app.models import JobSearchConfirmation, Message
from app.rules.dates import DANISH_TIME
from app.urls import external_url
from tests.factories import make_citizen, make_jobcenter

BASE = "https://kommune.example.dk/borger"
MONDAY = datetime(2027, 3, 1, 10, tzinfo=DANISH_TIME)  # registered; the heads-up goes on Saturday


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
@pytest.mark.parametrize("base", [BASE, BASE + "/"])
def test_a_base_with_a_path_prefixes_each_link_once(app, base):
    app.config["PUBLIC_BASE_URL"] = base
    assert external_url("sickness.overview") == f"{BASE}/min-side/sygdom/"
    assert external_url("claims.claim", claim_id=7) == f"{BASE}/min-side/udlaeg/7"
    assert external_url("public.landing") == f"{BASE}/"


@pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py
def test_a_base_without_a_path_is_the_site_root(app):
    app.config["PUBLIC_BASE_URL"] = "https://borgerportal.example.dk"
    assert (
        external_url("notifications.twilio_status")
        == "https://borgerportal.example.dk/webhooks/twilio/status"
    )


def test_the_reminder_sms_carries_a_one_tap_link_under_the_prefix_that_confirms(app, client):
    app.config["PUBLIC_BASE_URL"] = BASE
    citizen = make_citizen(make_jobcenter(), registered_on=MONDAY.date())
    db.session.commit()
    saturday_nine = datetime.combine(MONDAY.date() + timedelta(days=5), time(9), tzinfo=DANISH_TIME)
    with time_machine.travel(saturday_nine, tick=False):
        reminders.sweep(saturday_nine)
        sms = db.session.scalars(select(Message).where(Message.purpose == "job_search_heads_up")).one()
        link = re.search(r"https://\S+", sms.body).group(0)
        assert link.startswith(f"{BASE}/j/") and link.count("/borger") == 1
        # Served under the prefix, as behind the proxy: the page's form posts back to the link.
        path = link.removeprefix(BASE)
        page = client.get(path, base_url=f"{BASE}/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        # Over https, Flask-WTF checks that the form came from this site, as a browser says.
        client.post(path, base_url=f"{BASE}/", data={"csrf_token": token}, headers={"Referer": link})
    confirmation = db.session.scalars(select(JobSearchConfirmation)).one()
    assert confirmation.citizen_id == citizen.id and confirmation.channel == "link"
