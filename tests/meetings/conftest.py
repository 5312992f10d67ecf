from tests.notifications.conftest import smtp, twilio  # noqa: F401  (shared fixtures)
