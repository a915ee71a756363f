"""Satisfaction at scale: ~1,000,000 SKM responses in a scratch database, and the dashboard's and the
command line's aggregates timed through the real service functions.

    python -m bench.run satisfaction                      # SQLite in a temp folder
    BENCH_DATABASE_URL=postgresql+psycopg://... python -m bench.run satisfaction
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, func, select

from models.core.base import Role
from models.core.org import District, Unit
from models.satisfaction import ELEMENTS, SurveyResponse
from services.core import clock, db, periods
from services.core.access import Actor
from services.satisfaction import dashboard, home, imports, stats, surveys

TOTAL = int(os.environ.get("BENCH_SKM_ROWS", 1_000_000))
DISTRICTS = 5
UNITS_PER_DISTRICT = 8
MONTHS = 24
BATCH = 50_000
REPEAT = 5
ROOT = Path(__file__).resolve().parent.parent


def _timed(fn, repeat: int = REPEAT) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _build(session: Session) -> tuple[list[int], list[int]]:
    districts, units = [], []
    for i in range(DISTRICTS):
        d = District(name=f"Bench SKM {i}", code=f"S{chr(65 + i)}K", kind="distrik", province="Bench")
        session.add(d)
        session.flush()
        districts.append(d.id)
        for j in range(UNITS_PER_DISTRICT):
            u = Unit(code=f"{d.code}-U{j}", name=f"Unit {j}", kind="kantor", district_id=d.id)
            session.add(u)
            session.flush()
            units.append(u.id)
    session.commit()
    return districts, units


def _rows(units: list[int], start: datetime, days: int, rng: random.Random):
    """Responses spread over the units and days; each unit answers around its own level."""
    weights = {}
    for u in units:
        level = rng.uniform(2.6, 3.5)
        raw = [max(0.02, 1 - abs(score - level) / 1.6) for score in (1, 2, 3, 4)]
        weights[u] = [sum(raw[: i + 1]) for i in range(4)]
    now = datetime.now(UTC)
    dates = [(start + timedelta(days=i)).date() for i in range(days)]
    scores = (1, 2, 3, 4)
    for _ in range(TOTAL):
        unit = units[int(rng.random() * len(units))]
        answers = rng.choices(scores, cum_weights=weights[unit], k=9)
        yield {
            "unit_id": unit,
            "answered_on": dates[int(rng.random() * days)],
            **dict(zip(ELEMENTS, answers, strict=True)),
            "gender": "P" if rng.random() < 0.5 else "L",
            "age": 17 + int(rng.random() * 60),
            "education": None,
            "occupation": None,
            "suggestion": "Antrean terlalu lama" if rng.random() < 0.1 else None,
            "source": "demo",
            "service_id": None,
            "kiosk_link_id": None,
            "import_id": None,
            "created_at": now,
            "created_by": None,
        }


IMPORT_ROWS = 50_000


def _imports(engine, units: list[int]) -> list[tuple[str, str]]:
    """A 50,000-row CSV over every unit and the last 90 days: check it, import it, then check the
    same file corrected (one more row), whose rows are all found among the earlier import's."""
    from services.core.access import system_actor

    actor = system_actor("bench")
    rng = random.Random(14)
    today = clock.today()
    with Session(engine) as session:
        codes = list(session.exec(select(Unit.code).where(Unit.id.in_(units))).all())
    lines = ["date,unit_code,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,suggestion"]
    for _ in range(IMPORT_ROWS):
        day = today - timedelta(days=int(rng.random() * 90))
        scores = ",".join(str(rng.choice((2, 3, 3, 4))) for _ in ELEMENTS)
        lines.append(f"{day},{rng.choice(codes)},{scores},{rng.choice('LP')},{18 + int(rng.random() * 60)},")
    content = ("\n".join(lines) + "\n").encode()
    corrected = content + f"{today},{codes[0]},1,1,1,1,1,1,1,1,1,L,40,\n".encode()
    figures = []
    with Session(engine) as session:
        started = time.perf_counter()
        preview = imports.parse_import(session, actor, content, "bench.csv")
        figures.append(
            (f"import check of a {IMPORT_ROWS:,}-row CSV (the preview)", f"{time.perf_counter() - started:.1f} s")
        )
        started = time.perf_counter()
        imports.import_file(session, actor, content, "bench.csv", preview=preview)
        session.commit()
        figures.append((f"import of the checked {IMPORT_ROWS:,} rows", f"{time.perf_counter() - started:.1f} s"))
        started = time.perf_counter()
        again = imports.parse_import(session, actor, corrected, "bench-fixed.csv")
        elapsed = time.perf_counter() - started
        assert (len(again.already), len(again.good)) == (IMPORT_ROWS, 1)
        figures.append(
            (f"check of the corrected file ({IMPORT_ROWS:,} rows found already imported)", f"{elapsed:.1f} s")
        )
    return figures


