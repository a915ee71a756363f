"""The satisfaction part of the scale build: 1,000,000 SKM responses over three years for every unit
(about 400 per unit per quarter, what a province's units collect), and the service-user counts
behind each quarter's minimum sample.

Each unit keeps the demo's story where it has one (seed.satisfaction.STORIES), else a drift of its
own; the nine scores come from NumPy, a month of a unit at once.

The monthly IKM roll-up (survey_month) stays exact in the same transaction. PostgreSQL: its
statement-level triggers (migration 0004) add each COPY up at once. SQLite: its row trigger would
make the load four times slower, so it is set aside for the load (its own definition, read back
from the schema, is put back unchanged) and the sums of the generated months are added to the
roll-up instead, one row per unit and month; a test compares the roll-up with the responses.
"""

from __future__ import annotations

import random
import zlib
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

import numpy as np
from sqlmodel import select

from models.core.org import UnitService
from models.satisfaction import ELEMENTS, ServiceUserCount, Source, SurveyResponse
from seed.satisfaction import (
    EDUCATION_CITY,
    EDUCATION_PAPUA,
    OCCUPATION,
    PAPUA,
    STORIES,
    SUGGESTIONS,
    Story,
    _choices,
    _mean,
    _population,
)
from seed.scale.bulk import Build
from services.core import periods

CITY_RESPONSES = 1_000_000
MONTHS_BACK = 36


def _months(b: Build) -> list[periods.Period]:
    """From the start of the quarter three years back to this month (whole quarters shown)."""
    this_month = periods.containing(b.today, "month")
    first = this_month
    for _ in range(MONTHS_BACK - 1):
        first = periods.previous(first)
    begin = periods.containing(first.start, "quarter").start
    return periods.split(periods.custom(begin, this_month.end), "month")


def build(b: Build) -> dict[str, int]:
    months = _months(b)
    quarters = periods.split(periods.custom(months[0].start, months[-1].end), "quarter")
    services: dict[int, list[int]] = {}
    for sid, unit_id in b.session.exec(select(UnitService.id, UnitService.unit_id).order_by(UnitService.id)):
        services.setdefault(unit_id, []).append(sid)

    # Who is served where: a unit's share of the responses follows its population.
    population = {}
    for unit in b.units:
        rng = random.Random(zlib.crc32(f"scale-{unit.code}".encode()))
        population[unit.id] = {q.code: _population(unit, unit.district_code, rng) for q in quarters}
    counts = _service_user_counts(b, population)
    cells = []  # (unit, month index, weight)
    for unit in b.units:
        for i, month in enumerate(months):
            days = (min(month.end, b.today) - month.start).days + 1
            quarter = periods.containing(month.start, "quarter").code
            cells.append((unit, i, population[unit.id][quarter] * days / month.days))
    share = _exact_shares(b.count(CITY_RESPONSES), [w for _, _, w in cells])

    added = 0
    by_unit: dict[int, list[tuple[int, int]]] = {}
    for (unit, i, _), n in zip(cells, share, strict=True):
        if n:
            by_unit.setdefault(unit.id, []).append((i, n))
    table = SurveyResponse.__table__
    rows: list[dict] = []
    sums: list[dict] = []  # per unit and month: n and the nine sums, for the roll-up
    with _roll_up_after(b, sums):
        for unit in b.units:
            rows += _responses(b, unit, months, by_unit.get(unit.id, []), services.get(unit.id, []), sums)
            if len(rows) >= 100_000:
                added += b.insert(table, rows)
                rows = []
                b.stage("SKM responses", added)
        added += b.insert(table, rows)
    b.stage("SKM responses", added, "and their monthly IKM roll-up")
    return {"skm_responses": added, "service_user_counts": counts}


