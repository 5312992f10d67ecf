"""Flask extensions, created unbound and attached in create_app()."""

import click
from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase

from app.limit_keys import signed_in_user_or_address

# Stable constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LazyMigrate:
    """Flask-Migrate, imported when a migration runs (`flask db ...`, or flask_migrate.upgrade()
    in a test) rather than when the app is built: flask_migrate imports Alembic, Mako and
    Pygments, ~0.14 CPU s in every gunicorn worker and `flask` command, though only `flask db` migrates.
    Until then the app holds two stand-ins that turn into the real thing on first use."""

    def init_app(self, app: Flask, db: SQLAlchemy, **options) -> None:
        app.extensions["migrate"] = _MigrateOnFirstUse(app, db, options)
        app.cli.add_command(_MigrationCommands())


class _MigrateOnFirstUse:
    """Flask-Migrate reads its settings from app.extensions["migrate"]; the first attribute
    read initialises the real extension on the app (which replaces this stand-in)."""

    def __init__(self, app: Flask, db: SQLAlchemy, options: dict):
        self._app, self._db, self._options = app, db, options

    def __getattr__(self, name: str):
        if self._app.extensions["migrate"] is self:
            from flask_migrate import Migrate

            Migrate(self._app, self._db, **self._options)
        return getattr(self._app.extensions["migrate"], name)


class _MigrationCommands(click.Command):
    """`flask db`, listed by `flask --help` without Flask-Migrate; running it (or its --help)
    hands the arguments to Flask-Migrate's own command group."""

    def __init__(self):
        super().__init__("db", help="Perform database migrations.")  # Flask-Migrate's summary

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        from flask_migrate.cli import db as migration_commands

        return migration_commands.make_context(info_name, args, parent=parent, **extra)


db = SQLAlchemy(model_class=Base)
migrate = LazyMigrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=signed_in_user_or_address, default_limits=[])


def insert_skipping_duplicates(table, unique_columns: list[str]):
    """INSERT … ON CONFLICT (unique_columns) DO NOTHING for the database in use (SQLite or
    PostgreSQL): a row that is already there is skipped, with no savepoint and no error."""
    dialect_insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=unique_columns)


@event.listens_for(Engine, "connect")
def _sqlite_write_ahead_log(dbapi_connection, _record) -> None:
    """A SQLite file in write-ahead-log mode: readers never wait for a writer (several gunicorn
    workers and the worker's sending threads), and a commit is an append without a sync of the
    whole file, ~10x faster (issue 23: the sending threads queued behind each other's commit).
    `synchronous=NORMAL` in WAL mode loses no commit when the portal crashes; only a power cut
    may lose the last ones. PostgreSQL is untouched."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not ":memory:"
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
