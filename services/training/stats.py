"""Chart data of staff development, aggregated in SQL: does training move a unit's service?

- `training_vs_service`: per unit, the share of its active staff who finished any learning in the
  period, against its IKM and its share of complaints closed on time, in the period and in the
  period of the same length just before (before/after);
- `cohort_ends`: the end dates of completed cohorts, per unit of their participants, to mark on a
  unit's IKM trend;
- `jp_distribution`, `completion_by_programme`, `gain_by_programme`: the module's own charts.

IKM here is the converted index of the responses in the period (mean of the nine element scores
x 25, equal weights; every response answers all nine), computed in SQL; the satisfaction module's
published figure rounds the same value.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import case, distinct
from sqlmodel import Session, col, func, select

from models.complaints import Complaint
from models.core.org import Staff, Unit
from models.satisfaction import SurveyMonth, SurveyResponse
from models.training import Certificate, Cohort, Enrolment, ExternalLearning, Programme
from services.core.access import Actor, district_filter, require
from services.training.access import READERS

ELEMENTS = [f"u{i}" for i in range(1, 10)]


def _units(session: Session, actor: Actor, district_id: int | None, unit_id: int | None):
    query = select(Unit.id, Unit.code).where(district_filter(actor, Unit.district_id), Unit.active == True)  # noqa: E712
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    return dict(session.exec(query).all())


def _trained_share(session: Session, units: dict, start: date, end: date) -> dict[int, float]:
    staff = dict(
        session.exec(
            select(Staff.unit_id, func.count())
            .where(col(Staff.unit_id).in_(units), Staff.active == True)
            .group_by(Staff.unit_id)  # noqa: E712
        ).all()
    )
    learned = (
        select(Certificate.staff_id.label("sid")).where(Certificate.end_on >= start, Certificate.end_on <= end)
    ).union(select(ExternalLearning.staff_id).where(ExternalLearning.end_on >= start, ExternalLearning.end_on <= end))
    learned = learned.subquery()
    trained = dict(
        session.exec(
            select(Staff.unit_id, func.count(distinct(Staff.id)))
            .join(learned, learned.c.sid == Staff.id)
            .where(col(Staff.unit_id).in_(units), Staff.active == True)  # noqa: E712
            .group_by(Staff.unit_id)
        ).all()
    )
    return {u: trained.get(u, 0) / n for u, n in staff.items() if n}


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _response_totals(session: Session, units, start: date, end: date, group) -> dict:
    """(responses, sum of all nine scores) per `group(...)` key over [start, end]: the whole months
    from the monthly roll-up (survey_month, kept by triggers), the days at either edge from the
    responses themselves over their (unit, date) index, so no figure scans a year of rows."""
    first_whole = start if start.day == 1 else _next_month(start)
    after_whole = _next_month(end) if _next_month(end) - timedelta(days=1) == end else _month_start(end)
    totals: dict = {}

    def add(rows):
        for key, n, total in rows:
            if n:
                seen = totals.get(key, (0, 0))
                totals[key] = (seen[0] + int(n), seen[1] + int(total or 0))

    raw_ranges = [(start, end)]
    if first_whole < after_whole:
        month_total = sum(getattr(SurveyMonth, f"s{i}") for i in range(1, 10))
        key = group(SurveyMonth.unit_id, SurveyMonth.month)
        add(session.exec(
            select(key, func.sum(SurveyMonth.n), func.sum(month_total))
            .where(col(SurveyMonth.unit_id).in_(units), SurveyMonth.month >= first_whole,
                   SurveyMonth.month < after_whole)
            .group_by(key)
        ).all())  # fmt: skip
        raw_ranges = [(start, first_whole - timedelta(days=1)), (after_whole, end)]
    total = sum(getattr(SurveyResponse, e) for e in ELEMENTS)
    for low, high in raw_ranges:
        if low > high:
            continue
        key = group(SurveyResponse.unit_id, func.date(SurveyResponse.answered_on, "start of month")
                    if session.get_bind().dialect.name == "sqlite"
                    else func.date_trunc("month", SurveyResponse.answered_on))  # fmt: skip
        add(session.exec(
            select(key, func.count(), func.sum(total))
            .where(col(SurveyResponse.unit_id).in_(units), SurveyResponse.answered_on >= low,
                   SurveyResponse.answered_on <= high)
            .group_by(key)
        ).all())  # fmt: skip
    return totals


def _converted(n: int, total: int) -> float:
    """Mean of the nine element scores x 25 (equal weights; every response answers all nine)."""
    return round(total / n / 9 * 25, 2)


def _ikm(session: Session, units: dict, start: date, end: date) -> dict[int, float]:
    totals = _response_totals(session, units, start, end, lambda unit, _month: unit)
    return {u: _converted(n, total) for u, (n, total) in totals.items()}


def _on_time(session: Session, units: dict, start: date, end: date) -> dict[int, float]:
    rows = session.exec(
        select(Complaint.unit_id, func.count(), func.sum(case((Complaint.on_time == True, 1), else_=0)))  # noqa: E712
        .where(col(Complaint.unit_id).in_(units), Complaint.closed_on >= start, Complaint.closed_on <= end)
        .group_by(Complaint.unit_id)
    ).all()
    return {u: (ok or 0) / n for u, n, ok in rows if n}


TVS_COLUMNS = ["unit_id", "unit_code", "trained", "ikm_before", "ikm", "on_time_before", "on_time"]


def training_vs_service(
    session: Session, actor: Actor, start: date, end: date, district_id: int | None = None, unit_id: int | None = None
) -> pd.DataFrame:
    """Per unit: share trained in [start, end], IKM and on-time share in the period before and in it."""
    require(actor, *READERS)
    units = _units(session, actor, district_id, unit_id)
    if not units:
        return pd.DataFrame(columns=TVS_COLUMNS)
    before_end = start - timedelta(days=1)
    before_start = before_end - (end - start)
    trained = _trained_share(session, units, start, end)
    ikm_now, ikm_then = _ikm(session, units, start, end), _ikm(session, units, before_start, before_end)
    ot_now, ot_then = _on_time(session, units, start, end), _on_time(session, units, before_start, before_end)
    rows = [
        [u, code, trained.get(u, 0.0), ikm_then.get(u), ikm_now.get(u), ot_then.get(u), ot_now.get(u)]
        for u, code in sorted(units.items(), key=lambda kv: kv[1])
    ]
    return pd.DataFrame(rows, columns=TVS_COLUMNS)


def monthly_ikm(session: Session, actor: Actor, unit_id: int, start: date, end: date) -> pd.DataFrame:
    """A unit's IKM per month in [start, end]: month (first day), ikm, responses."""
    require(actor, *READERS)
    if unit_id not in _units(session, actor, None, unit_id):
        return pd.DataFrame(columns=["month", "ikm", "n"])
    totals = _response_totals(session, [unit_id], start, end, lambda _unit, month: month)
    by_month: dict[date, tuple[int, int]] = {}
    for month, (n, total) in totals.items():  # the roll-up gives dates, the edge days text or timestamps
        day = date.fromisoformat(str(month)[:10])
        seen = by_month.get(day, (0, 0))
        by_month[day] = (seen[0] + n, seen[1] + total)
    return pd.DataFrame(
        [[m, _converted(n, total), n] for m, (n, total) in sorted(by_month.items())],
        columns=["month", "ikm", "n"],
    )


