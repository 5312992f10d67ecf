"""The journal: every message out (status, delivery time) and every SMS in (with what the portal
did), newest first, 20 a page, on the citizen's messages page and the staff citizen page.

Before, the page showed the newest 50 messages and no inbound SMS at all."""

import re
from datetime import timedelta

from app.extensions import db
from app.models import InboundSms, Message
from app.models.types import utcnow
from tests.factories import make_citizen, make_staff
from tests.rights.support import signed_in


def _journal(citizen, sent: int, received: int):
    """`sent` messages and `received` inbound SMS, one a minute, the inbound ones the newest."""
    start = utcnow() - timedelta(hours=2)
    for number in range(sent):
        db.session.add(
            Message(
                citizen_id=citizen.id,
                purpose="job_search_heads_up",
                channel="sms",
                language="en",
                recipient=citizen.phone,
                body=f"Reminder number {number:02d}",
                status="delivered",
                created_at=start + timedelta(minutes=number),
                sent_at=start + timedelta(minutes=number),
                delivered_at=start + timedelta(minutes=number, seconds=5),
            )
        )
    for number in range(received):
        db.session.add(
            InboundSms(
                provider_ref=f"SM{citizen.id}x{number}",
                sender=citizen.phone,
                body=f"JA tak {number}",
                citizen_id=citizen.id,
                outcome="confirmed",
                received_at=start + timedelta(minutes=sent + number),
            )
        )
    db.session.commit()


def _bodies(page: str) -> list[str]:
    return re.findall(r"(Reminder number \d\d|JA tak \d)", page)


def test_the_citizen_pages_through_every_message_out_and_in(app):
    citizen, other = make_citizen(), make_citizen()
    _journal(citizen, sent=30, received=3)
    _journal(other, sent=2, received=1)
    client = signed_in(app, citizen)
    first = client.get("/min-side/beskeder").get_data(as_text=True)
    assert _bodies(first)[:4] == ["JA tak 2", "JA tak 1", "JA tak 0", "Reminder number 29"]
    assert len(_bodies(first)) == 20 and "Page 1 of 2" in first
    assert "Job search confirmed" in first and "Delivered " in first  # what we did; when delivered
    assert 'rel="next" href="/min-side/beskeder?side=2#journal"' in first and 'rel="prev"' not in first
    second = client.get("/min-side/beskeder?side=2").get_data(as_text=True)
    assert _bodies(second) == [f"Reminder number {n:02d}" for n in range(12, -1, -1)]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    everything = first + second + client.get("/min-side/beskeder?side=99").get_data(as_text=True)
    assert "JA tak 0" in everything and other.phone not in everything


def test_a_page_number_that_is_not_one_shows_the_first_page(app):
    citizen = make_citizen()
    _journal(citizen, sent=3, received=0)
    client = signed_in(app, citizen)
    for asked in ("0", "-1", "abc", "9" * 30):
        response = client.get(f"/min-side/beskeder?side={asked}")
        assert response.status_code == 200 and len(_bodies(response.get_data(as_text=True))) == 3


def test_staff_see_the_inbound_sms_and_page_through_the_journal(app):
    citizen = make_citizen()
    staff = make_staff(citizen.jobcenter, "front_desk")
    _journal(citizen, sent=25, received=1)
    client = signed_in(app, staff)
    overview = client.get(f"/medarbejder/borger/{citizen.id}").get_data(as_text=True)
    assert "SMS from the citizen" in overview and "JA tak 0" in overview  # the newest few
    assert overview.count("Reminder: confirm the job search") == 4
    assert f'href="/medarbejder/borger/{citizen.id}/beskeder"' in overview
    first = client.get(f"/medarbejder/borger/{citizen.id}/beskeder").get_data(as_text=True)
    assert "SMS from the citizen" in first and "JA tak 0" in first and "Job search confirmed" in first
    assert f'href="/medarbejder/borger/{citizen.id}/beskeder?side=2#journal"' in first
    assert first.count("Reminder: confirm the job search") == 19
    second = client.get(f"/medarbejder/borger/{citizen.id}/beskeder?side=2").get_data(as_text=True)
    assert second.count("Reminder: confirm the job search") == 6 and "JA tak 0" not in second
