"""IKM in SQL: element sums and response counts per group in the database, then the exact engine
(ikm.py) on top.

Every figure is read from `survey_month`, the count and the nine element sums of each unit's
responses per month, which database triggers keep exact as responses come and go (migration 0004).
Sums and counts add up exactly, so a quarter is its three months and a district its units: the
dashboard reads at most (units x months) rows whatever the number of responses, and nothing loads
raw rows. NRR and IKM are computed from the unrounded integer sums, so the command line, the reports
and the dashboard give the same figures. Only the respondents' profile and the written suggestions
are read from the responses themselves (over an index, for one period).

Readers: managers and admins, within their district scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, delete, insert, literal
from sqlmodel import Session, col, func, select

from models.core.base import Role
from models.core.org import District, Unit
from models.satisfaction import ELEMENTS, SurveyMonth, SurveyResponse
from services.core import periods, settings
from services.core.access import Actor, district_filter, in_scope, require
from services.core.db import is_sqlite
from services.core.errors import AccessDenied, NotFound
from services.satisfaction import ikm

READERS = (Role.admin, Role.manager)


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    district_id: int
    district_name: str


@dataclass(frozen=True)
class Selection:
    """What the numbers cover: every unit in scope, one district, or one unit."""

    district_id: int | None
    unit_id: int | None
    units: dict[int, UnitRef]  # the units of the selection (all the actor may read when nothing is chosen)

    @property
    def unit_ids(self) -> list[int]:
        return sorted(self.units)


@dataclass(frozen=True)
class Cell:
    """Responses of one unit in one month: count and each element's sum."""

    unit_id: int
    month: str  # "2026-03"
    n: int
    sums: tuple[int, ...]


# --- scope -----------------------------------------------------------------------------------------


