"""Composing the managers' dashboard from monthly cells: pure and exact (integer sums and counts
added up), so a quarter is its three months and a district its units."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlmodel import Session

from models.satisfaction import ELEMENTS
from services.core import periods
from services.core.access import Actor
from services.core.errors import AccessDenied
from services.satisfaction import ikm, surveys
from services.satisfaction.stats import Cell, Selection, UnitRef, select_scope

# --- composing the dashboard from cells (pure, exact) ---------------------------------------------


@lru_cache(maxsize=4096)
def bucket_of(month: str, step: str) -> str:
    """The period code of `step` (month, quarter, ...) that contains the month "2026-03" (asked for
    every cell of every redraw: a few hundred distinct answers, kept)."""
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
