"""Development provider: prints the message. The outbox row still records it like any other.

In production it neither prints (the text may hold a login code, and stdout is the log) nor
pretends to send: without Twilio or SMTP configured, messages wait in the outbox, retried, until
a provider is set up (and /metrics counts the failures)."""

import logging
import uuid

from app.notifications.providers.base import Outgoing, Provider, TemporaryFailure

log = logging.getLogger("borgerportal.console")


class ConsoleProvider(Provider):
    def __init__(self, channel: str, show_text: bool = True):
        self.channel = channel
        self.show_text = show_text

    def send(self, outgoing: Outgoing) -> str:
        reference = f"console-{uuid.uuid4().hex[:16]}"
        if self.show_text:
            print(
                f"[{self.channel} to {outgoing.recipient}] {outgoing.subject}\n{outgoing.body}\n", flush=True
            )
            log.info("%s to %s (%s)", self.channel, outgoing.recipient, reference)
            return reference
        raise TemporaryFailure(f"no {self.channel} provider is configured")
