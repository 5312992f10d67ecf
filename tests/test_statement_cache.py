"""Tests make a new app, so a new engine, for nearly every test; the compiled SQL is shared by
all of them (tests/support/shared_caches.py), not compiled again in every test: queries, and
the INSERTs an ORM flush sends."""

from sqlalchemy import event, select

from app import create_app
from app.extensions import db
from app.models import Citizen, Jobcenter
from tests.conftest import database_url_for


def in_a_new_app(url: str, work) -> list[bool]:
    """Whether each statement `work()` sent was found compiled already."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    hits = []

    def note(connection, cursor, statement, parameters, context, executemany):
        hits.append(context.cache_hit == connection.dialect.CACHE_HIT)

    with app.app_context():
        db.create_all()
        event.listen(db.engine, "before_cursor_execute", note)
        work()
        event.remove(db.engine, "before_cursor_execute", note)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return hits


def query(statement):
    return lambda: db.session.execute(statement).all()


def test_the_second_app_reuses_the_sql_the_first_compiled(worker_id_safe):
    url = database_url_for(worker_id_safe, "statements")
    statement = select(Citizen.id, Citizen.name).where(Citizen.name == "Statement cache test")
    in_a_new_app(url, query(statement))
    assert in_a_new_app(url, query(statement)) == [True], "compiled again for the second app"
    other = select(Citizen.id).where(Citizen.name == "Statement cache test")
    assert in_a_new_app(url, query(other)) == [False], "a different statement is not confused"


def test_the_second_app_reuses_the_insert_a_flush_compiled(worker_id_safe):
    url = database_url_for(worker_id_safe, "statements")

    def add_a_jobcenter():
        db.session.add(Jobcenter(code="cache", name="Cache"))
        db.session.flush()

    in_a_new_app(url, add_a_jobcenter)
    assert in_a_new_app(url, add_a_jobcenter) == [True]
