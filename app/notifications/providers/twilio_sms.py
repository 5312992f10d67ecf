"""SMS through Twilio's REST API with the official client, at any Twilio-compatible base URL."""

import logging
import threading
import time
from datetime import datetime

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from app.notifications.providers.base import Outgoing, PermanentFailure, Provider, TemporaryFailure
from app.urls import external_url

LOOK_BACK = 20  # the newest messages to one number searched for one sent before a worker stopped

# The client logs every request's headers at INFO: a line per SMS in a busy batch, and CPU time.
QUIET = logging.getLogger("borgerportal.twilio_http")
QUIET.setLevel(logging.WARNING)


class Pace:
    """At most `per_second` calls a second across all the threads that share it (0: no limit):
    each call takes the next free slot and waits for it."""

    def __init__(self, per_second: int):
        self.gap = 1 / per_second if per_second > 0 else 0.0
        self.next_slot = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.gap:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.gap
        time.sleep(max(0.0, slot - now))


def _http_client(timeout: float, connections: int) -> TwilioHttpClient:
    """Twilio's client with a connection for every sending thread: with fewer, the threads that
    find none open and close a connection per message."""
    client = TwilioHttpClient(timeout=timeout, logger=QUIET)
    for scheme in ("http://", "https://"):
        client.session.mount(scheme, HTTPAdapter(pool_connections=1, pool_maxsize=connections))
    return client


class TwilioSmsProvider(Provider):
    channel = "sms"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sender: str,
        base_url: str,
        status_callback: str | None = None,
        timeout: float = 10,
        connections: int = 8,
        per_second: int = 0,
    ):
        self.client = Client(account_sid, auth_token, http_client=_http_client(timeout, connections))
        self.client.api.base_url = base_url.rstrip("/")
        self.sender = sender
        self.status_callback = status_callback
        self.pace = Pace(per_second)

    @classmethod
    def from_config(cls, config) -> "TwilioSmsProvider":
        callback = external_url("notifications.twilio_status")
        return cls(
            config["TWILIO_ACCOUNT_SID"],
            config["TWILIO_AUTH_TOKEN"],
            config["TWILIO_FROM"],
            config["TWILIO_API_BASE_URL"],
            status_callback=callback,
            connections=max(1, config["OUTBOX_SEND_THREADS"]),
            per_second=config["SMS_PER_SECOND"],
        )

    def send(self, outgoing: Outgoing) -> str:
        """Create the message at Twilio; 429 and 5xx are temporary, other refusals permanent.
        Waits first when SMS_PER_SECOND would be exceeded."""
        self.pace.wait()
        try:
            message = self.client.messages.create(
                to=outgoing.recipient,
                from_=self.sender,
                body=outgoing.body,
                status_callback=self.status_callback,
            )
        except TwilioRestException as error:
            failure = TemporaryFailure if error.status == 429 or error.status >= 500 else PermanentFailure
            raise failure(f"Twilio {error.status} {error.code}: {error.msg}") from error
        except (requests.RequestException, TwilioException) as error:
            raise TemporaryFailure(f"Twilio unreachable: {error}") from error
        return message.sid

    def find_sent(self, outgoing: Outgoing, since: datetime) -> str | None:
        """Twilio takes no idempotency key for a new message, so ask it for the newest messages
        from our number to the recipient and look for the same text created since `since`.
        (An identical text to the same number in that window counts as this one.)"""
        try:
            recent = self.client.messages.list(to=outgoing.recipient, from_=self.sender, limit=LOOK_BACK)
        except (requests.RequestException, TwilioException) as error:
            raise TemporaryFailure(f"Twilio unreachable: {error}") from error
        for message in recent:
            if message.body == outgoing.body and message.date_created and message.date_created >= since:
                return message.sid
        return None
