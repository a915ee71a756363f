"""The service calls behind the pages, timed one by one on the benchmark's database (what `make
bench` measured before the page benchmark; the figures keep their old labels). Milliseconds, the
median of `repeat` runs after one warm-up."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, func, select

from models.complaints import Complaint
from models.core.base import Role
from models.core.org import Unit
from services.complaints import home, triage, workflow
from services.complaints import stats as complaint_stats
from services.complaints.triage import QueueFilter
from services.core import clock, periods, workdays
from services.core.access import Actor
from services.satisfaction import dashboard, stats
from services.satisfaction import home as skm_home

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn, repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def _fixtures(session: Session):
    """The busiest district, its busiest unit, and one of its tracking IDs."""
    d0, unit0 = session.exec(
        select(Complaint.district_id, Complaint.unit_id)
        .where(Complaint.unit_id.is_not(None))
        .group_by(Complaint.district_id, Complaint.unit_id)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    tid = session.exec(select(Complaint.tracking_id).where(Complaint.district_id == d0).limit(1)).one()
    return d0, unit0, tid


def run(session: Session, repeat: int = 5) -> dict[str, float]:
    today = clock.today()
    workdays.calendar(session)
    d0, unit0, tid = _fixtures(session)
    coordinator = Actor(1, "bench", "Bench", frozenset({Role.officer}), d0)
    liaison = Actor(2, "bench.unit", "Bench Unit", frozenset({Role.officer}), d0, unit_id=unit0)
    manager = Actor(3, "bench.manager", "Bench Manager", frozenset({Role.manager}), None)
    district_manager = Actor(3, "bench.manager", "Bench Manager", frozenset({Role.manager}), d0)
    year = periods.parse(str(today.year))
    last12 = periods.custom(today - timedelta(days=364), today)
    window = periods.ending(today, "month", 24)
    quarter = periods.containing(today - timedelta(days=92), "quarter")
    buckets = periods.split(window, "quarter")
    cells = stats.monthly_cells(session, manager, start=window.start, end=window.end)

    def compose():
        selection = stats.select_scope(session, manager)
        return dashboard.compose(cells, selection, selection.units, buckets=buckets, step="quarter", focus=None)

    cases = {
        "queue, first page, one district (coordinator)": lambda: triage.queue(session, coordinator).total,
        "queue, first page, all districts (manager)": lambda: triage.queue(session, manager).total,
        "queue, unit + state filter": lambda: (
            triage.queue(session, coordinator, QueueFilter(unit_id=unit0, states=("forwarded",))).total
        ),
        "queue, a unit liaison's (its current unit)": lambda: triage.queue(session, liaison).total,
        "queue, once handled by the liaison's unit (EXISTS handler)": lambda: (
            triage.queue(session, liaison, QueueFilter(scope="former")).total
        ),
        "queue, closed, newest first, page 20": lambda: (
            triage.queue(session, coordinator, QueueFilter(states=("closed",), sort="newest"), page=20).total
        ),
        "queue, text search 'izin usaha' (one district)": lambda: (
            triage.queue(session, coordinator, QueueFilter(search="izin usaha")).total
        ),
        "queue, text search 'izin usaha' (all districts)": lambda: (
            triage.queue(session, manager, QueueFilter(search="izin usaha")).total
        ),
        "queue, tracking ID lookup": lambda: triage.queue(session, manager, QueueFilter(search=tid)).total,
        "overdue / due today / escalated counts (one district)": lambda: triage.summary(session, coordinator),
        "overdue / due today / escalated counts (all districts)": lambda: triage.summary(session, manager),
        "home page items, officer": lambda: home.home_attention(session, coordinator),
        "home page items, manager (all districts)": lambda: home.home_attention(session, manager),
        "closing expired follow-ups, one district (up to 500 a call)": lambda: workflow.close_expired(
            session, coordinator
        ),
        "complaints dashboard: volume by category x month, 12 months, all": lambda: complaint_stats.volume_by_category(
            session, manager, last12
        ),
        "complaints dashboard: on-time share + median days by month, all": lambda: complaint_stats.closing_by_bucket(
            session, manager, last12
        ),
        "complaints dashboard: the same, one district, by quarter": lambda: complaint_stats.closing_by_bucket(
            session, manager, year, "quarter", district_id=d0
        ),
        "complaints dashboard: headline figures, all": lambda: complaint_stats.overview(session, manager, last12),
        "SKM dashboard cells, all districts, 24 months": lambda: stats.monthly_cells(
            session, manager, start=window.start, end=window.end
        ),
        "SKM dashboard cells, one district, 24 months": lambda: stats.monthly_cells(
            session, manager, start=window.start, end=window.end, district_id=d0
        ),
        "SKM compose the dashboard from the cells (Python)": compose,
        "SKM elements of one unit, one quarter": lambda: stats.ikm_for(session, manager, period=quarter, unit_id=unit0),
        "SKM IKM of one district, this year": lambda: stats.ikm_for(session, district_manager, period=year),
        "SKM latest suggestions, all districts, one quarter": lambda: stats.suggestions(
            session, manager, period=quarter
        ),
        "SKM respondent profile of one unit, one quarter (report)": lambda: stats.profile(
            session, manager, period=quarter, unit_id=unit0
        ),
        "SKM data version (the live refresh's cache key)": lambda: stats.data_version(session),
        "SKM manager's home: this and last quarter per district": lambda: skm_home.districts_this_quarter(
            session, manager, today
        ),
    }
    figures = {}
    for label, fn in cases.items():
        figures[label] = _timed(fn, repeat)
        session.rollback()
    unit_code = session.exec(select(Unit.code).where(Unit.id == unit0)).one()
    figures["manage.py report-ikm --unit --json (whole process)"] = _report_process(unit_code, quarter.code)
    return figures


def _report_process(unit_code: str, period: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "report-ikm", "--unit", unit_code, "--period", period, "--json"],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return (time.perf_counter() - started) * 1000
