"""A prepared database file and the app to fill it from the test process (same secret key as the
portal's processes, so links and codes made here work there)."""

import pytest

from app import create_app
from app.extensions import db
from tests.support.portal_server import SECRET_KEY, flask, production_env


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="module")
def migrated_env(module_tmp):
    """Production settings on a fresh database file, migrated as an operator would."""
    env = production_env(module_tmp)
    migrated = flask(env, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    return env


@pytest.fixture(scope="module")
def seeding_app(migrated_env):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=migrated_env["DATABASE_URL"], SECRET_KEY=SECRET_KEY)
    with app.app_context():
        yield app
        db.session.remove()