@contextmanager
def _roll_up_after(b: Build, sums: list[dict]):
    """SQLite: the insert trigger set aside while the block loads responses, their monthly sums
    (`sums`, filled by the block) then added to survey_month and the trigger put back.
    PostgreSQL: nothing to do."""
    if b.postgres:
        yield
        return
    conn = b.conn
    trigger = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'survey_month_insert'"
    ).scalar()
    if trigger:
        conn.exec_driver_sql("DROP TRIGGER survey_month_insert")
    yield
    cols = ", ".join(f"s{i}" for i in range(1, 10))
    add = ", ".join(f"s{i} = s{i} + excluded.s{i}" for i in range(1, 10))
    sql = (
        f"INSERT INTO survey_month (unit_id, month, n, {cols}) VALUES ({', '.join('?' * 12)}) "
        f"ON CONFLICT (unit_id, month) DO UPDATE SET n = n + excluded.n, {add}"
    )
    raw = conn.connection.driver_connection.cursor()
    raw.executemany(sql, [[r["unit_id"], r["month"].isoformat(), r["n"], *r["sums"]] for r in sums])
    raw.close()
    if trigger:
        conn.exec_driver_sql(trigger)


def _exact_shares(total: int, weights: list[float]) -> list[int]:
    """`total` split by weight into whole numbers that add up to it exactly (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    out = [int(r) for r in raw]
    for k in sorted(range(len(raw)), key=lambda k: out[k] - raw[k])[: total - sum(out)]:
        out[k] += 1
    return out


def _service_user_counts(b: Build, population: dict[int, dict[str, int]]) -> int:
    have = set(b.session.exec(select(ServiceUserCount.unit_id, ServiceUserCount.period)).all())
    stamp = datetime.combine(b.today, time(1, 0), tzinfo=UTC)
    rows = [
        {"unit_id": unit_id, "period": code, "users": users, "updated_at": stamp, "updated_by": None}
        for unit_id, by_quarter in population.items()
        for code, users in by_quarter.items()
        if (unit_id, code) not in have
    ]
    n = b.insert(ServiceUserCount.__table__, rows)
    b.stage("SKM service-user counts", n)
    return n


def _responses(b: Build, unit, months, cells: list[tuple[int, int]], service_ids: list[int], sums: list) -> list[dict]:
    rng = random.Random(zlib.crc32(f"scale-story-{unit.code}".encode()))
    story = STORIES.get(unit.code) or Story(rng.uniform(-0.2, 0.1), rng.uniform(-0.1, 0.25))
    gen = np.random.default_rng(zlib.crc32(f"scale-{unit.code}".encode()))
    papua = unit.district_code in PAPUA
    education = _choices(EDUCATION_PAPUA if papua else EDUCATION_CITY)
    occupation = _choices(OCCUPATION)
    offered = np.array(service_ids or [0])
    out = []
    for index, count in cells:
        month = months[index]
        progress = index / max(1, len(months) - 1)
        means = np.array([_mean(story, e, progress) for e in ELEMENTS])
        person = gen.normal(0, 0.28, (count, 1))  # a generous or a harsh respondent
        drawn = np.clip(np.rint(means + person + gen.normal(0, 0.42, (count, 9))), 1, 4).astype(int)
        sums.append({"unit_id": unit.id, "month": month.start, "n": count, "sums": drawn.sum(axis=0).tolist()})
        scores = drawn.tolist()
        last_day = min(month.end, b.today)
        days = gen.integers(0, (last_day - month.start).days + 1, count).tolist()
        draws = gen.random((count, 7)).tolist()
        ages = np.clip(gen.normal(38, 13, count), 17, 80).astype(int).tolist()
        chosen = offered[gen.integers(0, len(offered), count)].tolist()
        for k in range(count):
            answers = dict(zip(ELEMENTS, scores[k], strict=True))
            day = month.start + timedelta(days=days[k])
            r = draws[k]
            suggestion = None
            if r[0] < 0.12:
                low = min(ELEMENTS, key=answers.__getitem__)
                pool = SUGGESTIONS[low] if answers[low] <= 2 else SUGGESTIONS["good"]
                suggestion = pool[int(r[1] * len(pool))]
            out.append({
                "unit_id": unit.id,
                "service_id": chosen[k] if service_ids and r[2] < 0.9 else None,
                "answered_on": day,
                **answers,
                "gender": None if r[3] < 0.03 else ("P" if r[3] < 0.545 else "L"),
                "age": None if r[4] < 0.05 else ages[k],
                "education": None if r[5] < 0.05 else education(r[5]),
                "occupation": None if r[6] < 0.05 else occupation(r[6]),
                "suggestion": suggestion,
                "source": Source.demo.value,
                "kiosk_link_id": None,
                "import_id": None,
                "created_at": datetime.combine(day, time(3, 0), tzinfo=UTC),
                "created_by": None,
            })  # fmt: skip
    return out
