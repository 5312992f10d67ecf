"""Helpers in Chromium: a citizen invites a helper, the helper accepts in another browser,
reports the citizen sick, and the citizen sees the notice and the activity entry. In Danish and
Arabic, at 320 px, with zero axe violations on every page."""

import re

import pytest
from playwright.sync_api import expect

from app.models.types import utcnow
from app.rules.dates import danish_today
from tests.browser.conftest import log_in_in_browser, page_width, run_axe

CASES = {  # language: (demo citizen's CPR, citizen's name, the helper's name and phone)
    "da": ("0101901234", "Mette Hansen", "Sofie Jensen", "+4540112233"),
    "ar": ("0202851234", "Ahmad Al-Sayed", "Yusuf Hassan", "+4540112244"),
}


def checked_by_axe(page, what: str) -> None:
    assert run_axe(page) == [], what
    assert page_width(page) <= page.viewport_size["width"], what


def sms_to(live, phone: str) -> str:
    live.send_queued_messages()
    return [sms for sms in live.twilio.received if sms.to == phone][-1].body


@pytest.mark.parametrize("lang", CASES)
def test_a_helper_is_invited_accepts_and_reports_the_citizen_sick(new_tab, live, lang):
    cpr, citizen_name, helper_name, helper_phone = CASES[lang]
    citizen = new_tab({"width": 320, "height": 640})
    log_in_in_browser(citizen, live, cpr, lang, next_path="/min-side/hjaelpere/")
    expect(citizen.locator("h1")).to_be_visible()
    checked_by_axe(citizen, "helpers page")
    citizen.locator("a[href$='/min-side/hjaelpere/inviter']").click()
    citizen.locator("form[novalidate] button[type=submit]").click()  # nothing filled in: the error summary
    expect(citizen.locator("#error-summary")).to_be_visible()
    checked_by_axe(citizen, "invitation form with errors")
    citizen.locator("#name").fill(helper_name)
    citizen.locator("#phone").fill(helper_phone)
    citizen.locator("input[value=report_sickness]").check()
    citizen.locator("form[novalidate] button[type=submit]").click()
    expect(citizen.locator(".alert-success")).to_be_visible()
    checked_by_axe(citizen, "helpers page with an invitation")

    link = live.url + re.search(r"https?://[^/\s]+(/h/\S+)", sms_to(live, helper_phone)).group(1)
    helper = new_tab({"width": 320, "height": 640})
    helper.goto(f"{link}?lang={lang}")
    checked_by_axe(helper, "invitation before logging in")
    helper.locator("main a.button").click()
    helper.locator("#phone").fill(helper_phone)
    helper.locator("form[novalidate] button[type=submit]").click()
    code = re.search(r"\b(\d{6})\b", sms_to(live, helper_phone)).group(1)
    checked_by_axe(helper, "helper's code page")
    helper.locator("#code").fill(code)
    helper.locator("form[novalidate] button[type=submit]").click()
    expect(helper.locator("button[value=accept]")).to_be_visible()
    checked_by_axe(helper, "invitation")
    helper.locator("button[value=accept]").click()
    expect(helper.locator(".alert-success")).to_be_visible()
    checked_by_axe(helper, "helper's own page")

    helper.locator("form[action*='/hjaelper/hjaelp/'] button").click()
    banner = helper.locator(".acting-banner")
    expect(banner).to_contain_text(citizen_name)
    checked_by_axe(helper, "citizen's front page seen by the helper")
    if lang == "ar":
        assert helper.evaluate("getComputedStyle(document.body).direction") == "rtl"
    helper.locator("a[href$='/min-side/sygdom/']").first.click()
    helper.locator("#first_day").fill(danish_today(utcnow()).isoformat())
    helper.locator("form[action$='/meld-syg'] button").click()
    expect(helper.locator(".alert-success")).to_be_visible()
    expect(banner).to_contain_text(citizen_name)
    checked_by_axe(helper, "sickness receipt seen by the helper")

    assert helper_name in sms_to(live, _citizen_phone(live, cpr))  # "Din hjælper … har indsendt …"
    citizen.goto(f"{live.url}/min-side/?lang={lang}")
    expect(citizen.locator(".helper-news")).to_contain_text(helper_name)
    checked_by_axe(citizen, "front page with the helper's action")
    citizen.goto(f"{live.url}/min-side/aktivitet?lang={lang}")
    expect(citizen.locator("main")).to_contain_text(helper_name)
    checked_by_axe(citizen, "activity page")
    helper.locator(".acting-banner button").click()
    expect(helper.locator(".acting-banner")).to_have_count(0)
    helper.goto(f"{live.url}/hjaelper/bed-om-adgang?lang={lang}")
    helper.locator("form[novalidate] button[type=submit]").click()  # nothing filled in
    expect(helper.locator("#error-summary")).to_be_visible()
    checked_by_axe(helper, "asking for access, with errors")

    citizen.goto(f"{live.url}/min-side/hjaelpere/?lang={lang}")
    citizen.locator("a[href$='/aendr']").first.click()
    citizen.locator("#ends_on").fill("2000-01-01")
    citizen.locator("form[novalidate] button[type=submit]").click()
    expect(citizen.locator("#error-summary")).to_be_visible()
    checked_by_axe(citizen, "changing a helper's access, with errors")


def _citizen_phone(live, cpr: str) -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Citizen

    with live.app.app_context():
        phone = db.session.scalar(select(Citizen.phone).where(Citizen.cpr == cpr))
        db.session.remove()
    return phone
