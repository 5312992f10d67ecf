"""Configuration classes, chosen by the BORGERPORTAL_CONFIG environment variable.

Every setting that differs between machines comes from the environment, so the same
code runs on a laptop, in CI and in production. See README.md for the full list.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEV_SECRET_KEY = "dev-only-not-secret"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'borgerportal.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    REMINDER_SWEEP_SECONDS = _env_int("REMINDER_SWEEP_SECONDS", 300)  # the worker's reminder round
    # Messages the worker hands to Twilio or SMTP at the same time. Each call waits ~0.1-0.3 s for
    # the provider; one at a time, the 09:00 reminders of 100,000 citizens would take hours.
    OUTBOX_SEND_THREADS = _env_int("OUTBOX_SEND_THREADS", 8)

    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
    TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
    TWILIO_FROM = os.environ.get("TWILIO_FROM", "")
    TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "https://api.twilio.com")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "borgerportal@localhost")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Off only for load benchmarks from one address (bench/run); the limits protect real logins.
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True

    LANGUAGES = ("da", "en", "ar", "uk")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Sessions are signed cookies, so any number of web instances can serve them.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024  # 5 invoice files of 10 MB and the form around them
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))  # outside static/
    # Each uploaded file is opened in a process of its own with these limits (app/claims/sandbox.py).
    UPLOAD_CHECK_CPU_SECONDS = _env_int("UPLOAD_CHECK_CPU_SECONDS", 4)
    UPLOAD_CHECK_MEMORY_MB = _env_int("UPLOAD_CHECK_MEMORY_MB", 512)
    UPLOAD_CHECKS_AT_ONCE = _env_int("UPLOAD_CHECKS_AT_ONCE", 2)  # per web process; the rest wait
    WTF_CSRF_TIME_LIMIT = None  # the session idle time-out already bounds a form's life
    HSTS = False

    # Shown in the footer and on error pages until a jobcenter is known.
    PORTAL_CONTACT_PHONE = os.environ.get("PORTAL_CONTACT_PHONE", "70 12 34 56")
    PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "jobcenter@example.dk")


class Development(Config):
    DEBUG = False  # the debugger is never exposed; tracebacks go to the log


class Testing(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = True
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    OUTBOX_SEND_THREADS = 1  # tests read the stub in sending order (test_sending_threads.py: 8)


class Production(Config):
    SESSION_COOKIE_SECURE = True
    HSTS = True

    @classmethod
    def check(cls) -> None:
        """Refuse to start with a missing or development secret key."""
        key = os.environ.get("SECRET_KEY", "")
        # Compared with the development default itself, not Config.SECRET_KEY: that was read from
        # the same environment when this module was imported, so it always equals `key`.
        if not key or key == DEV_SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set to a long random value in production.")
        cls.SECRET_KEY = key


CONFIGS = {"development": Development, "testing": Testing, "production": Production}


def config_for(name: str | None) -> type[Config]:
    """Return the configuration class for `name` (default: BORGERPORTAL_CONFIG or development)."""
    name = name or os.environ.get("BORGERPORTAL_CONFIG", "development")
    try:
        config = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown configuration {name!r}; use one of {sorted(CONFIGS)}.") from None
    if config is Production:
        Production.check()
    return config
