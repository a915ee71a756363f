"""What every module's part of the scale build shares: one transaction, the factor, bulk inserts,
progress lines, a pool of names and a working-day calendar fast enough for millions of steps.

Bulk inserts: SQLite gets sqlite3's executemany in large batches, with dates, timestamps and JSON
written as SQLAlchemy's types write them (a test reads them back through the app's models);
PostgreSQL gets COPY through psycopg.
Rows that other rows point to (units, complaints, forums, cohorts, ...) get their ids here, so a
part never waits for RETURNING and can stream its rows out batch by batch; `finish` moves the
PostgreSQL sequences past them.
"""

from __future__ import annotations

import json
import operator
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from faker import Faker
from sqlalchemy import JSON, Date, DateTime, Table, Time, func, select, text
from sqlmodel import Session

from services.core.workdays import Calendar

SEED = 2027  # one seed for the whole build: the same database every run (on the same day)
BATCH = 50_000  # rows per executemany / COPY
NAMES = 3_000  # names of each gender drawn once from Faker, then sampled


@dataclass(frozen=True)
class UnitRef:
    """A unit as the parts need it (also what the demo's complaint walk reads: id, code, kind)."""

    id: int
    code: str
    kind: str
    district_id: int
    district_code: str


class NamePool:
    """Indonesian names (Faker id_ID), drawn once: Faker per row would be the slowest step."""

    def __init__(self, seed: int, size: int = NAMES) -> None:
        fake = Faker("id_ID")
        fake.seed_instance(seed)
        self.male = [fake.name_male() for _ in range(size)]
        self.female = [fake.name_female() for _ in range(size)]
        places = {fake.street_name().split(" ", 1)[-1] for _ in range(size)}
        self.places = sorted(p for p in places if p[:1].isupper())

    def name(self, rng: random.Random, gender: str | None = None) -> str:
        gender = gender or rng.choice("LP")
        return rng.choice(self.male if gender == "L" else self.female)


class FastCalendar:
    """The same answers as `services.core.workdays.Calendar` (a test compares them), read from a
    precomputed index of the working days between two dates; outside them it asks the calendar."""

    def __init__(self, cal: Calendar, first: date, last: date) -> None:
        self.cal = cal
        self.first, self.last = first, last
        self.working: list[date] = []  # the working days in [first, last], in order
        self.count: list[int] = []  # working days in [first, first + offset]
        day, n = first, 0
        while day <= last:
            if cal.is_working_day(day):
                self.working.append(day)
                n += 1
            self.count.append(n)
            day += timedelta(days=1)

    def _inside(self, *days: date) -> bool:
        return all(self.first < d <= self.last for d in days)

    def is_working_day(self, day: date) -> bool:
        if not self._inside(day):
            return self.cal.is_working_day(day)
        o = (day - self.first).days
        return self.count[o] != self.count[o - 1]

    def add(self, start: date, n: int) -> date:
        if n == 0:
            return start
        if not self._inside(start):
            return self.cal.add(start, n)
        o = (start - self.first).days
        k = self.count[o] + n - 1 if n > 0 else self.count[o - 1] + n
        if 0 <= k < len(self.working) and (n > 0 or self.count[o - 1] > 0):
            return self.working[k]
        return self.cal.add(start, n)

    def between(self, start: date, end: date) -> int:
        if not self._inside(start, end):
            return self.cal.between(start, end)
        return self.count[(end - self.first).days] - self.count[(start - self.first).days]

    def days_left(self, today: date, due: date) -> int:
        if due > today:
            return max(1, self.between(today, due))
        if due == today:
            return 0
        return -max(1, self.between(due, today))


def _sqlite_datetime(value: datetime) -> str:
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _sqlite_converter(type_) -> Callable | None:
    """What SQLAlchemy's SQLite types write for a value (the app reads these rows through them):
    dates as YYYY-MM-DD, timestamps in UTC as YYYY-MM-DD HH:MM:SS.ffffff, JSON as text."""
    if isinstance(type_, JSON):
        return json.dumps
    if isinstance(type_, DateTime) or isinstance(getattr(type_, "impl", None), DateTime):
        return _sqlite_datetime
    if isinstance(type_, Date):
        return date.isoformat
    if isinstance(type_, Time):
        return lambda t: t.isoformat(timespec="microseconds")
    return None


