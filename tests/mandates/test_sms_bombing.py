"""Nobody can make the portal text a number over and over, or text numbers it has no business
with: every number someone types is made E.164 before it is counted, must be a mobile number of
an allowed country, and gets at most SMS_PER_NUMBER_PER_DAY texts a day, whichever page sent them."""

from app.extensions import db
from app.models import Message
from app.models.types import utcnow
from app.notifications import worker
from app.rules.dates import danish_today
from app.rules.mandates import default_end
from tests.factories import make_citizen, make_jobcenter
from tests.mandates.support import in_english
from tests.support.forms import submit
from tests.support.login import log_in

SPELLINGS = [
    "22 33 44 55",
    "22334455",
    "+4522334455",
    "+45 22 33 44 55",
    "0045 22334455",
    "004522334455",
    "22-33-44-55",
    "+45-2233-4455",
    " 2233 4455 ",
    "(+45) 22 33 44 55",
    "+45 (22) 33 44 55",
    "٢٢٣٣٤٤٥٥",
]


def texts_to(number: str) -> int:
    return db.session.scalar(db.select(db.func.count(Message.id)).where(Message.recipient == number))


def test_twelve_spellings_of_one_number_count_as_one_number(app, twilio):
    """Before: the limit counted the raw text, so 12 spellings x 3 tries sent 36 codes."""
    clients = [in_english(app.test_client()) for _ in SPELLINGS]
    statuses = [
        submit(client, "/hjaelper/log-ind", {"phone": spelling}).status_code
        for _ in range(3)
        for client, spelling in zip(clients, SPELLINGS, strict=True)
    ]
    assert statuses.count(302) == 5 and statuses.count(429) == 31
    assert texts_to("+4522334455") == 5


def test_a_refused_code_request_says_why_and_keeps_the_number(app, client, twilio):
    in_english(client)
    for _ in range(5):
        submit(client, "/hjaelper/log-ind", {"phone": "22 33 44 55"})
    refused = submit(client, "/hjaelper/log-ind", {"phone": "22 33 44 55"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Wait 15 minutes" in page and 'value="+4522334455"' in page


def test_premium_satellite_and_foreign_numbers_get_no_code(app, client, twilio):
    in_english(client)
    for number, why in [
        ("+881631234567", "cannot send text messages to numbers in that country"),
        ("90 12 34 56", "cannot get text messages"),
        ("+1 201 555 0123", "cannot send text messages to numbers in that country"),
        ("+49 30 123456", "cannot get text messages"),
    ]:
        response = submit(client, "/hjaelper/log-ind", {"phone": number})
        assert response.status_code == 422 and why in response.get_data(as_text=True), number
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
    assert submit(client, "/hjaelper/log-ind", {"phone": "+46 70 123 45 67"}).status_code == 302, "EU mobile"


def test_a_jobcenter_chooses_its_countries(app, client, twilio):
    citizen = make_citizen(make_jobcenter(settings={"sms": {"countries": ["DK"]}}), phone="+4520111111")
    db.session.commit()
    log_in(in_english(client), twilio, citizen)
    response = submit(
        client,
        "/min-side/kontakt/telefon",
        {"phone-phone": "+46 70 123 45 67"},
        form_page="/min-side/kontakt",
    )
    assert response.status_code == 422 and "that country" in response.get_data(as_text=True)
    assert submit(client, "/hjaelper/log-ind", {"phone": "+46 70 123 45 67"}).status_code == 422, (
        "no jobcenter allows Sweden now"
    )


def test_a_number_gets_at_most_the_daily_texts_whichever_page_sends_them(app, client, twilio):
    app.config["SMS_PER_NUMBER_PER_DAY"] = 4
    citizen = make_citizen(phone="+4520111111")
    db.session.commit()
    log_in(in_english(client), twilio, citizen)
    contact = "/min-side/kontakt"
    assert (
        submit(client, f"{contact}/telefon", {"phone-phone": "22 33 44 55"}, form_page=contact).status_code
        == 302
    )
    helper_login = app.test_client()
    assert submit(helper_login, "/hjaelper/log-ind", {"phone": "+45 2233 4455"}).status_code == 302
    assert submit(helper_login, "/hjaelper/log-ind", {"phone": "22334455"}).status_code == 302
    ends_on = default_end(danish_today(utcnow())).isoformat()
    invite = {"name": "Fatima", "phone": "22 33 44 55", "scopes": ["view"], "ends_on": ends_on}
    assert submit(client, "/min-side/hjaelpere/inviter", invite).status_code == 302
    response = submit(client, f"{contact}/telefon", {"phone-phone": "22 33 44 55"}, form_page=contact)
    assert response.status_code == 429
    assert "too many text messages to this number today" in response.get_data(as_text=True)
    worker.run_once()
    assert len([sms for sms in twilio.received if sms.to == "+4522334455"]) <= 4
