"""Alembic is the only path to the schema: head matches the models, and the chain goes down and up."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import models  # noqa: F401
from services import db
from tests.dbutil import fresh_database


def test_head_schema_matches_the_models(database_url):
    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    engine.dispose()
    assert diff == [], diff


def test_downgrade_to_base_and_back(tmp_root):
    from alembic import command

    with fresh_database(tmp_root, "mig") as url:
        command.downgrade(db.alembic_config(url), "base")
        engine = db.make_engine(url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
        db.migrate(url)
        engine = db.make_engine(url)
        assert db.schema_is_current(engine)
        engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
    engine.dispose()


def test_postgres_urls_use_psycopg3():
    assert db.normalise_url("postgresql://u@h/d").startswith("postgresql+psycopg://")
    assert db.normalise_url("postgres://u@h/d").startswith("postgresql+psycopg://")
