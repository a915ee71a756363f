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

from services import db

SERVER_URL = os.environ.get("TEST_DATABASE_URL")


@contextmanager
def fresh_database(tmp_dir: Path, label: str = "t") -> Iterator[str]:
    """Yield the URL of a new, migrated, empty database; drop it afterwards."""
    if not SERVER_URL:
        path = tmp_dir / f"sigap-{label}-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        db.migrate(url)
        yield url
        return
    server = make_url(db.normalise_url(SERVER_URL))
    name = f"sigap_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
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

    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(text(f'DELETE FROM "{table}"'))
