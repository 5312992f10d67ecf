"""The SMS provider speaks Twilio's API as the official `twilio` client does: the loopback stub
receives the same requests from both (method, path, form fields, auth), and Twilio's refusals
become the same failures with the same words. The provider no longer sends through the
official client (a third of the CPU per SMS, issue 23), so the client is the reference here."""

import logging
from datetime import timedelta

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from app.models.types import utcnow
from app.notifications.providers import Outgoing, PermanentFailure, TemporaryFailure
from app.notifications.providers.twilio_sms import LOOK_BACK, TwilioSmsProvider
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN

SENDER = "+4570000000"
CALLBACK = "https://portal.example.dk/twilio/status"
# Letters outside ASCII and characters a form must escape: the body is encoded as Twilio's client does.
TEXT = "Husk at bekræfte din jobsøgning: https://portal.example.dk/j/a+b?c=d&e Ваш код"


@pytest.fixture
def official(stub):
    quiet = logging.getLogger("tests.twilio_client")
    quiet.setLevel(logging.WARNING)
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=TwilioHttpClient(logger=quiet))
    client.api.base_url = stub.base_url
    return client


@pytest.fixture
def provider(stub):
    return TwilioSmsProvider(ACCOUNT_SID, AUTH_TOKEN, SENDER, stub.base_url, status_callback=CALLBACK)


def test_a_message_reaches_twilio_as_the_official_client_sends_it(stub, official, provider):
    official.messages.create(to="+4531000001", from_=SENDER, body=TEXT, status_callback=CALLBACK)
    sid = provider.send(Outgoing("+4531000001", "", TEXT))
    by_client, by_provider = stub.seen
    assert by_provider == by_client
    assert by_provider.method == "POST"
    assert by_provider.form == {"To": "+4531000001", "From": SENDER, "Body": TEXT, "StatusCallback": CALLBACK}
    assert by_provider.headers["Authorization"].startswith("Basic ")
    assert sid == stub.received[1].sid and stub.received[1].body == TEXT


def test_the_look_up_after_a_crash_asks_twilio_as_the_official_client_does(stub, official, provider):
    since = utcnow() - timedelta(minutes=2)
    sid = provider.send(Outgoing("+4531000002", "", TEXT))
    listed = official.messages.list(to="+4531000002", from_=SENDER, limit=LOOK_BACK)
    assert provider.find_sent(Outgoing("+4531000002", "", TEXT), since=since) == sid == listed[0].sid
    by_client, by_provider = list(stub.seen)[1:]
    assert by_provider == by_client and by_provider.method == "GET"
    assert provider.find_sent(Outgoing("+4531000002", "", "another text"), since=since) is None
    later = utcnow() + timedelta(minutes=1)
    assert provider.find_sent(Outgoing("+4531000002", "", TEXT), since=later) is None


@pytest.mark.parametrize(
    ("status", "code", "text", "failure"),
    [
        (400, 21211, "Invalid 'To' Phone Number", PermanentFailure),
        (400, 21610, "Attempt to send to unsubscribed recipient", PermanentFailure),
        (401, 20003, "Authenticate", PermanentFailure),
        (429, 20429, "Too Many Requests", TemporaryFailure),
        (500, 20500, "Internal error", TemporaryFailure),
        (503, 20503, "Service unavailable", TemporaryFailure),
    ],
)
def test_a_refusal_is_temporary_or_permanent_in_the_official_clients_words(
    stub, official, provider, status, code, text, failure
):
    stub.fail_next(status, code, text)
    with pytest.raises(TwilioRestException) as by_client:
        official.messages.create(to="+4531000003", from_=SENDER, body=TEXT)
    stub.fail_next(status, code, text)
    with pytest.raises(failure) as by_provider:
        provider.send(Outgoing("+4531000003", "", TEXT))
    error = by_client.value
    assert str(by_provider.value) == f"Twilio {error.status} {error.code}: {error.msg}"


def test_no_answer_from_twilio_is_a_temporary_failure(stub, provider):
    stub.stop()
    with pytest.raises(TemporaryFailure, match="Twilio unreachable"):
        provider.send(Outgoing("+4531000004", "", TEXT))
    with pytest.raises(TemporaryFailure, match="Twilio unreachable"):
        provider.find_sent(Outgoing("+4531000004", "", TEXT), since=utcnow())
