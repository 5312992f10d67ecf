"""Every SMS, in every language, filled in as it is really sent (a realistic name, the real kind of
link for its purpose, a date), fits in two segments; a login or confirmation code in one.

Segments as the networks count them (app.rules.sms.segments): GSM-7 with its extension table
(160 characters, 153 a part when split, an extension character counts twice), else UCS-2 (70, 67)."""

from datetime import date
from types import SimpleNamespace

import pytest

from app.i18n import in_language
from app.job_search import links as job_search_links
from app.mandates import invitations
from app.notifications.texts import render
from app.notifications.webhooks import UNKNOWN_SENDER
from app.rules.sms import segments
from tests.notifications.declared import PURPOSES
from tests.pages import LANGUAGES

pytestmark = pytest.mark.engine_independent  # no SQL: checked by tests/conftest.py

BASE = "https://borgerportal.aarhus.dk"
ONE_SEGMENT = {"login_code", "verify_contact"}

# The link each purpose really carries (see where it is enqueued).
LINK_PATHS = {
    "helper_access_granted": "/hjaelper/",
    "helper_access_requested": "/min-side/hjaelpere/",
    "mandate_expiring": "/min-side/hjaelpere/",
    "plan_published": "/min-side/plan/",
    "plan_published_read": "/min-side/plan/",
    "plan_comment_answered": "/min-side/plan/",
    "plan_reminder": "/min-side/plan/",
    "sickness_recovery_reminder": "/min-side/sygdom/",
    "claim_decided": "/min-side/udlaeg/4821",
    "data_export_ready": "/min-side/aktivitet",
    "helper_data_export_ready": "/hjaelper/",
    **{
        purpose: "/min-side/samtaler/48213"
        for purpose in (
            "meeting_summons",
            "meeting_moved",
            "meeting_cancelled",
            "meeting_reminder",
            "meeting_cannot_come_receipt",
        )
    },
}


def realistic_values(app, purpose: str) -> dict:
    app.config["PUBLIC_BASE_URL"] = BASE
    with app.app_context():
        job_search_link = job_search_links.link_for(48213, date(2026, 12, 13))
        invitation_link = invitations.link_for(SimpleNamespace(id=4821))
    if purpose == "helper_invitation":
        link = invitation_link
    elif purpose.startswith("helper_") and purpose not in LINK_PATHS:
        link = f"{BASE}/min-side/aktivitet"
    else:
        link = BASE + LINK_PATHS[purpose] if purpose in LINK_PATHS else job_search_link
    return {
        "code": "483920",
        "date": "13.12.2026",
        "start": "11.12.2026",
        "valid_until": "13.12.2026",
        "time": "06.12.2026 10:14",
        "clock": "10:30",
        "phone": "+45 87 13 50 00",
        "url": f"{BASE}/",
        "link": link,
        "reference": "JS-0048213",
        "yes": "JA",
        "helper": "Fatima Al-Hassan",
        "citizen": "Mette Kristensen",
        "digits": "3499",
    }


SMS_PURPOSES = sorted(name for name, purpose in PURPOSES.items() if purpose.text.sms is not None)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", SMS_PURPOSES)
def test_every_sms_fits_in_two_segments_and_a_code_in_one(app, purpose, lang):
    values = realistic_values(app, purpose)
    limit = 1 if purpose in ONE_SEGMENT else 2
    unnamed = PURPOSES[purpose].text.unnamed is not None  # also sent naming the helper by phone digits
    for named in (values, {k: v for k, v in values.items() if k != "helper"})[: 1 + unnamed]:
        _, body = render(purpose, "sms", lang, named)
        assert segments(body) <= limit, f"{purpose} in {lang}: {segments(body)} segments, {len(body)}: {body}"


def test_the_answer_to_an_unknown_number_fits_in_two_segments(app):
    """Built in the webhook, not in texts.py: Danish and English side by side."""
    body = " / ".join(in_language(UNKNOWN_SENDER, language) for language in ("da", "en"))
    assert segments(body) <= 2, body
