"""IKM in SQL: element sums and response counts per group in the database, then the exact engine
(services/ikm.py) on top.

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, delete, insert, literal
from sqlmodel import Session, col, func, select

from models.base import Role
from models.org import District, Unit
from models.satisfaction import ELEMENTS, SurveyMonth, SurveyResponse
from services import ikm, periods, settings, surveys
from services.access import Actor, district_filter, in_scope, require
from services.db import is_sqlite
from services.errors import AccessDenied, NotFound

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


# --- composing the dashboard from cells (pure, exact) ---------------------------------------------


def bucket_of(month: str, step: str) -> str:
    """The period code of `step` (month, quarter, ...) that contains the month "2026-03"."""
    year, m = int(month[:4]), int(month[5:7])
    return periods.containing(date(year, m, 1), step).code


def rollup(cells: Iterable[Cell], key: Callable[[Cell], object]) -> dict[object, ikm.IkmResult]:
    """IKM per key (a bucket, a unit, a district, ...) from the cells, adding integer sums exactly."""
    groups: dict[object, list[tuple[int, tuple[int, ...]]]] = {}
    for c in cells:
        groups.setdefault(key(c), []).append((c.n, c.sums))
    out = {}
    for k, parts in groups.items():
        n, sums = ikm.combine(parts)
        out[k] = ikm.compute(sums, n)
    return out


@dataclass(frozen=True)
class Point:
    period: periods.Period
    result: ikm.IkmResult
    value: float | None  # the IKM, or the chosen element's NRR x 25
    grade: str | None


@dataclass(frozen=True)
class GroupRow:
    id: int
    code: str
    name: str
    result: ikm.IkmResult
    value: float | None
    grade: str | None


@dataclass(frozen=True)
class SampleRow:
    unit: UnitRef
    n: int
    population: int | None  # service users entered for the period
    minimum: int | None

    @property
    def short(self) -> bool | None:
        return None if self.minimum is None else self.n < self.minimum


@dataclass
class Dashboard:
    selection: Selection
    step: str
    buckets: list[periods.Period]
    trend: list[Point]
    focus: periods.Period
    current: ikm.IkmResult
    previous: ikm.IkmResult | None
    group_level: str  # "district" or "unit": what the comparison bars show
    groups: list[GroupRow]
    heat_rows: list[tuple[object, str, ikm.IkmResult]]  # (id, label, result): districts, units or periods
    heat_level: str  # "district" | "unit" | "period"
    element: str | None
    sample: list[SampleRow] = field(default_factory=list)
    target: float = 0.0


def _value(result: ikm.IkmResult, element: str | None) -> tuple[float | None, str | None]:
    if not result.n:
        return None, None
    if element is None:
        return result.ikm, result.grade
    exact = result.nrr_exact[ELEMENTS.index(element)]
    return ikm.round2(exact * ikm.SCALE), ikm.nrr_grade(exact)


def compose(
    cells: list[Cell],
    selection: Selection,
    context_units: dict[int, UnitRef],
    *,
    buckets: list[periods.Period],
    step: str,
    focus: periods.Period | None,
    element: str | None = None,
) -> Dashboard:
    """Everything the dashboard draws, from the (unit, month) cells of the selection's context.

    `cells` cover `context_units` (the district of a chosen unit, so its siblings can be compared);
    the trend, headline and elements cover the selection only.
    """
    chosen = set(selection.unit_ids)
    mine = [c for c in cells if c.unit_id in chosen]
    by_bucket = rollup(mine, lambda c: bucket_of(c.month, step))
    empty = ikm.compute((0,) * 9, 0)
    trend = []
    for b in buckets:
        result = by_bucket.get(b.code, empty)
        value, grade = _value(result, element)
        trend.append(Point(b, result, value, grade))
    if focus is None or not any(b.code == focus.code for b in buckets):
        with_data = [p for p in trend if p.result.n]
        focus = (with_data[-1] if with_data else trend[-1]).period
    index = next(i for i, b in enumerate(buckets) if b.code == focus.code)
    current = trend[index].result
    previous = trend[index - 1].result if index > 0 else None

    in_focus = [c for c in cells if bucket_of(c.month, step) == focus.code]
    if selection.district_id is None and selection.unit_id is None:
        level = "district"
        per = rollup(in_focus, lambda c: context_units[c.unit_id].district_id)
        names = {u.district_id: (u.district_name, u.district_name) for u in context_units.values()}
    else:
        level = "unit"
        per = rollup(in_focus, lambda c: c.unit_id)
        names = {u.id: (u.code, u.name) for u in context_units.values()}
    groups = []
    for gid, (code, name) in names.items():
        result = per.get(gid, empty)
        value, grade = _value(result, element)
        groups.append(GroupRow(gid, code, name, result, value, grade))
    groups.sort(key=lambda g: (g.value is None, g.value if g.value is not None else 0, g.code))

    if selection.unit_id is not None:
        heat_level = "period"
        heat_rows = [(p.period.code, p.period.code, p.result) for p in trend if p.result.n]
    elif selection.district_id is not None:
        heat_level = "unit"
        heat_rows = [(g.id, g.code, g.result) for g in groups if g.result.n]
    else:
        heat_level = "district"
        heat_rows = [(g.id, g.name, g.result) for g in groups if g.result.n]
    return Dashboard(
        selection=selection,
        step=step,
        buckets=buckets,
        trend=trend,
        focus=focus,
        current=current,
        previous=previous,
        group_level=level,
        groups=groups,
        heat_rows=heat_rows,
        heat_level=heat_level,
        element=element,
    )


def sample_check(
    session: Session, actor: Actor, selection: Selection, period: periods.Period, counts: dict[int, int]
) -> list[SampleRow]:
    """Per unit of the selection: responses in `period`, service users N, and the minimum sample.

    The selection is checked again for this actor (AccessDenied for a district, unit or any listed
    unit outside their scope), whoever built it."""
    checked = select_scope(session, actor, district_id=selection.district_id, unit_id=selection.unit_id)
    if not set(selection.units) <= set(checked.units):
        raise AccessDenied()
    population = surveys.service_users_for(session, checked.unit_ids, period)
    rows = []
    for unit_id, unit in checked.units.items():
        n_users = population.get(unit_id)
        rows.append(
            SampleRow(unit, counts.get(unit_id, 0), n_users, None if n_users is None else ikm.min_sample(n_users))
        )
    return rows


def ikm_target(session: Session) -> float:
    return float(settings.get(session, "satisfaction.ikm_target"))


def dashboard_settings(session: Session, actor: Actor) -> tuple[int, float]:
    """(seconds between the dashboard's redraws, the IKM target) for a reader of the dashboard."""
    require(actor, *READERS)
    return int(settings.get(session, "satisfaction.refresh_seconds")), ikm_target(session)


# --- the manager's home ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictQuarter:
    district_id: int
    district_name: str
    district_code: str
    period: periods.Period
    current: ikm.IkmResult
    previous: ikm.IkmResult

    @property
    def change(self) -> float | None:
        if self.current.ikm_exact is None or self.previous.ikm_exact is None:
            return None
        return ikm.round2(self.current.ikm_exact - self.previous.ikm_exact)


def districts_this_quarter(session: Session, actor: Actor, today: date) -> list[DistrictQuarter]:
    """This quarter's IKM per district in scope and last quarter's, in one grouped query."""
    require(actor, *READERS)
    this = periods.containing(today, "quarter")
    last = periods.previous(this)
    is_this = case((SurveyMonth.month >= this.start, 1), else_=0).label("this")
    rows = session.exec(
        select(Unit.district_id, is_this, *_month_sums())
        .join(Unit, Unit.id == SurveyMonth.unit_id)
        .where(
            SurveyMonth.month >= last.start,
            SurveyMonth.month <= this.end,
            district_filter(actor, Unit.district_id),
        )
        .group_by(Unit.district_id, is_this)
    ).all()
    found: dict[int, dict[int, ikm.IkmResult]] = {}
    for district_id, flag, n, *sums in rows:
        found.setdefault(district_id, {})[int(flag)] = ikm.compute(sums, n)
    known = {
        d: (name, code)
        for d, name, code in session.exec(
            select(District.id, District.name, District.code).where(district_filter(actor, District.id))
        ).all()
    }
    empty = ikm.compute((0,) * 9, 0)
    return [
        DistrictQuarter(d, *known[d], this, found[d].get(1, empty), found[d].get(0, empty))
        for d in sorted(found, key=lambda d: known.get(d, ("",))[0])
        if d in known
    ]


def home_figures(session: Session, actor: Actor) -> list:
    """The manager's home: this quarter's IKM per district in scope, with its grade and the change
    from last quarter (cheap: one grouped query over two quarters)."""
    from services import clock, i18n
    from services.home import Figure

    if not actor.has(*READERS):
        return []
    lang = actor.language
    out = []
    for d in districts_this_quarter(session, actor, clock.today()):
        if not d.current.n:
            continue
        change = d.change
        out.append(
            Figure(
                "home.fig.ikm_district",
                f"{i18n.fmt_number(d.current.ikm, lang, 2)} · {d.current.grade}",
                "home.fig.ikm_district_help",
                params={"district": d.district_name, "period": periods.short_label(d.period, lang)},
                delta=None if change is None else ("+" if change >= 0 else "-") + i18n.fmt_number(abs(change), lang, 2),
            )
        )
    return out


def home_attention(session: Session, actor: Actor) -> list:
    """The manager's home: per district, this quarter's lowest element; a warning when the IKM is
    below the target or that element is graded D."""
    from services import clock, i18n
    from services.home import Attention

    if not actor.has(*READERS):
        return []
    lang = actor.language
    target = ikm_target(session)
    items = []
    for d in districts_this_quarter(session, actor, clock.today()):
        if not d.current.n:
            continue
        lowest = d.current.lowest_elements()[0]
        below = d.current.ikm < target
        weak = d.current.element_grades[lowest] == "D"
        items.append(
            Attention(
                "home.att.ikm_below_target" if below else "home.att.ikm_lowest",
                d.current.n,
                "warning" if below or weak else "info",
                "pages/dashboard.py",
                query={"district": d.district_code},  # the dashboard opens on that district
                params={
                    "district": d.district_name,
                    "period": periods.short_label(d.period, lang),
                    "ikm": i18n.fmt_number(d.current.ikm, lang, 2),
                    "grade": d.current.grade,
                    "target": i18n.fmt_number(target, lang, 2),
                    "element": i18n.t(f"ikm.element.{lowest}", lang),
                    "nrr": i18n.fmt_number(d.current.nrr[lowest], lang, 2),
                },
            )
        )
    return items
