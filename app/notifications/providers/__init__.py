"""Providers hand a rendered message to the outside world, one per channel."""

from app.notifications.providers.base import Outgoing, PermanentFailure, Provider, TemporaryFailure
from app.notifications.providers.console import ConsoleProvider
from app.notifications.providers.smtp_email import SmtpEmailProvider


def providers_from_config(config) -> dict[str, Provider]:
    """Twilio when TWILIO_ACCOUNT_SID is set, SMTP when MAIL_SERVER is set; else the console."""
    twilio, smtp = config.get("TWILIO_ACCOUNT_SID"), config.get("MAIL_SERVER")
    show = config.get("CONSOLE_SHOWS_TEXT", True)
    sms = _twilio(config) if twilio else ConsoleProvider("sms", show)
    email = SmtpEmailProvider.from_config(config) if smtp else ConsoleProvider("email", show)
    return {"sms": sms, "email": email}


def _twilio(config) -> Provider:
    # Imported here: its HTTP client (urllib3, certifi) is needed only where SMS go to Twilio, and
    # importing it cost ~0.03 CPU s in every process that builds the app.
    from app.notifications.providers.twilio_sms import TwilioSmsProvider

    return TwilioSmsProvider.from_config(config)


__all__ = ["Outgoing", "PermanentFailure", "Provider", "TemporaryFailure", "providers_from_config"]
