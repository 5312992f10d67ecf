"""The contract every provider keeps."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Outgoing:
    recipient: str
    subject: str
    body: str
    reference: str = ""  # stable for the message across tries (an e-mail's Message-ID)


class DeliveryFailure(Exception):
    """The provider did not take the message. str(error) says why, for the attempt log."""


class TemporaryFailure(DeliveryFailure):
    """Worth trying again later: the provider is down, slow, or asks us to wait."""


class PermanentFailure(DeliveryFailure):
    """Trying again will not help (bad number, refused address): fall back to another channel."""


class Provider(ABC):
    channel: str

    @abstractmethod
    def send(self, outgoing: Outgoing) -> str:
        """Hand `outgoing` to the provider and return its reference for the message.

        Raises TemporaryFailure or PermanentFailure; never anything else for a delivery problem.
        """

    def find_sent(self, outgoing: Outgoing, since: datetime) -> str | None:
        """The provider's reference for `outgoing` if an earlier try handed it over after `since`
        but its answer was lost (the worker stopped); None when it has not, or cannot tell.

        Raises TemporaryFailure when the provider cannot be asked now.
        """
        return None
