"""Complaint figures for the managers' dashboard, aggregated in SQL over the stored workflow fields:
volume by category by month, the share closed within the deadlines, and the median working days from
receipt to closing (until the unit marked it done, or until it was closed when it never was; days
postponed do not count: the stored `handling_days`). Every query respects the reader's district
scope and an optional unit and Period.

SQL groups by day (an index range scan, no date function per row); the days are rolled up into months
or quarters here (a few thousand rows at most), and the median comes from a SQL histogram of handling
days, so no raw complaint rows are ever loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, case
from sqlmodel import Session, col, func, select

from models.complaints import OPEN_STATES, Complaint
from models.core.base import Role
from models.core.org import Unit
from services.core import periods
from services.core.access import Actor, district_filter, require, require_district
from services.core.errors import NotFound
from services.core.periods import Period
from services.core.versions import versions

READERS = (Role.manager, Role.officer, Role.admin)


def _scope(session: Session, actor: Actor, district_id: int | None, unit_id: int | None):
    require(actor, *READERS)
    conditions = [district_filter(actor, Complaint.district_id)]
    if district_id is not None:
        require_district(actor, district_id)
        conditions.append(Complaint.district_id == district_id)
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound()
        require_district(actor, unit.district_id)
        conditions.append(Complaint.unit_id == unit_id)
    return and_(*conditions)


def buckets(period: Period, kind: str) -> list[Period]:
    return periods.split(period, kind)


def volume_by_category(
    session: Session, actor: Actor, period: Period, kind: str = "month", district_id=None, unit_id=None
) -> pd.DataFrame:
    """Complaints received per bucket (month or quarter) and category: columns code, category, n."""
    where = _scope(session, actor, district_id, unit_id)
    # Grouped by day in SQL (an index range, no date functions per row), then into buckets here.
    rows = session.exec(
        select(Complaint.received_on, Complaint.category, func.count())
        .where(where, Complaint.received_on >= period.start, Complaint.received_on <= period.end)
        .group_by(Complaint.received_on, Complaint.category)
    ).all()
    counts: dict[tuple[str, str], int] = {}
    for day, category, n in rows:
        key = (_bucket_of_day(day, kind), category)
        counts[key] = counts.get(key, 0) + int(n)
    return pd.DataFrame(
        [{"code": code, "category": category, "n": n} for (code, category), n in sorted(counts.items())],
        columns=["code", "category", "n"],
    )


def _bucket_of_day(day, kind: str) -> str:
    if isinstance(day, str):  # SQLite hands back ISO text for grouped dates
        day = date.fromisoformat(day)
    return periods.format_code(day.year, day.month if kind == "month" else _first_month(day.month, kind), kind)


def _first_month(month: int, kind: str) -> int:
    size = periods.MONTHS_IN[kind]
    return (month - 1) // size * size + 1


def _closing_histogram(session: Session, where, period: Period) -> list[tuple]:
    """(closing day, handling days, closed, of which on time) for the complaints closed in `period`."""
    return session.exec(
        select(
            Complaint.closed_on,
            Complaint.handling_days,
            func.count(),
            func.sum(case((Complaint.on_time == True, 1), else_=0)),  # noqa: E712
        )
        # closed_on is set only when a complaint closes (a reopening clears it), so no state test.
        .where(where, col(Complaint.closed_on) >= period.start, col(Complaint.closed_on) <= period.end)
        .group_by(Complaint.closed_on, Complaint.handling_days)
    ).all()


def closing_by_bucket(
    session: Session, actor: Actor, period: Period, kind: str = "month", district_id=None, unit_id=None
) -> pd.DataFrame:
    """Per bucket of the closing date: closed, closed on time (every deadline met), their share, and
    the median working days from receipt to closing (done, or closed). Columns code, closed, on_time,
    share, median_days; every bucket of the period is present."""
    where = _scope(session, actor, district_id, unit_id)
    per: dict[str, dict] = {b.code: {"closed": 0, "on_time": 0, "days": {}} for b in buckets(period, kind)}
    for day, days, n, on_time in _closing_histogram(session, where, period):
        slot = per.setdefault(_bucket_of_day(day, kind), {"closed": 0, "on_time": 0, "days": {}})
        slot["closed"] += int(n)
        slot["on_time"] += int(on_time or 0)
        if days is not None:
            slot["days"][int(days)] = slot["days"].get(int(days), 0) + int(n)
    out = [
        {
            "code": code,
            "closed": slot["closed"],
            "on_time": slot["on_time"],
            "share": slot["on_time"] / slot["closed"] if slot["closed"] else None,
            "median_days": median_of(slot["days"]),
        }
        for code, slot in per.items()
    ]
    return pd.DataFrame(out, columns=["code", "closed", "on_time", "share", "median_days"])


def median_of(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: count}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(k: int) -> int:  # the k-th smallest value, 0-based
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


@dataclass(frozen=True)
class Overview:
    received: int
    closed: int
    on_time_share: float | None
    median_days: float | None
    open: int


def overview(session: Session, actor: Actor, period: Period, district_id=None, unit_id=None) -> Overview:
    """Headline figures for a period: received, closed, on-time share, median days, open now."""
    where = _scope(session, actor, district_id, unit_id)
    received = session.exec(
        select(func.count()).where(where, Complaint.received_on >= period.start, Complaint.received_on <= period.end)
    ).one()
    open_now = session.exec(select(func.count()).where(where, col(Complaint.state).in_(OPEN_STATES))).one()
    closed = on_time = 0
    histogram: dict[int, int] = {}
    for _, days, n, punctual in _closing_histogram(session, where, period):
        closed += int(n)
        on_time += int(punctual or 0)
        if days is not None:
            histogram[int(days)] = histogram.get(int(days), 0) + int(n)
    return Overview(
        received=received,
        closed=closed,
        on_time_share=on_time / closed if closed else None,
        median_days=median_of(histogram),
        open=open_now,
    )


def data_version(session: Session, actor: Actor) -> tuple:
    """Changes whenever a complaint, its timeline, or the calendar and settings its figures count
    with change, in any process (the counters of services.core.versions)."""
    require(actor, *READERS)
    return versions(session, "complaints", "org")
