"""E-mail through any SMTP server with the standard library."""

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from app.notifications.providers.base import Outgoing, PermanentFailure, Provider, TemporaryFailure


class SmtpEmailProvider(Provider):
    channel = "email"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        use_tls: bool = False,
        username: str = "",
        password: str = "",
        timeout: float = 10,
    ):
        self.host, self.port, self.sender = host, port, sender
        self.use_tls, self.username, self.password, self.timeout = use_tls, username, password, timeout

    @classmethod
    def from_config(cls, config) -> "SmtpEmailProvider":
        return cls(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            config["MAIL_FROM"],
            config["MAIL_USE_TLS"],
            config["MAIL_USERNAME"],
            config["MAIL_PASSWORD"],
        )

    def send(self, outgoing: Outgoing) -> str:
        """Deliver to the SMTP server; 5xx answers are permanent, everything else temporary."""
        email = self._compose(outgoing)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                self._authenticate(smtp)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, reason = next(iter(error.recipients.values()))
            raise _failure_for(code)(f"SMTP {code}: {reason!r}") from error
        except smtplib.SMTPResponseException as error:
            raise _failure_for(error.smtp_code)(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(f"SMTP unreachable: {error}") from error
        return email["Message-ID"]

    def _compose(self, outgoing: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, outgoing.recipient, outgoing.subject
        domain = self.sender.rpartition("@")[2] or "borgerportal"
        # The same Message-ID on every try of one message: mail programs (and some servers) show
        # a copy that arrives twice, after a worker stopped mid-send, as one message.
        email["Message-ID"] = (
            f"<{outgoing.reference}@{domain}>" if outgoing.reference else make_msgid(domain=domain)
        )
        email.set_content(outgoing.body)
        return email

    def _authenticate(self, smtp: smtplib.SMTP) -> None:
        if self.use_tls:
            smtp.starttls()
        if self.username:
            smtp.login(self.username, self.password)


def _failure_for(code: int) -> type:
    return PermanentFailure if 500 <= code < 600 else TemporaryFailure
