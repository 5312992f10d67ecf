"""Sending fast without flooding the Twilio account: SMS_PER_SECOND caps what one worker hands
to Twilio in any second, however many sending threads it has; each thread keeps its own
connection to Twilio open (a pool as large as the threads)."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Message
from app.notifications import worker
from app.notifications.providers.twilio_sms import TwilioSmsProvider
from tests.notifications.threaded_sending import app_with_queued_codes

MESSAGES = 12
PER_SECOND = 4


@pytest.fixture
def paced_app(database_url, tmp_path, stub):
    with app_with_queued_codes(
        database_url, tmp_path, stub, "pace", MESSAGES, SMS_PER_SECOND=PER_SECOND
    ) as app:
        yield app


def test_no_second_holds_more_sms_than_the_setting_allows(paced_app, stub):
    assert worker.run_once() == MESSAGES
    sent = db.session.scalar(select(func.count()).select_from(Message).where(Message.status == "sent"))
    assert sent == MESSAGES == len(stub.received)
    moments = sorted(sms.created.timestamp() for sms in stub.received)
    # Any window of a second: at most PER_SECOND (+1 for a window that starts on a sending instant).
    busiest = max(sum(1 for t in moments if start <= t < start + 1) for start in moments)
    assert busiest <= PER_SECOND + 1, moments


def test_without_the_setting_the_threads_send_at_once(paced_app, stub):
    paced_app.config["SMS_PER_SECOND"] = 0
    stub.latency = 0.05  # long enough for the threads to overlap
    assert worker.run_once() == MESSAGES
    assert stub.most_at_once > PER_SECOND + 1


def test_the_connection_pool_has_room_for_every_sending_thread(paced_app):
    provider = TwilioSmsProvider.from_config(paced_app.config)
    assert provider.api.pool_size() == paced_app.config["OUTBOX_SEND_THREADS"] == 8
