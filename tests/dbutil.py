"""Throw-away databases for tests: a SQLite file, or a fresh PostgreSQL database when
TEST_DATABASE_URL names a server. Each is migrated with Alembic (the only way schemas are made)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from services.core import db

SERVER_URL = os.environ.get("TEST_DATABASE_URL")


MAINTENANCE_DATABASE = "postgres"  # every PostgreSQL server has it


def _server_engine(server):
    """An AUTOCOMMIT connection to the server for CREATE/DROP DATABASE: through the database the URL
    names, or through the maintenance database when that one does not exist (a fresh server)."""
    for url in (server, server.set(database=MAINTENANCE_DATABASE)):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            engine.connect().close()
        except OperationalError:
            engine.dispose()
            if url.database == MAINTENANCE_DATABASE:
                raise
            continue
        return engine
    raise AssertionError("unreachable")


@contextmanager
def fresh_database(tmp_dir: Path, label: str = "t", server_url: str | None = SERVER_URL) -> Iterator[str]:
    """Yield the URL of a new, migrated, empty database; drop it afterwards."""
    if not server_url:
        path = tmp_dir / f"sigap-{label}-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        db.migrate(url)
        yield url
        return
    server = make_url(db.normalise_url(server_url))
    name = f"sigap_{label}_{uuid.uuid4().hex[:10]}"
    admin = _server_engine(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        db.migrate(url)
        yield url
    finally:
        db.reset_engine_cache()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def truncate_all(engine) -> None:
    """Empty every table but Alembic's, quickly, keeping the schema."""
    from sqlmodel import SQLModel

    # data_version is kept: its counters only ever grow, so a figure cached in this process under an
    # earlier test's counter is never mistaken for one of the next test's data.
    tables = [t.name for t in SQLModel.metadata.sorted_tables if t.name != "data_version"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(text(f'DELETE FROM "{table}"'))
