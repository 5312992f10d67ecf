"""What building the app costs: every gunicorn worker, `flask` command and test server pays it.

Libraries that only some requests or commands need are imported where they are used, not when
the app is built (they were ~40 % of the CPU of `import wsgi`). This keeps them from creeping
back into the start-up of a process that never uses them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent  # a fresh process on SQLite; no test database

ROOT = Path(__file__).resolve().parents[1]

# Module -> where it is imported instead, and why it is not needed before.
NOT_AT_START = {
    "flask_migrate": "app/extensions.py LazyMigrate: only `flask db ...` and migration tests migrate",
    "alembic": "with flask_migrate",
    "mako": "with alembic",
    "pygments": "with mako",
    "authlib": "app/auth/mitid.py: at the first MitID login, even when MitID is configured",
    "joserfc": "with authlib",
    "requests": "with authlib",
    "PIL": "app/claims/files.py load_decoders: the file checks run in the sandbox process",
    "pillow_heif": "with PIL",
    "pypdf": "with PIL",
    "fontTools": "with pypdf (and the PDF letters, which import it when they render)",
    "twilio.twiml": "app/notifications/webhooks.py: the answer to an inbound SMS",
    "xml.etree": "with twilio.twiml and pypdf",
    "psycopg": "app/notifications/wakeup.py: a worker listening on PostgreSQL (SQLAlchemy imports it there)",
    "urllib3": "app/notifications/providers: the Twilio provider, in the worker",
    "certifi": "with urllib3",
    "email_validator": "app/rules/contact.py normalise_email: forms with an e-mail field",
    "babel.messages.frontend": "app/cli.py: `flask translate ...`",
    "app.demo": "app/cli.py: `flask demo`",
    "app.citizens.importer": "app/cli.py: `flask citizens import`",
}

SHOW_MODULES = "import json, sys, wsgi; print(json.dumps(sorted(sys.modules)))"


def _run(args: list[str], tmp_path) -> str:
    env = {
        **os.environ,
        "BORGERPORTAL_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path}/startup.sqlite",
        # MitID configured, as in production: the broker's client still waits for the first login.
        "MITID_OIDC_ISSUER": "https://broker.invalid",
        "MITID_OIDC_CLIENT_ID": "portal",
        "MITID_OIDC_CLIENT_SECRET": "not-a-secret",
    }
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_building_the_app_imports_none_of_what_only_some_requests_need(tmp_path):
    loaded = set(json.loads(_run([sys.executable, "-c", SHOW_MODULES], tmp_path)))
    found = sorted(name for name in NOT_AT_START if name in loaded)
    assert found == [], {name: NOT_AT_START[name] for name in found}


def test_the_migration_commands_are_there_all_the_same(tmp_path):
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    assert "db         Perform database migrations." in _run([*flask, "--help"], tmp_path)
    migrations_help = _run([*flask, "db", "--help"], tmp_path)
    assert "upgrade" in migrations_help and "--x-arg" in migrations_help  # Flask-Migrate's own group
