"""What the home page shows of satisfaction: each district's IKM this quarter against the last, and
the districts below the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case
from sqlmodel import Session, select

from models.core.org import District, Unit
from models.satisfaction import SurveyMonth
from services.core import periods
from services.core.access import Actor, district_filter, require
from services.core.modules import Attention, Figure
from services.satisfaction import ikm
from services.satisfaction.stats import READERS, _month_sums, ikm_target

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
    from services import i18n
    from services.core import clock

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
    from services import i18n
    from services.core import clock

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
                "dashboard",
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
