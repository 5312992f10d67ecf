import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import Development, Production, Testing, config_for


def test_configuration_is_chosen_by_one_environment_variable(monkeypatch):
    monkeypatch.setenv("BORGERPORTAL_CONFIG", "testing")
    assert config_for(None) is Testing
    monkeypatch.delenv("BORGERPORTAL_CONFIG")
    assert config_for(None) is Development


def test_unknown_configuration_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown configuration"):
        config_for("staging")


@pytest.mark.parametrize("secret", [None, "", "dev-only-not-secret"])
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
    started = subprocess.run(
        command, cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr[-500:]
    assert started.stdout.strip() == "a-long-random-production-value"
