"""A SQLite file runs in write-ahead-log mode (app/extensions.py): readers do not wait for a
writer, and a commit does not sync the whole file. In-memory databases are left as they are."""

import pytest
from sqlalchemy import create_engine, text

import app.extensions  # noqa: F401  (registers the connect hook on every engine)


def journal_mode(url: str) -> tuple[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.scalar(text("PRAGMA journal_mode")), connection.scalar(text("PRAGMA synchronous"))
    engine.dispose()
    return found


@pytest.mark.engine_independent
def test_a_sqlite_file_writes_ahead(tmp_path):
    assert journal_mode(f"sqlite:///{tmp_path / 'wal.sqlite'}") == ("wal", 1)  # 1: NORMAL


@pytest.mark.engine_independent
def test_an_in_memory_database_is_left_alone():
    assert journal_mode("sqlite://") == ("memory", 2)  # 2: FULL, the default
