"""Tests make a new app, so a new engine, for nearly every test; the compiled SQL is shared by
all of them (tests/support/shared_caches.py), not compiled again in every test."""

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Citizen
from tests.conftest import database_url_for


def run_in_a_new_app(url: str, statement):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        with db.engine.connect() as connection:
            result = connection.execute(statement)
            result.all()
            hit = result.context.cache_hit == connection.dialect.CACHE_HIT
        db.drop_all()
        db.engine.dispose()
    return hit


def test_the_second_app_reuses_the_sql_the_first_compiled(worker_id_safe):
    url = database_url_for(worker_id_safe, "statements")
    statement = select(Citizen.id, Citizen.name).where(Citizen.name == "Statement cache test")
    run_in_a_new_app(url, statement)
    assert run_in_a_new_app(url, statement), "compiled again for the second app"
    # A different statement is compiled, not confused with the first.
    other = select(Citizen.id).where(Citizen.name == "Statement cache test")
    assert not run_in_a_new_app(url, other)