def cohort_ends(session: Session, actor: Actor, unit_id: int, start: date, end: date) -> pd.DataFrame:
    """Completed cohorts with participants from the unit ending in [start, end]: end_on, name, people."""
    require(actor, *READERS)
    rows = session.exec(
        select(Cohort.end_on, Cohort.name, func.count(distinct(Enrolment.staff_id)))
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .join(Staff, Staff.id == Enrolment.staff_id)
        .where(
            district_filter(actor, Cohort.district_id),
            Staff.unit_id == unit_id,
            Enrolment.status == "completed",
            Cohort.end_on >= start,
            Cohort.end_on <= end,
        )
        .group_by(Cohort.end_on, Cohort.name)
        .order_by(Cohort.end_on)
    ).all()
    return pd.DataFrame([list(r) for r in rows], columns=["end_on", "name", "people"])


def completion_by_programme(session: Session, actor: Actor, year: int) -> pd.DataFrame:
    """Per programme, of cohorts completed in `year`: participants, completed, and the rate."""
    require(actor, *READERS)
    rows = session.exec(
        select(
            Programme.title,
            func.count(Enrolment.id),
            func.sum(case((Enrolment.status == "completed", 1), else_=0)),
            func.avg(Enrolment.post_test - Enrolment.pre_test),
        )
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(
            district_filter(actor, Cohort.district_id),
            Cohort.status == "completed",
            col(Enrolment.status).in_(["completed", "failed"]),
            Cohort.end_on >= date(year, 1, 1),
            Cohort.end_on <= date(year, 12, 31),
        )
        .group_by(Programme.title)
        .order_by(Programme.title)
    ).all()
    return pd.DataFrame(
        [
            [t, n, int(done or 0), (done or 0) / n if n else None, None if g is None else round(float(g), 1)]
            for t, n, done, g in rows
        ],
        columns=["programme", "participants", "completed", "rate", "gain"],
    )


def jp_distribution(session: Session, actor: Actor, year: int, district_id: int | None = None) -> pd.DataFrame:
    """Staff per unit and JP band (0, 1-9, 10-19, 20+) for the year: unit_code, band, staff."""
    from services.training import ledger

    return jp_bands(ledger.ledger(session, actor, year, district_id=district_id))


def jp_bands(frame: pd.DataFrame) -> pd.DataFrame:
    """`jp_distribution` of a ledger frame already read (the ledger page reads it once for both)."""
    bands = pd.cut(
        frame["completed_jp"], bins=[-1, 0, 9.999, 19.999, float("inf")], labels=["0", "1-9", "10-19", "20+"]
    )
    out = frame.assign(band=bands).groupby(["unit_code", "band"], observed=False).size().reset_index(name="staff")
    return out
