"""The Alembic migrations produce exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.conftest import database_url_for, is_postgres


def test_migrations_match_the_models(tmp_path, worker_id_safe):
    url = (
        database_url_for(worker_id_safe, "migrations") if is_postgres() else f"sqlite:///{tmp_path}/m.sqlite"
    )
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.session.remove()
        db.drop_all()
        _drop_alembic_version()
    assert differences == [], f"models and migrations differ: {differences}"


def _drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