def units_in_scope(session: Session, actor: Actor, district_id: int | None = None) -> dict[int, UnitRef]:
    """Every unit (active or not: history counts) the actor may read, optionally of one district."""
    query = (
        select(Unit.id, Unit.code, Unit.name, Unit.district_id, District.name)
        .join(District, District.id == Unit.district_id)
        .where(district_filter(actor, Unit.district_id))
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    return {r[0]: UnitRef(*r) for r in session.exec(query.order_by(District.name, Unit.name)).all()}


def select_scope(
    session: Session, actor: Actor, *, district_id: int | None = None, unit_id: int | None = None
) -> Selection:
    """Check the actor may read the chosen district/unit and list the units it covers."""
    require(actor, *READERS)
    if district_id is not None:
        if session.get(District, district_id) is None:
            raise NotFound()
        if not in_scope(actor, district_id):
            raise AccessDenied()
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound()
        if not in_scope(actor, unit.district_id):
            raise AccessDenied()
        if district_id is not None and unit.district_id != district_id:
            raise NotFound()
        units = units_in_scope(session, actor, unit.district_id)
        return Selection(unit.district_id if district_id is None else district_id, unit_id, {unit_id: units[unit_id]})
    return Selection(district_id, None, units_in_scope(session, actor, district_id))


def _unit_condition(selection: Selection, actor: Actor, column=SurveyResponse.unit_id):
    if selection.unit_id is not None:
        return column == selection.unit_id
    if selection.district_id is not None or not actor.all_districts:
        return col(column).in_(selection.unit_ids or [-1])
    return literal(True)


def _sums():
    return [func.count().label("n"), *[func.sum(getattr(SurveyResponse, e)).label(e) for e in ELEMENTS]]


MONTH_SUMS = [getattr(SurveyMonth, f"s{i}") for i in range(1, 10)]


def _month_sums():
    return [func.coalesce(func.sum(SurveyMonth.n), 0), *[func.coalesce(func.sum(c), 0) for c in MONTH_SUMS]]


def _whole_months(period: periods.Period) -> bool:
    return period.start.day == 1 and periods.containing(period.end, "month").end == period.end


def _scores():
    return [getattr(SurveyResponse, e) for e in ELEMENTS]


# --- the queries -----------------------------------------------------------------------------------


def ikm_for(
    session: Session,
    actor: Actor,
    *,
    period: periods.Period,
    district_id: int | None = None,
    unit_id: int | None = None,
) -> ikm.IkmResult:
    """The IKM of a unit, a district or everything in scope, over `period` (one SQL aggregate)."""
    selection = select_scope(session, actor, district_id=district_id, unit_id=unit_id)
    if _whole_months(period):
        row = session.exec(
            select(*_month_sums()).where(
                SurveyMonth.month >= period.start,
                SurveyMonth.month <= period.end,
                _unit_condition(selection, actor, SurveyMonth.unit_id),
            )
        ).one()
    else:  # a range of days: add up the responses themselves
        row = session.exec(
            select(*_sums()).where(
                SurveyResponse.answered_on >= period.start,
                SurveyResponse.answered_on <= period.end,
                _unit_condition(selection, actor),
            )
        ).one()
    return ikm.compute(row[1:], row[0])


def monthly_cells(
    session: Session,
    actor: Actor,
    *,
    start: date,
    end: date,
    district_id: int | None = None,
    unit_id: int | None = None,
) -> list[Cell]:
    """Count and element sums per (unit, month) for the months from `start` to `end`: the dashboard's
    one query, over at most units x months rows."""
    selection = select_scope(session, actor, district_id=district_id, unit_id=unit_id)
    rows = session.exec(
        select(SurveyMonth.unit_id, SurveyMonth.month, SurveyMonth.n, *MONTH_SUMS).where(
            SurveyMonth.month >= date(start.year, start.month, 1),
            SurveyMonth.month <= end,
            SurveyMonth.n > 0,
            _unit_condition(selection, actor, SurveyMonth.unit_id),
        )
    ).all()
    return [Cell(r[0], r[1].strftime("%Y-%m"), int(r[2]), tuple(int(x) for x in r[3:])) for r in rows]


def data_version(session: Session) -> tuple[int, int, int]:
    """A cheap fingerprint of the responses (count, score total, highest id): it changes when any is
    added, removed or corrected, and costs a read of the small roll-up."""
    totals = session.exec(
        select(func.coalesce(func.sum(SurveyMonth.n), 0), func.coalesce(func.sum(sum(MONTH_SUMS)), 0))
    ).one()
    last = session.exec(select(func.max(SurveyResponse.id))).one()
    return int(totals[0]), int(totals[1]), int(last or 0)


def rebuild_months(session: Session) -> int:
    """Recompute the monthly roll-up from the responses (after a restore or a hand edit that bypassed
    the triggers); returns the number of unit-months."""
    month = (
        func.date(SurveyResponse.answered_on, "start of month")
        if is_sqlite(session)
        else func.date_trunc("month", SurveyResponse.answered_on).cast(SurveyMonth.__table__.c.month.type)
    )
    session.exec(delete(SurveyMonth))
    session.exec(
        insert(SurveyMonth).from_select(
            ["unit_id", "month", "n", *[f"s{i}" for i in range(1, 10)]],
            select(SurveyResponse.unit_id, month, *_sums()).group_by(SurveyResponse.unit_id, month),
        )
    )
    return session.exec(select(func.count()).select_from(SurveyMonth)).one()


def months_drift(session: Session) -> int:
    """How many unit-months of the roll-up differ from the responses (0 when the triggers did their job)."""
    month = (
        func.date(SurveyResponse.answered_on, "start of month")
        if is_sqlite(session)
        else func.date_trunc("month", SurveyResponse.answered_on).cast(SurveyMonth.__table__.c.month.type)
    )
    raw = {
        (r[0], str(r[1])[:10]): tuple(int(x) for x in r[2:])
        for r in session.exec(select(SurveyResponse.unit_id, month, *_sums()).group_by(SurveyResponse.unit_id, month))
    }
    rolled = {
        (r[0], str(r[1])[:10]): tuple(int(x) for x in r[2:])
        for r in session.exec(select(SurveyMonth.unit_id, SurveyMonth.month, SurveyMonth.n, *MONTH_SUMS))
        if r[2]
    }
    return len(set(raw.items()) ^ set(rolled.items()))


@dataclass(frozen=True)
class Suggestion:
    answered_on: date
    unit_code: str
    text: str
    low: tuple[str, ...]  # the elements this respondent scored 1 or 2 (what the words are probably about)


def suggestions(
    session: Session,
    actor: Actor,
    *,
    period: periods.Period,
    district_id: int | None = None,
    unit_id: int | None = None,
    limit: int = 8,
) -> list[Suggestion]:
    """The latest suggestions written in the selection and period (free text, no identity kept)."""
    selection = select_scope(session, actor, district_id=district_id, unit_id=unit_id)
    rows = session.exec(
        select(SurveyResponse.answered_on, Unit.code, SurveyResponse.suggestion, *_scores())
        .join(Unit, Unit.id == SurveyResponse.unit_id)
        .where(
            SurveyResponse.answered_on >= period.start,
            SurveyResponse.answered_on <= period.end,
            _unit_condition(selection, actor),
            col(SurveyResponse.suggestion).is_not(None),
        )
        .order_by(col(SurveyResponse.answered_on).desc(), col(SurveyResponse.id).desc())
        .limit(max(1, min(limit, 50)))
    ).all()  # fmt: skip
    out = []
    for answered_on, code, text, *scores in rows:
        low = tuple(e for e, score in zip(ELEMENTS, scores, strict=True) if score <= 2)
        out.append(Suggestion(answered_on, code, text, low))
    return out


@dataclass(frozen=True)
class Profile:
    """Respondents by gender, age band, education and occupation (counts), for published reports."""

    n: int
    gender: dict[str, int]
    age: dict[str, int]
    education: dict[str, int]
    occupation: dict[str, int]


AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")


def profile(
    session: Session,
    actor: Actor,
    *,
    period: periods.Period,
    district_id: int | None = None,
    unit_id: int | None = None,
) -> Profile:
    """The respondents' profile, counted in SQL ("-" where a respondent left it empty)."""
    selection = select_scope(session, actor, district_id=district_id, unit_id=unit_id)
    where = (
        SurveyResponse.answered_on >= period.start,
        SurveyResponse.answered_on <= period.end,
        _unit_condition(selection, actor),
    )
    age_band = case(
        (SurveyResponse.age.is_(None), "-"),
        (SurveyResponse.age < 25, "<25"),
        (SurveyResponse.age < 35, "25-34"),
        (SurveyResponse.age < 45, "35-44"),
        (SurveyResponse.age < 55, "45-54"),
        else_="55+",
    )

    def counts(expr) -> dict[str, int]:
        label = func.coalesce(expr, "-").label("k")
        rows = session.exec(select(label, func.count()).where(*where).group_by(label)).all()
        return {str(k): int(c) for k, c in rows}

    by_gender = counts(SurveyResponse.gender)
    return Profile(
        n=sum(by_gender.values()),
        gender=by_gender,
        age=counts(age_band),
        education=counts(SurveyResponse.education),
        occupation=counts(SurveyResponse.occupation),
    )


def ikm_target(session: Session) -> float:
    return float(settings.get(session, "satisfaction.ikm_target"))


def dashboard_settings(session: Session, actor: Actor) -> tuple[int, float]:
    """(seconds between the dashboard's redraws, the IKM target) for a reader of the dashboard."""
    require(actor, *READERS)
    return int(settings.get(session, "satisfaction.refresh_seconds")), ikm_target(session)
