"""The Alembic migrations produce exactly the schema the models describe."""

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models import Claim, Exemption
from tests.conftest import database_url_for, is_postgres
from tests.factories import make_citizen


def migrations_app(tmp_path, worker_id_safe):
    url = (
        database_url_for(worker_id_safe, "migrations") if is_postgres() else f"sqlite:///{tmp_path}/m.sqlite"
    )
    return create_app("testing", SQLALCHEMY_DATABASE_URI=url)


def test_migrations_match_the_models(tmp_path, worker_id_safe):
    app = migrations_app(tmp_path, worker_id_safe)
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


def test_danish_codes_stored_before_0024_become_english_and_back(tmp_path, worker_id_safe):
    with migrations_app(tmp_path, worker_id_safe).app_context():
        db.drop_all()
        _drop_alembic_version()
        upgrade(revision="7b2e91c4d5a8")  # 0023: the schema is the models', the codes Danish
        citizen = make_citizen()
        db.session.add(Exemption(citizen=citizen, kind="barsel", starts_on=date(2026, 1, 5)))
        db.session.add(Exemption(citizen=citizen, kind="sygdom", starts_on=date(2026, 3, 2)))
        db.session.add(Exemption(citizen=citizen, kind="other", starts_on=date(2026, 4, 6)))
        db.session.add(_claim(citizen, "arbejdstoej"))
        db.session.commit()
        upgrade()
        upgraded = _codes()
        downgrade(revision="7b2e91c4d5a8")
        downgraded = _codes()
        db.session.remove()
        db.drop_all()
        _drop_alembic_version()
    assert upgraded == (["parental_leave", "sickness", "other"], ["work_clothes"])
    assert downgraded == (["barsel", "sygdom", "other"], ["arbejdstoej"])


def _claim(citizen, category: str) -> Claim:
    return Claim(
        citizen=citizen,
        category=category,
        amount_ore=12500,
        invoice_date=date(2026, 2, 1),
        vendor="Sko & Co",
        invoice_number="1",
        actor_type="citizen",
    )


def _codes() -> tuple[list[str], list[str]]:
    db.session.expire_all()
    kinds = db.session.scalars(db.select(Exemption.kind).order_by(Exemption.id))
    categories = db.session.scalars(db.select(Claim.category).order_by(Claim.id))
    return list(kinds), list(categories)
