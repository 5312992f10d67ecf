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


EU_EEA_AND_DANISH_REALM = (
    "DK GL FO AT BE BG HR CY CZ EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
)

DEV_SECRET_KEY = "dev-only-not-secret"
# Keys anyone can read in this repository: they sign nothing outside `make run` and the tests.
PUBLIC_SECRET_KEYS = {DEV_SECRET_KEY, "testing-secret"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'borgerportal.sqlite'}"
    )
    # hide_parameters: a database error in the log never shows the values (a CPR number, a code).
    # No pre-ping: it cost a round trip to the database on every request (issue 23). Connections
    # are recycled after 5 minutes instead, and after a database restart the first request that
    # meets a dead connection gets the "try again" page while SQLAlchemy discards the whole pool,
    # so the next requests use fresh connections. DATABASE_PRE_PING=1 turns the ping back on.
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": os.environ.get("DATABASE_PRE_PING", "") == "1",
        "pool_recycle": 300,
        "hide_parameters": True,
    }
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    REMINDER_SWEEP_SECONDS = _env_int("REMINDER_SWEEP_SECONDS", 300)  # the worker's reminder round
    # Messages the worker hands to Twilio or SMTP at the same time. Each call waits ~0.1-0.3 s for
    # the provider: 64 at once send ~500 a second at 0.1 s (8 sent 80, and a 1M-citizen sweep's
    # SMS took an hour; issue 23). The threads use no database connection: the worker's main
    # thread records what they hand over. SMS_PER_SECOND keeps them from flooding the account.
    OUTBOX_SEND_THREADS = _env_int("OUTBOX_SEND_THREADS", 64)
    # Messages a worker leases at once and sends as one batch (fewer with SMS_PER_SECOND: at most
    # five seconds' worth): big enough to keep the threads busy, small enough to stop in a second.
    OUTBOX_LEASE_BATCH = _env_int("OUTBOX_LEASE_BATCH", 500)
    # At most this many SMS a second from our sender number (per worker process), so a big batch
    # does not flood the Twilio account: Twilio queues what exceeds the number's rate and fails
    # it after hours. 0: no limit. Divide the account's limit by the number of workers.
    SMS_PER_SECOND = _env_int("SMS_PER_SECOND", 0)
    # How long the messages a worker leased stay its own without news from it (it renews them every
    # third of this while it sends): a killed worker's messages go out again after this long.
    OUTBOX_LEASE_SECONDS = _env_int("OUTBOX_LEASE_SECONDS", 30)

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

    # Page limits: Redis (`redis://host:6379/0`) when several instances run, else the database
    # (app/rate_limits.py), so every gunicorn worker sees the same counts. Limits that guard
    # codes and SMS are always counted in the database (README, "Sessions and limits").
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    # Redis down: page limits are counted in each process's memory until it is back (open for
    # pages). app/rate_limits.py gives Redis short time-outs, so a hanging Redis hangs no page.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Off only for load benchmarks from one address (bench/run); the limits protect real logins.
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # SMS to a number someone typed (helper login, new phone, invitation): at most this many a day
    # to one number, and only to mobile numbers of these countries (ISO codes; a jobcenter may
    # narrow them in settings["sms"]["countries"]). Denmark with Greenland and the Faroe Islands,
    # and the EU/EEA.
    SMS_PER_NUMBER_PER_DAY = _env_int("SMS_PER_NUMBER_PER_DAY", 10)
    # An empty value (docker compose passes unset variables as "") means the default.
    SMS_COUNTRIES = tuple(
        (os.environ.get("SMS_COUNTRIES") or EU_EEA_AND_DANISH_REALM).replace(",", " ").upper().split()
    )

    LANGUAGES = ("da", "en", "ar", "uk")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # The cookie names a server-side session (app/auth/server_sessions.py) every instance reads.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 12)  # however active, then log in again
    # Wrong staff passwords in a row before the account pauses, and for how long.
    STAFF_PASSWORD_TRIES = _env_int("STAFF_PASSWORD_TRIES", 5)
    STAFF_PASSWORD_PAUSE_MINUTES = _env_int("STAFF_PASSWORD_PAUSE_MINUTES", 15)
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024  # 5 invoice files of 10 MB and the form around them
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))  # outside static/
    # s3://bucket/prefix: uploads in S3-compatible object storage, which every instance reaches
    # (boto3 reads AWS_ENDPOINT_URL_S3 and the keys itself). Empty: the UPLOAD_DIR folder.
    UPLOAD_STORAGE_URL = os.environ.get("UPLOAD_STORAGE_URL", "")
    # A copy of all data with more uploaded files than this is built by the worker, not in the
    # request (app/rights/large.py), and kept for download this many days.
    DATA_EXPORT_FILES_IN_REQUEST = _env_int("DATA_EXPORT_FILES_IN_REQUEST", 50)
    DATA_EXPORT_KEEP_DAYS = _env_int("DATA_EXPORT_KEEP_DAYS", 7)
    # Each uploaded file is opened in a process of its own with these limits (app/claims/sandbox.py).
    UPLOAD_CHECK_CPU_SECONDS = _env_int("UPLOAD_CHECK_CPU_SECONDS", 4)
    UPLOAD_CHECK_MEMORY_MB = _env_int("UPLOAD_CHECK_MEMORY_MB", 512)
    UPLOAD_CHECKS_AT_ONCE = _env_int("UPLOAD_CHECKS_AT_ONCE", 2)  # per web process; the rest wait
    WTF_CSRF_TIME_LIMIT = None  # the session idle time-out already bounds a form's life
    HSTS = False

    # Operations (README, "Deploying"). Proxies in front whose X-Forwarded-* headers are trusted.
    PROXY_HOPS = _env_int("PROXY_HOPS", 0)
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    # /metrics answers a request with this bearer token, or from these addresses (comma-separated
    # addresses or networks, e.g. "10.0.0.0/8,127.0.0.1"); with neither, nobody.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    METRICS_ALLOW_FROM = os.environ.get("METRICS_ALLOW_FROM", "")
    # /healthz/ready answers 503 when no worker has looked for work for this long.
    WORKER_SILENT_AFTER_SECONDS = _env_int("WORKER_SILENT_AFTER_SECONDS", 120)
    DEMO_DATA_ALLOWED = True  # `flask demo` (known passwords); never in production

    # MitID through an OpenID Connect broker (README, "MitID"). Without an issuer, client id and
    # secret the button is not shown and only the codes log in. The claim names default to
    # NemLog-in's (OIOSAML 3 names, which brokers bridging NemLog-in pass on); other brokers name
    # them differently, so a municipality sets them here.
    MITID_OIDC_ISSUER = os.environ.get("MITID_OIDC_ISSUER", "").rstrip("/")
    MITID_OIDC_CLIENT_ID = os.environ.get("MITID_OIDC_CLIENT_ID", "")
    MITID_OIDC_CLIENT_SECRET = os.environ.get("MITID_OIDC_CLIENT_SECRET", "")
    MITID_OIDC_SCOPE = os.environ.get("MITID_OIDC_SCOPE") or "openid"
    MITID_OIDC_CPR_CLAIM = (
        os.environ.get("MITID_OIDC_CPR_CLAIM") or "https://data.gov.dk/model/core/eid/cprNumber"
    )
    MITID_OIDC_LOA_CLAIM = (
        os.environ.get("MITID_OIDC_LOA_CLAIM") or "https://data.gov.dk/concept/core/nsis/loa"
    )
    MITID_OIDC_MIN_LOA = (
        os.environ.get("MITID_OIDC_MIN_LOA") or "substantial"
    ).lower()  # low|substantial|high
    MITID_OIDC_TIMEOUT_SECONDS = _env_int("MITID_OIDC_TIMEOUT_SECONDS", 10)  # each call to the broker

    # Shown in the footer and on error pages until a jobcenter is known.
    PORTAL_CONTACT_PHONE = os.environ.get("PORTAL_CONTACT_PHONE", "70 12 34 56")
    PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "jobcenter@example.dk")


