"""`python manage.py seed --scale city|small`: a city's worth of generated data on top of the demo.

City: 200 units in the five demo districts, 20,000 ASN, 1,000,000 SKM responses over three years,
500,000 complaints with their timelines, 50,000 forum items with their follow-up actions and
100,000 training enrolments with their attendance; `small` is a twentieth of each. Deterministic: a
fixed seed, dates relative to the day it runs, the same counts every time.

The core adds the units and staff; every module adds its own share through its Module's `scale`
hook (`seed.<module>.scale:build`, fn(Build) -> counts), in registry order, all in ONE transaction:
a build that fails leaves nothing behind. The demo runs first when the database is empty. Running
it again on a database that holds a scale build is refused (ScaleRefused), and so is a database
with districts other than the demo's: the build is not idempotent by design, as a second city on
top of the first would double every figure.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from seed import demo
from seed.scale import org
from seed.scale.bulk import Build
from services import registry
from services.core import clock, db
from services.core.modules import resolve

SCALES = {"city": 1.0, "small": 1 / 20}


class ScaleRefused(Exception):
    """The build cannot run on this database; the message says why and what to do."""


def build(
    url: str | None, scale: str, progress: Callable[[str], None] = print, *, factor: float | None = None
) -> dict[str, int]:
    """Generate the `scale` data set ("city" or "small"; `factor` overrides its size as a share of
    the city, for tests) into the database at `url` (None: the configured DATABASE_URL). Returns the
    rows added per kind. Raises ScaleRefused when the schema is not current, a build already ran
    here, or the database holds other districts than the demo's (a real installation)."""
    if factor is None:
        if scale not in SCALES:
            raise ScaleRefused(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
        factor = SCALES[scale]
    engine = db.make_engine(url) if url else db.get_engine()
    try:
        return _build(engine, scale, factor, progress)
    finally:
        if url:
            engine.dispose()


def _build(engine, scale: str, factor: float, progress) -> dict[str, int]:
    status = db.schema_status(engine)
    if status.state != db.SchemaState.current:
        raise ScaleRefused(f"the schema is {status.state.value}: run `python manage.py migrate` first")
    started = time.perf_counter()
    with Session(engine) as session:
        empty = demo.is_empty(session)
    if empty:
        progress("the database is empty: the demo first")
        demo.run(_scope(engine), log=progress)
    with _connection(engine) as conn, Session(bind=conn, expire_on_commit=False) as session:
        refused = org.refusal(session)
        if refused:
            raise ScaleRefused(refused)
        b = Build(session, factor, clock.today(), progress)
        progress(f"scale {scale} (x{factor:g} of the city) on {engine.dialect.name}, up to {b.today.isoformat()}")
        counts: dict[str, int] = {}
        for _module, dotted in registry.scale_steps():
            counts.update(resolve(dotted)(b))
        b.finish()
        b.stage("planner statistics", 0)
        session.commit()
        b.stage("committed", sum(counts.values()))
    progress(f"scale {scale}: done in {time.perf_counter() - started:.1f} s")
    return counts


@contextmanager
def _connection(engine) -> Iterator:
    """The build's one connection. SQLite: in rollback-journal mode for the build's one large
    transaction, so its pages are written to the database file once instead of to the WAL first and
    copied over at the checkpoint (about half the writing); WAL again afterwards. That needs the
    only connection to the file: where another is open (a running app), it stays in WAL."""
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        engine.dispose()  # this process's idle connections to the file
    with engine.connect() as conn:
        journal = sqlite and _rollback_journal(conn)
        try:
            yield conn
        finally:
            if journal:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
                conn.commit()


def _rollback_journal(conn) -> bool:
    """Leave WAL for the rollback journal, at once or not at all (another connection holds the file)."""
    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        mode = conn.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar()
    except OperationalError:
        mode = "wal"
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {db.SQLITE_BUSY_TIMEOUT_MS}")
    conn.commit()
    return mode == "delete"


def _scope(engine):
    @contextmanager
    def scope() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    return scope
