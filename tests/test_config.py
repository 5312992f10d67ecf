import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import Development, Production, Testing, config_for

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parent.parent


def test_configuration_is_chosen_by_one_environment_variable(monkeypatch):
    monkeypatch.setenv("BORGERPORTAL_CONFIG", "testing")
    assert config_for(None) is Testing
    monkeypatch.setenv("BORGERPORTAL_CONFIG", "development")
    assert config_for(None) is Development
    monkeypatch.delenv("BORGERPORTAL_CONFIG")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-value")
    assert config_for(None) is Production, "without the variable: production, never the public key"


def _start_without_configuration(command: list[str], **env) -> subprocess.CompletedProcess:
    """`command` in a fresh process, with neither BORGERPORTAL_CONFIG nor SECRET_KEY set."""
    clean = {k: v for k, v in os.environ.items() if k not in ("BORGERPORTAL_CONFIG", "SECRET_KEY")}
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**clean, "DATABASE_URL": "sqlite://", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_plain_start_without_configuration_refuses_the_public_key():
    """`gunicorn wsgi:app` or `flask run` with nothing set used the key printed in config.py, so a
    cookie anyone could sign opened the admin page."""
    imported = _start_without_configuration([sys.executable, "-c", "import wsgi"])
    assert imported.returncode != 0 and "SECRET_KEY must be set" in imported.stderr
    public = _start_without_configuration(
        [sys.executable, "-c", "import wsgi"], SECRET_KEY="dev-only-not-secret"
    )
    assert public.returncode != 0 and "SECRET_KEY must be set" in public.stderr
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    served = _start_without_configuration([gunicorn, "--workers", "1", "--bind", "127.0.0.1:0", "wsgi:app"])
    assert served.returncode != 0 and "SECRET_KEY must be set" in served.stderr


def test_make_run_may_use_the_development_key():
    started = _start_without_configuration(
        [sys.executable, "-c", "import wsgi; print(wsgi.app.config['SECRET_KEY'])"],
        BORGERPORTAL_CONFIG="development",
    )
    assert started.returncode == 0, started.stderr[-500:]
    assert started.stdout.strip() == "dev-only-not-secret"


def test_unknown_configuration_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown configuration"):
        config_for("staging")


@pytest.mark.parametrize("secret", [None, "", "dev-only-not-secret", "testing-secret"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, secret):
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-value")
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SECRET_KEY"] == "a-long-random-production-value"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert Production.HSTS is True


def test_production_starts_when_the_secret_key_was_in_the_environment_from_the_start():
    """As under gunicorn: SECRET_KEY is set before config.py is imported (a fresh process)."""
    env = {
        **os.environ,
        "SECRET_KEY": "a-long-random-production-value",
        "BORGERPORTAL_CONFIG": "production",
        "DATABASE_URL": "sqlite://",
    }
    command = [sys.executable, "-c", "import wsgi; print(wsgi.app.config['SECRET_KEY'])"]
    started = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr[-500:]
    assert started.stdout.strip() == "a-long-random-production-value"
