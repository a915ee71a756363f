"""Complaint triage at scale: ~300,000 complaints in a scratch database, and the queue's and the
dashboard's typical queries timed through the real service functions.

    python -m bench.run complaints                      # SQLite in a temp folder
    BENCH_DATABASE_URL=postgresql+psycopg://... python -m bench.run complaints
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from models.complaints import CATEGORIES, Complaint, ComplaintHandler
from models.core.base import Role
from models.core.org import District, Unit
from services.complaints import home, triage, workflow
from services.complaints import stats as complaint_stats
from services.complaints.triage import QueueFilter
from services.core import clock, db, periods, workdays
from services.core.access import Actor

TOTAL = 300_000
DISTRICTS = 5
UNITS_PER_DISTRICT = 7
BATCH = 20_000
REPEAT = 5
KINDS = ["dukcapil", "perizinan", "puskesmas", "sosial", "kantor", "kominfo", "kelurahan"]
WORDS = (
    "KTP-el belum jadi antrean panjang izin usaha NIB lambat obat kosong jalan rusak bantuan sosial "
    "tidak tepat sasaran sampah menumpuk aplikasi error petugas kasar surat keterangan legalisasi"
).split()


def _timed(fn, repeat: int = REPEAT) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _build(session: Session, today: date) -> tuple[list[int], dict[int, list[int]]]:
    rng = random.Random(2026)
    districts, units, codes = [], {}, {}
    for i in range(DISTRICTS):
        d = District(name=f"Bench {i}", code=f"B{chr(65 + i)}X", kind="distrik", province="Bench")
        session.add(d)
        session.flush()
        districts.append(d.id)
        codes[d.id] = d.code
        units[d.id] = []
        for j, kind in enumerate(KINDS[:UNITS_PER_DISTRICT]):
            u = Unit(code=f"{d.code}-U{j}", name=f"Unit {j}", kind=kind, district_id=d.id)
            session.add(u)
            session.flush()
            units[d.id].append(u.id)
    session.commit()

    now = datetime.now(UTC)
    seqs = {(d, y): 0 for d in districts for y in (today.year - 1, today.year)}
    cats = list(CATEGORIES)
    rows, handlers, cid = [], [], 0
    for n in range(TOTAL):
        d = districts[n % DISTRICTS]
        received = today - timedelta(days=rng.randrange(365))
        seqs[(d, received.year)] += 1
        age = (today - received).days
        state = (
            "closed"
            if age > 30 and rng.random() < 0.9
            else rng.choice(
                ["received", "verified", "forwarded", "in_follow_up", "done", "closed", "postponed", "archived"]
            )
        )
        open_ = state not in ("closed", "archived")
        due_kind = {"received": "forward", "verified": "forward", "forwarded": "follow_up", "postponed": "resume"}.get(
            state, "auto_close" if state in ("in_follow_up", "done") else None
        )
        unit = rng.choice(units[d])
        cid += 1
        closed_on = received + timedelta(days=rng.randint(3, 25)) if state == "closed" else None
        rows.append(
            {
                "tracking_id": f"{codes[d]}-{received.year}-{seqs[(d, received.year)]:06d}",
                "district_id": d,
                "year": received.year,
                "seq": seqs[(d, received.year)],
                "kind": "pengaduan",
                "channel": "online",
                "category": rng.choice(cats),
                "title": " ".join(rng.choices(WORDS, k=6)),
                "description": " ".join(rng.choices(WORDS, k=45)),
                "area": f"Kelurahan {rng.randrange(40)}",
                "received_on": received,
                "priority": rng.choice(["low", "medium", "medium", "high", "urgent"]),
                "state": state,
                "unit_id": unit,
                "secret": rng.random() < 0.03,
                "anonymous": rng.random() < 0.1,
                "complainant_name": "Warga Bench",
                "pin_hash": "scrypt$16384$8$1$00$00",
                "due_on": received + timedelta(days=rng.randint(3, 40)) if open_ else None,
                "due_kind": due_kind if open_ else None,
                "resolve_by": received + timedelta(days=14),
                "late": rng.random() < 0.3,
                "paused_days": 0,
                "closed_on": closed_on,
                "handling_days": rng.randint(1, 20) if closed_on else None,
                "on_time": rng.random() < 0.65 if closed_on else None,
                "created_at": now,
                "updated_at": now,
                "version": 0,
            }
        )
        if state != "received":
            handlers.append({"complaint_id": cid, "unit_id": unit})
        if len(rows) >= BATCH:
            session.connection().execute(Complaint.__table__.insert(), rows)
            rows = []
    if rows:
        session.connection().execute(Complaint.__table__.insert(), rows)
    for start in range(0, len(handlers), BATCH):
        session.connection().execute(ComplaintHandler.__table__.insert(), handlers[start : start + BATCH])
    session.commit()
    return districts, units, codes


def run(url: str) -> list[tuple[str, str]]:
    engine = db.make_engine(url)
    today = clock.today()
    out: list[tuple[str, str]] = []
    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        districts, units, codes = _build(session, today)
        out.append((f"insert {TOTAL:,} complaints (+ handler rows)", f"{time.perf_counter() - started:.1f} s"))
        session.commit()
        # Fresh statistics and visibility map, as a running installation has (autovacuum does this).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
        workdays.calendar(session)

        d0, unit0 = districts[0], units[districts[0]][0]
        coordinator = Actor(1, "bench", "Bench", frozenset({Role.officer}), d0)
        liaison = Actor(2, "bench.unit", "Bench Unit", frozenset({Role.officer}), d0, unit_id=unit0)
        manager = Actor(3, "bench.manager", "Bench Manager", frozenset({Role.manager}), None)
        year = periods.parse(str(today.year))
        last12 = periods.custom(today - timedelta(days=364), today)

        cases = [
            ("queue, first page, one district (coordinator)", lambda: triage.queue(session, coordinator).total),
            ("queue, first page, all districts (manager)", lambda: triage.queue(session, manager).total),
            (
                "queue, unit + state filter",
                lambda: triage.queue(session, coordinator, QueueFilter(unit_id=unit0, states=("forwarded",))).total,
            ),
            ("queue, a unit liaison's (its current unit)", lambda: triage.queue(session, liaison).total),
            (
                "queue, once handled by the liaison's unit (EXISTS handler)",
                lambda: triage.queue(session, liaison, QueueFilter(scope="former")).total,
            ),
            ("counts, a unit liaison", lambda: triage.summary(session, liaison)),
            (
                "queue, closed last year, newest first, page 20",
                lambda: (
                    triage.queue(session, coordinator, QueueFilter(states=("closed",), sort="newest"), page=20).total
                ),
            ),
            (
                "queue, text search 'izin usaha' (one district)",
                lambda: triage.queue(session, coordinator, QueueFilter(search="izin usaha")).total,
            ),
            (
                "queue, text search 'izin usaha' (all districts)",
                lambda: triage.queue(session, manager, QueueFilter(search="izin usaha")).total,
            ),
            (
                "queue, tracking ID lookup",
                lambda: triage.queue(session, manager, QueueFilter(search=f"{codes[d0]}-{today.year}-000042")).total,
            ),
            ("overdue / due today / escalated counts (one district)", lambda: triage.summary(session, coordinator)),
            ("overdue / due today / escalated counts (all districts)", lambda: triage.summary(session, manager)),
            ("home page items, officer", lambda: home.home_attention(session, coordinator)),
            ("home page items, manager (all districts)", lambda: home.home_attention(session, manager)),
            (
                "closing expired follow-ups, one district (up to 500 a call)",
                lambda: workflow.close_expired(session, coordinator),
            ),
            (
                "dashboard: volume by category x month, 12 months, all",
                lambda: len(complaint_stats.volume_by_category(session, manager, last12)),
            ),
            (
                "dashboard: on-time share + median days by month, all",
                lambda: len(complaint_stats.closing_by_bucket(session, manager, last12)),
            ),
            (
                "dashboard: the same, one district, by quarter",
                lambda: len(complaint_stats.closing_by_bucket(session, manager, year, "quarter", district_id=d0)),
            ),
            ("dashboard: headline figures, all", lambda: complaint_stats.overview(session, manager, last12)),
        ]
        for label, fn in cases:
            ms, result = _timed(fn)
            out.append((label, f"{ms:.1f} ms"))
            session.rollback()
    engine.dispose()
    return out
