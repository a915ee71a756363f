"""Alembic is the only path to the schema: head matches the models, and the chain goes down and up."""

import json
import re
import uuid
import zlib
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, MetaData, Table, inspect, select
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


# --- every row through every migration, up, down and up again ---------------------------------------
# Generic over the tables and columns each revision has (reflected, so it works with old schemas and
# covers the tables later modules add): one row per table per pass, written through SQL, each value
# made from the column's type (foreign keys point at the row just written to the referenced table,
# CHECK ... BETWEEN bounds are kept), then found again by primary key after every step.

# "u1 BETWEEN 1 AND 4" as SQLite keeps it, "u1 >= 1 AND u1 <= 4" as PostgreSQL rewrites it.
BETWEEN_RES = (
    re.compile(r'^"?(\w+)"? BETWEEN (-?\d+) AND (-?\d+)$', re.I),
    re.compile(r'^"?(\w+)"? >= (-?\d+) AND "?\1"? <= (-?\d+)$', re.I),
)


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def reflect(conn) -> MetaData:
    meta = MetaData()
    meta.reflect(bind=conn)
    if "alembic_version" in meta.tables:
        meta.remove(meta.tables["alembic_version"])
    return meta


def bounds(conn, table: str) -> dict[str, tuple[int, int]]:
    found = {}
    for check in inspect(conn).get_check_constraints(table):
        sql = re.sub(r"\s+", " ", check["sqltext"].replace("(", "").replace(")", "")).strip()
        for pattern in BETWEEN_RES:
            if match := pattern.match(sql):
                found[match.group(1)] = (int(match.group(2)), int(match.group(3)))
    return found


def value_for(table: Table, column, n: int, limits: dict[str, tuple[int, int]]):
    """A value of the column's type, different for every row n of the table."""
    t = column.type
    name = f"{table.name}.{column.name}"
    if getattr(t, "enums", None):
        return t.enums[n % len(t.enums)]
    if isinstance(t, JSON):
        return {"table": table.name, "n": n}
    try:
        python = t.python_type
    except NotImplementedError as exc:
        raise AssertionError(f"no test value for {name} of type {t!r}: add one to value_for") from exc
    if python is bool:
        return n % 2 == 0
    if python is int:
        if column.name in limits:
            low, high = limits[column.name]
            return low + n % (high - low + 1)
        return n
    if python is float:
        return n + 0.5
    if python is Decimal:
        return Decimal(n)
    if python is str:
        length = getattr(t, "length", None) or 200
        tail = str(n)
        return (f"{table.name[:4]}{column.name[:4]}"[: max(length - len(tail), 0)] + tail)[-length:]
    if python is datetime:
        return datetime(2026, 1, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=n)
    if python is time:
        return time(8 + n % 10, (7 * n) % 60)
    if python is date:  # a year of its own per table: no clash with rows that triggers add
        return date(1700 + zlib.crc32(table.name.encode()) % 300, 1, 1) + timedelta(days=n)
    if python in (dict, list):
        return {"table": table.name, "n": n}
    if python is bytes:
        return b"\x00sigap" + bytes([n % 256])
    if python is uuid.UUID:
        return uuid.UUID(int=zlib.crc32(name.encode()) * 1000 + n)
    raise AssertionError(f"no test value for {name} of type {t!r}: add one to value_for")


