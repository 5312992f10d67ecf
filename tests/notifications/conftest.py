import pytest

from tests.support.smtp_server import start_smtp_server
from tests.support.twilio_stub import ACCOUNT_SID, AUTH_TOKEN, start_twilio_stub


@pytest.fixture
def twilio(app):
    stub = start_twilio_stub()
    app.config.update(
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM="+4570000000",
        TWILIO_API_BASE_URL=stub.base_url,
    )
    yield stub
    stub.stop()


@pytest.fixture
def stub():
    """A Twilio stub for tests that build their own app (threads, a database file)."""
    stub = start_twilio_stub()
    yield stub
    stub.stop()


@pytest.fixture
def smtp(app):
    controller, mailbox = start_smtp_server()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_FROM="portal@jobcenter.example"
    )
    yield mailbox
    controller.stop()
