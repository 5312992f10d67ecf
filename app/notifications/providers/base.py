"""The contract every provider keeps."""

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class Outgoing:
    recipient: str
    subject: str
    body: str


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