def run(url: str) -> list[tuple[str, str]]:
    engine = db.make_engine(url)
    figures: list[tuple[str, str]] = []
    today = clock.today()
    window = periods.ending(today, "month", MONTHS)
    with Session(engine) as session:
        districts, units = _build(session)
        rng = random.Random(2026)
        started = time.perf_counter()
        batch: list[dict] = []
        first = datetime.combine(window.start, datetime.min.time())
        for row in _rows(units, first, (today - window.start).days + 1, rng):
            batch.append(row)
            if len(batch) >= BATCH:
                surveys.insert_responses(session, batch)
                batch.clear()
        if batch:
            surveys.insert_responses(session, batch)
        session.commit()
        total = session.exec(select(func.count()).select_from(SurveyResponse)).one()
        figures.append((f"bulk insert {total:,} responses ({len(units)} units, {MONTHS} months)",
                        f"{time.perf_counter() - started:.1f} s"))  # fmt: skip
        # Fresh statistics, as a maintained database would have them.
        session.exec(text("ANALYZE survey_response" if engine.dialect.name == "postgresql" else "ANALYZE"))
        session.commit()

        manager = Actor(0, "bench", "Bench", frozenset({Role.manager}), None)
        district_manager = Actor(0, "bench", "Bench", frozenset({Role.manager}), districts[0])
        quarter = periods.containing(today - timedelta(days=92), "quarter")
        buckets = periods.split(window, "quarter")

        def all_districts():
            return stats.monthly_cells(session, manager, start=window.start, end=window.end)

        ms, cells = _timed(all_districts)
        figures.append((f"dashboard cells, all districts, {MONTHS} months ({len(cells)} cells)", f"{ms:.0f} ms"))

        def one_district():
            return stats.monthly_cells(session, manager, start=window.start, end=window.end, district_id=districts[0])

        ms, district_cells = _timed(one_district)
        figures.append(
            (f"dashboard cells, one district, {MONTHS} months ({len(district_cells)} cells)", f"{ms:.0f} ms")
        )

        def compose():
            selection = stats.select_scope(session, manager)
            return dashboard.compose(cells, selection, selection.units, buckets=buckets, step="quarter", focus=None)

        ms, _ = _timed(compose)
        figures.append(("compose the dashboard from the cells (Python)", f"{ms:.1f} ms"))

        ms, result = _timed(lambda: stats.ikm_for(session, manager, period=quarter, unit_id=units[0]))
        figures.append((f"elements of one unit, one quarter (n={result.n:,})", f"{ms:.1f} ms"))

        ms, result = _timed(lambda: stats.ikm_for(session, district_manager, period=periods.parse(str(today.year))))
        figures.append((f"IKM of one district, this year (n={result.n:,})", f"{ms:.0f} ms"))

        ms, _ = _timed(lambda: stats.suggestions(session, manager, period=quarter))
        figures.append(("latest suggestions, all districts, one quarter", f"{ms:.1f} ms"))

        ms, _ = _timed(lambda: stats.profile(session, manager, period=quarter, unit_id=units[0]))
        figures.append(("respondent profile of one unit, one quarter (report)", f"{ms:.1f} ms"))

        ms, _ = _timed(lambda: stats.data_version(session))
        figures.append(("data version (the live refresh's cache key)", f"{ms:.1f} ms"))

        ms, _ = _timed(lambda: home.districts_this_quarter(session, manager, today))
        figures.append(("manager's home: this and last quarter per district", f"{ms:.0f} ms"))

    figures += _imports(engine, units)

    with Session(engine) as session:
        unit_code = session.exec(select(Unit.code).where(Unit.id == units[0])).one()
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "report-ikm", "--unit", unit_code, "--period", quarter.code, "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures.append(("manage.py report-ikm --unit --json (whole process)", f"{(time.perf_counter() - started):.2f} s"))
    assert result.stdout.strip().startswith("{")
    engine.dispose()
    return figures