def comparable(value):
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).replace(tzinfo=None)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class Ledger:
    """The rows written so far, by table and primary key, with the values still expected."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[tuple, dict]] = {}
        self.serial: dict[str, int] = {}

    def fill(self, conn) -> None:
        """One new row in every table there is now."""
        meta = reflect(conn)
        latest: dict[str, dict] = {}
        for table in meta.sorted_tables:
            n = self.serial[table.name] = self.serial.get(table.name, 4) + 1  # past small CHECK bounds
            limits = bounds(conn, table.name)
            assert table.name != "survey_response" or len(limits) == 9, limits  # the bounds are read
            row = {}
            for column in table.columns:
                if column.computed is not None or (column.identity is not None and column.identity.always):
                    continue
                row[column.name] = value_for(table, column, n, limits)
            for fk in table.foreign_key_constraints:
                parent = latest.get(fk.referred_table.name)
                for element in fk.elements:
                    local = element.parent.name
                    if parent is not None and fk.referred_table is not table:
                        row[local] = parent[element.column.name]
                    elif fk.referred_table is table and not element.parent.nullable:
                        row[local] = row[element.column.name]
                    else:
                        assert element.parent.nullable, f"{table.name}.{local} cannot be filled"
                        row[local] = None
            conn.execute(table.insert().values(**row))
            latest[table.name] = row
            key = tuple(row[c.name] for c in table.primary_key.columns)
            self.rows.setdefault(table.name, {})[key] = row

    def forget_what_is_gone(self, conn) -> None:
        """After a downgrade: the tables and columns it removed take their values with them."""
        inspector = inspect(conn)
        present = set(inspector.get_table_names())
        for table in list(self.rows):
            if table not in present:
                del self.rows[table]
                continue
            columns = {c["name"] for c in inspector.get_columns(table)}
            for row in self.rows[table].values():
                for gone in set(row) - columns:
                    del row[gone]

    def check(self, conn, where: str) -> int:
        """Every row written is there with its values; returns how many rows were checked."""
        meta = reflect(conn)
        checked = 0
        for name, rows in self.rows.items():
            table = meta.tables[name]
            pk = list(table.primary_key.columns)
            for key, expected in rows.items():
                found = (
                    conn.execute(select(table).where(*[c == k for c, k in zip(pk, key, strict=True)]))
                    .mappings()
                    .first()
                )
                assert found is not None, f"{where}: {name} row {key} is gone"
                got = {c: comparable(found[c]) for c in expected}
                want = {c: comparable(v) for c, v in expected.items()}
                assert got == want, f"{where}: {name} row {key} changed"
                checked += 1
        return checked


def shape(conn) -> dict[str, set[str]]:
    inspector = inspect(conn)
    return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


def test_every_row_survives_every_migration_up_down_and_up_again(tmp_root):
    from alembic import command

    chain = revisions()
    assert chain[0] == "0001"
    with fresh_database(tmp_root, "rows") as url:
        cfg = db.alembic_config(url)
        command.downgrade(cfg, "base")
        engine = db.make_engine(url)
        ledger, shapes = Ledger(), {}

        def at(revision: str, fill: bool) -> None:
            with engine.begin() as conn:
                assert MigrationContext.configure(conn).get_current_revision() == revision
                if fill:
                    ledger.fill(conn)
                shapes.setdefault(revision, shape(conn))
                assert shape(conn) == shapes[revision], f"{revision}: not the schema it had on the way up"
                assert ledger.check(conn, f"at {revision}") > 0

        # Up from the first migration to head, a row in every table at every step.
        for revision in chain:
            command.upgrade(cfg, revision)
            at(revision, fill=True)
        with engine.connect() as conn:
            every_table = set(shape(conn)) - {"alembic_version"}
        assert every_table == set(ledger.rows), "some table got no row"
        # Down to the first migration one step at a time: what the step keeps keeps its rows.
        for revision in reversed(chain[:-1]):
            command.downgrade(cfg, revision)
            with engine.connect() as conn:
                ledger.forget_what_is_gone(conn)
            at(revision, fill=False)
        # Up again on a database with data: the rows of 0001 ride along, new rows join at each step.
        for revision in chain[1:]:
            command.upgrade(cfg, revision)
            at(revision, fill=True)
        # Base drops the last tables: a downgrade cannot keep the data of a table it removes.
        command.downgrade(cfg, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        command.upgrade(cfg, "head")
        assert db.schema_is_current(engine)
        engine.dispose()


def test_0008_brings_rows_from_before_0005_into_todays_form(tmp_root, today):
    """Audit rows without a district, phones stored as 00812..., system steps named 'Sistem'."""
    from alembic import command
    from sqlalchemy import text
    from sqlmodel import Session

    from tests.complaints.factories import intake
    from tests.factories import build_world

    with fresh_database(tmp_root, "old-rows") as url:
        engine = db.make_engine(url)
        with Session(engine, expire_on_commit=False) as s:
            world = build_world(s)
            s.commit()
            created = intake(s, world["officer"], complainant_phone="081234567890")
        with engine.begin() as conn:  # as the code before 0005 wrote them
            conn.execute(text("UPDATE audit_log SET district_id = NULL"))
            conn.execute(text("UPDATE complaint SET complainant_phone = '0081234567890'"))
            conn.execute(text("UPDATE complaint_event SET actor_id = NULL, actor_name = 'Sistem'"))
            conn.execute(
                text("INSERT INTO audit_log (at, action, entity, entity_id, note) "
                     "VALUES (CURRENT_TIMESTAMP, 'update', 'setting', 'login.max_failures', NULL)")
            )  # fmt: skip
        engine.dispose()
        command.downgrade(db.alembic_config(url), "0007")
        command.upgrade(db.alembic_config(url), "0008")
        engine = db.make_engine(url)
        with engine.connect() as conn:
            placed = conn.execute(
                text("SELECT district_id FROM audit_log WHERE entity = 'complaint' AND entity_id = :t"),
                {"t": created.tracking_id},
            ).all()
            setting = conn.execute(text("SELECT district_id FROM audit_log WHERE entity = 'setting'")).scalar()
            phone = conn.execute(text("SELECT complainant_phone FROM complaint")).scalar()
            names = {r[0] for r in conn.execute(text("SELECT actor_name FROM complaint_event"))}
        engine.dispose()
        assert placed and all(d == world.wgr.id for (d,) in placed)
        assert setting is None  # installation-wide: for admins of all districts, as new rows are
        assert phone == "081234567890" and names == {""}
