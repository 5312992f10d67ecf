"""Development provider: prints the message. The outbox row still records it like any other."""

import logging
import uuid

from app.notifications.providers.base import Outgoing, Provider

log = logging.getLogger("borgerportal.console")


class ConsoleProvider(Provider):
    def __init__(self, channel: str):
        self.channel = channel

    def send(self, outgoing: Outgoing) -> str:
        reference = f"console-{uuid.uuid4().hex[:16]}"
        print(f"[{self.channel} to {outgoing.recipient}] {outgoing.subject}\n{outgoing.body}\n", flush=True)
        log.info("%s to %s (%s)", self.channel, outgoing.recipient, reference)
        return reference
