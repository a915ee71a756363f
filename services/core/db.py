"""One engine per process, one short session per action, and the schema-version check.

SQLite is the embedded default (WAL, foreign keys, busy timeout); any SQLAlchemy URL works through
DATABASE_URL, PostgreSQL through psycopg 3. The schema is created and changed only by Alembic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlmodel import Session, create_engine

from services.core import config

SQLITE_BUSY_TIMEOUT_MS = 10_000
# What "the database went away" looks like: a server down or restarting, a dropped connection, a
# pool with no connection to give, SQLite locked past its busy timeout. Pages show a message for
# these and try again; every other error is a bug and shows as one.
UNAVAILABLE = (OperationalError, InterfaceError, SATimeoutError, DisconnectionError)


def normalise_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use psycopg 3 for them."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    return engine


_ENGINES: dict[str, Engine] = {}


def get_engine() -> Engine:
    """The process's engine for the configured database (one per URL, made on first use)."""
    url = normalise_url(config.database_url())
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES.setdefault(url, make_engine(url))
    return engine


def reset_engine_cache() -> None:
    """Dispose the cached engines (tests that switch DATABASE_URL, forked workers)."""
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A short unit of work: commit on success, roll back on any error, always close."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def serialize(session: Session, name: str) -> None:
    """Make the rest of this transaction the only one of its `name` at a time, across processes:
    checks it makes (is this file imported already?) cannot be overtaken by a twin running at the
    same instant. PostgreSQL: a transaction-level advisory lock. SQLite: the database's one write
    lock, taken now (a no-op write) rather than at the first insert. Both end with the transaction."""
    if is_sqlite(session):
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")
    else:
        session.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext(%(name)s))", {"name": name})


def is_sqlite(session_or_engine) -> bool:
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "sqlite"


# --- Alembic -----------------------------------------------------------------------------------


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(config.ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(config.ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url or config.database_url()).replace("%", "%%"))
    return cfg


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the database to `revision` (the only way the schema is created or changed)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def schema_revisions(engine: Engine | None = None) -> tuple[str | None, str]:
    """(revision the database is at, head revision of the code)."""
    status = schema_status(engine)
    return status.current, status.head


class SchemaState(StrEnum):
    current = "current"
    behind = "behind"  # empty, or at an older revision of this code: `manage.py migrate` brings it up
    ahead = "ahead"  # at a revision this code does not know: a newer release migrated it


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    current: str | None  # the database's revision (None: never migrated)
    head: str  # the code's latest revision


def schema_status(engine: Engine | None = None) -> SchemaStatus:
    """Whether the database's schema is the code's head, behind it, or ahead of it."""
    engine = engine or get_engine()
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(False)))
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        state = SchemaState.current
    elif current is None:
        state = SchemaState.behind
    else:
        try:
            script.get_revision(current)
            state = SchemaState.behind
        except CommandError:  # not one of our revisions
            state = SchemaState.ahead
    return SchemaStatus(state, current, head)


def schema_is_current(engine: Engine | None = None) -> bool:
    return schema_status(engine).state == SchemaState.current


def is_reachable() -> bool:
    """True when the configured database answers a trivial query now."""
    try:
        with get_engine().connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except UNAVAILABLE:
        return False