def prepare(table: Table, rows: list[dict], postgres: bool) -> tuple[list[str], list[list]]:
    """Rows as value lists in column order, in the form the database's bulk path takes: JSON as
    text; on SQLite also dates and timestamps as text (see `_sqlite_converter`)."""
    columns = list(rows[0])
    if postgres:
        convert = [(i, json.dumps) for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    else:
        convert = [(i, f) for i, f in enumerate(_sqlite_converter(table.c[c].type) for c in columns) if f]
    get = operator.itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    out = []
    for row in rows:
        v = list(get(row))
        for i, f in convert:
            if v[i] is not None:
                v[i] = f(v[i])
        out.append(v)
    return columns, out


class Build:
    """One scale build: its transaction (`session`), size (`factor` of the city), clock and output."""

    def __init__(self, session: Session, factor: float, today: date, progress: Callable[[str], None]) -> None:
        self.session = session
        self.conn = session.connection()
        self.postgres = self.conn.dialect.name == "postgresql"
        self.factor = factor
        self.today = today
        self.progress = progress
        self.started = time.perf_counter()
        self.units: list[UnitRef] = []
        self._names: NamePool | None = None
        self._own_ids: set[str] = set()
        if not self.postgres:  # a bigger page cache: the indexes of millions of rows stay in memory
            self.conn.exec_driver_sql("PRAGMA cache_size = -400000")

    def count(self, city: int) -> int:
        """How many of a kind the city has `city` of, at this build's size (at least one)."""
        return max(1, round(city * self.factor))

    def rng(self, label: str) -> random.Random:
        return random.Random(f"{SEED}-{label}")

    @property
    def names(self) -> NamePool:
        if self._names is None:
            self._names = NamePool(SEED)
        return self._names

    def load_units(self) -> list[UnitRef]:
        from models.core.org import District, Unit

        rows = self.session.exec(
            select(Unit.id, Unit.code, Unit.kind, Unit.district_id, District.code)
            .join(District, District.id == Unit.district_id)
            .where(Unit.active == True)  # noqa: E712
            .order_by(Unit.id)
        ).all()
        self.units = [UnitRef(*r) for r in rows]
        return self.units

    def next_id(self, table: Table) -> int:
        """The first free id of `table`; the caller numbers its rows from it (see `finish`)."""
        self._own_ids.add(table.name)
        return (self.conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1

    def insert(self, table: Table, rows: Iterable[dict]) -> int:
        """Insert rows (dicts with the same keys, every column the app would fill) in batches."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        return self.insert_values(table, *prepare(table, rows, self.postgres))

    def insert_values(self, table: Table, columns: list[str], values: list) -> int:
        """Insert rows already in the database's form (`prepare`, maybe done in another process)."""
        if not values:
            return 0
        names = ", ".join(columns)
        raw = self.conn.connection.driver_connection  # sqlite3 or psycopg 3, inside this transaction
        if not self.postgres:
            cursor = raw.cursor()
            sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, values[start : start + BATCH])
            cursor.close()
            return len(values)
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        return len(values)

    def stage(self, what: str, n: int, note: str = "") -> None:
        """One progress line: what was written, how many, seconds since the build began."""
        elapsed = time.perf_counter() - self.started
        self.progress(f"  {what:<34} {n:>10,}  {elapsed:7.1f} s" + (f"  {note}" if note else ""))

    def finish(self) -> None:
        """PostgreSQL: sequences past the ids given here, and fresh planner statistics; SQLite: the
        query planner's statistics (the indexes it chooses depend on them at this size)."""
        if self.postgres:
            for name in sorted(self._own_ids):
                self.conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))"
                )
            self.conn.exec_driver_sql("ANALYZE")
        else:
            self.conn.execute(text("ANALYZE"))
