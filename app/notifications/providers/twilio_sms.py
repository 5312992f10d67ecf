"""SMS through Twilio's REST API, at any Twilio-compatible base URL (TWILIO_API_BASE_URL)."""

import threading
import time
from datetime import datetime
from urllib.parse import urlencode

from app.notifications.providers.base import Outgoing, PermanentFailure, Provider, TemporaryFailure
from app.notifications.providers.twilio_api import MessagesApi, TwilioError, Unreachable
from app.urls import external_url

LOOK_BACK = 20  # the newest messages to one number searched for one sent before a worker stopped


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
        # A connection for every sending thread: with fewer, the threads that find none open
        # open and close a connection per message.
        self.api = MessagesApi(account_sid, auth_token, base_url, timeout, connections)
        self.sender = sender
        # The same on every message: encoded once, not per SMS
        same = {"From": sender} | ({"StatusCallback": status_callback} if status_callback else {})
        self.same_form = urlencode(same)
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
        form = f"{urlencode({'To': outgoing.recipient, 'Body': outgoing.body})}&{self.same_form}"
        try:
            return self.api.create(form)
        except TwilioError as error:
            failure = TemporaryFailure if error.status == 429 or error.status >= 500 else PermanentFailure
            raise failure(str(error)) from error
        except Unreachable as error:
            raise TemporaryFailure(f"Twilio unreachable: {error}") from error

    def find_sent(self, outgoing: Outgoing, since: datetime) -> str | None:
        """Twilio takes no idempotency key for a new message, so ask it for the newest messages
        from our number to the recipient and look for the same text created since `since`.
        (An identical text to the same number in that window counts as this one.)"""
        try:
            recent = self.api.newest(outgoing.recipient, self.sender, LOOK_BACK)
        except (TwilioError, Unreachable) as error:
            raise TemporaryFailure(f"Twilio unreachable: {error}") from error
        for message in recent:
            if message.body == outgoing.body and message.date_created and message.date_created >= since:
                return message.sid
        return None