class Development(Config):
    """`make run` only (the Makefile sets BORGERPORTAL_CONFIG=development): the public key is
    allowed here, so this is never the default."""

    DEBUG = False  # the debugger is never exposed; tracebacks go to the log


class Testing(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = True
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    OUTBOX_SEND_THREADS = 1  # tests read the stub in sending order (test_sending_threads.py: 8)
    # Tests move the clock (time_machine), and a recycle time closes every pooled connection at
    # its next checkout after each move: the ten-week simulation reconnected 1,600 times on
    # PostgreSQL. The servers the tests start run the production settings, recycling included.
    SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "pool_recycle": -1}
    UPLOAD_STORAGE_URL = ""  # the tests' own folder; tests/claims/test_object_storage.py passes S3


class Production(Config):
    SESSION_COOKIE_SECURE = True
    HSTS = True
    DEMO_DATA_ALLOWED = False
    CONSOLE_SHOWS_TEXT = False  # without Twilio/SMTP, never print a message (a code) to the log

    @classmethod
    def check(cls) -> None:
        """Refuse to start with a missing or public secret key: with a key from this repository,
        anyone could sign a session cookie for the admin page."""
        key = os.environ.get("SECRET_KEY", "")
        # Compared with the public keys themselves, not Config.SECRET_KEY: that was read from
        # the same environment when this module was imported, so it always equals `key`.
        if not key or key in PUBLIC_SECRET_KEYS:
            raise RuntimeError(
                "SECRET_KEY must be set to a long random value (python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'). Only `make run` may do without it "
                "(BORGERPORTAL_CONFIG=development)."
            )
        cls.SECRET_KEY = key


CONFIGS = {"development": Development, "testing": Testing, "production": Production}


def config_for(name: str | None) -> type[Config]:
    """Return the configuration class for `name` (default: BORGERPORTAL_CONFIG, else production).

    Production is the default so that a plain `gunicorn wsgi:app` or `flask run` never signs
    cookies with the public development key: `make run` and the tests name their configuration.
    """
    name = name or os.environ.get("BORGERPORTAL_CONFIG", "production")
    try:
        config = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown configuration {name!r}; use one of {sorted(CONFIGS)}.") from None
    if config is Production:
        Production.check()
    return config
