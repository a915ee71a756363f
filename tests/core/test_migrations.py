"""Alembic is the only path to the schema: head matches the models, and the chain goes down and up."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import models  # noqa: F401
from services.core import db
from tests import dbutil
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


def test_0005_turns_old_login_notes_into_codes_and_back(tmp_root):
    from alembic import command
    from sqlalchemy import text

    with fresh_database(tmp_root, "notes") as url:
        command.downgrade(db.alembic_config(url), "0004")
        engine = db.make_engine(url)
        with engine.begin() as conn:
            for action, note in [("login_failed", "wrong password"), ("login_failed", "unknown username"),
                                 ("login_failed", "inactive"), ("account_locked", "15 min"),
                                 ("export", "with personal data")]:  # fmt: skip
                conn.execute(
                    text("INSERT INTO audit_log (at, action, entity, note) VALUES (CURRENT_TIMESTAMP, :a, 'user', :n)"),
                    {"a": action, "n": note},
                )
        engine.dispose()

        def rows():
            engine = db.make_engine(url)
            with engine.connect() as conn:
                found = conn.execute(text("SELECT action, note, after FROM audit_log ORDER BY id")).all()
            engine.dispose()
            return [(a, n, json.loads(v) if isinstance(v, str) else v) for a, n, v in found]

        db.migrate(url)
        assert rows() == [
            ("login_failed", "wrong_password", None),
            ("login_failed", "unknown_username", None),
            ("login_failed", "inactive", None),
            ("account_locked", "too_many_failures", {"lock_minutes": 15}),
            ("export", "with personal data", None),  # another module's note is left alone
        ]
        command.downgrade(db.alembic_config(url), "0004")
        assert [(a, n) for a, n, _ in rows()] == [
            ("login_failed", "wrong password"),
            ("login_failed", "unknown username"),
            ("login_failed", "inactive"),
            ("account_locked", "15 min"),
            ("export", "with personal data"),
        ]


def test_the_downgrade_of_0005_keeps_every_account_and_role(tmp_root):
    from alembic import command
    from sqlalchemy import text

    with fresh_database(tmp_root, "keep") as url:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO user_account (id, username, full_name, password_hash, language, active,"
                    " failed_logins, session_epoch, created_at) VALUES (1, 'ani', 'Ani', 'x', 'id', true, 0, 0,"
                    " CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(text("INSERT INTO user_role (user_id, role) VALUES (1, 'admin')"))
        engine.dispose()
        command.downgrade(db.alembic_config(url), "0004")
        engine = db.make_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM user_role")).scalar() == 1
            assert "last_failed_login_at" not in {c["name"] for c in inspect(conn).get_columns("user_account")}
        engine.dispose()


@pytest.mark.skipif(not dbutil.SERVER_URL, reason="needs TEST_DATABASE_URL (a PostgreSQL server)")
def test_a_server_without_the_named_database_still_gets_a_fresh_one(tmp_root):
    from sqlalchemy.engine import make_url

    missing = make_url(db.normalise_url(dbutil.SERVER_URL)).set(database="sigap_no_such_database")
    with dbutil.fresh_database(tmp_root, "nodb", server_url=missing.render_as_string(hide_password=False)) as url:
        engine = db.make_engine(url)
        assert db.schema_is_current(engine)
        engine.dispose()


def test_the_schema_status_tells_behind_from_ahead(tmp_root):
    from sqlalchemy import text

    with fresh_database(tmp_root, "status") as url:
        engine = db.make_engine(url)
        assert db.schema_status(engine).state == db.SchemaState.current
        for revision, state in [("0004", db.SchemaState.behind), ("abc123_newer", db.SchemaState.ahead)]:
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
            status = db.schema_status(engine)
            assert (status.state, status.current) == (state, revision)
        engine.dispose()
    empty = db.make_engine(f"sqlite:///{tmp_root / 'never-migrated.db'}")
    assert db.schema_status(empty).state == db.SchemaState.behind
    empty.dispose()
