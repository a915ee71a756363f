"""What the home page shows of staff development; each item opens a page on exactly what it counts.

- trainer: cohorts starting within the week, sessions held without attendance taken, participants
  at risk of not completing, staff who will stay below 20 JP this year even with what is booked;
- manager: units where fewer than half the staff will reach 20 JP this year.

Nothing is said in a scope where staff development is not run yet (no cohort, no learning recorded).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from models.core.base import Role
from models.training import JP_TARGET, Cohort, CohortSession, CohortStatus
from services.core import clock
from services.core.access import Actor, district_filter
from services.core.modules import Attention, Figure

SOON_DAYS = 7  # "starting this week": within the next seven days
UNIT_SHARE_LOW = 0.5  # a unit is flagged when under half its staff will reach 20 JP by the forecast
LIVE = (CohortStatus.draft.value, CohortStatus.open.value, CohortStatus.running.value)


def starting_soon(session: Session, actor: Actor) -> list[int]:
    today = clock.today()
    return list(
        session.exec(
            select(Cohort.id).where(
                district_filter(actor, Cohort.district_id),
                col(Cohort.status).in_(LIVE),
                Cohort.start_on >= today,
                Cohort.start_on <= today + timedelta(days=SOON_DAYS),
            )
        ).all()
    )


def attendance_missing(session: Session, actor: Actor) -> list[int]:
    """Ids of the live cohorts with a session already held whose attendance was not taken."""
    return list(
        session.exec(
            select(Cohort.id)
            .join(CohortSession, CohortSession.cohort_id == Cohort.id)
            .where(
                district_filter(actor, Cohort.district_id),
                col(Cohort.status).in_(LIVE),
                CohortSession.day < clock.today(),
                CohortSession.attendance_taken == False,  # noqa: E712
            )
            .distinct()
        ).all()
    )


def at_risk(session: Session, actor: Actor) -> list[tuple[int, str, int]]:
    """(cohort id, name, participants at risk) of the running cohorts in scope that have any."""
    from services.training.attendance import progress

    running = session.exec(
        select(Cohort.id, Cohort.name)
        .where(district_filter(actor, Cohort.district_id), Cohort.status == CohortStatus.running.value)
        .order_by(Cohort.start_on, Cohort.id)
    ).all()
    out = []
    for cohort_id, name in running:
        n = sum(1 for p in progress(session, actor, cohort_id) if p.at_risk)
        if n:
            out.append((cohort_id, name, n))
    return out


def in_use(session: Session, actor: Actor) -> bool:
    """Whether staff development is run in the actor's scope at all (a cohort, or learning recorded
    by hand): before that, "below 20 JP" would be said of everyone and mean nothing."""
    from models.core.org import Staff, Unit
    from models.training import ExternalLearning

    cohort = select(Cohort.id).where(district_filter(actor, Cohort.district_id)).limit(1)
    recorded = (
        select(ExternalLearning.id)
        .join(Staff, Staff.id == ExternalLearning.staff_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Unit.district_id))
        .limit(1)
    )
    return session.exec(cohort).first() is not None or session.exec(recorded).first() is not None


def home_attention(session: Session, actor: Actor) -> list[Attention]:
    from services.training import ledger

    items: list[Attention] = []
    if not actor.has(Role.trainer, Role.manager) or not in_use(session, actor):
        return items
    year = clock.today().year
    if actor.has(Role.trainer):
        soon = starting_soon(session, actor)
        if soon:
            items.append(
                Attention("home.att.training_starting", len(soon), "info", "training-cohorts", query={"show": "soon"})
            )
        missing = attendance_missing(session, actor)
        if missing:
            items.append(
                Attention(
                    "home.att.training_attendance_missing",
                    len(missing),
                    "warning",
                    "training-cohorts",
                    query={"show": "attendance"},
                )
            )
        for cohort_id, name, n in at_risk(session, actor):  # one item per cohort, opening its grid
            items.append(
                Attention("home.att.training_at_risk", n, "warning", "training-attendance", params={"cohort": name},
                          query={"id": str(cohort_id)})
            )  # fmt: skip
        from services.training.suggestions import suggestions

        suggested = {s.unit_id for s in suggestions(session, actor)}
        if suggested:
            items.append(
                Attention(
                    "home.att.training_suggested",
                    len(suggested),
                    "info",
                    "training-catalogue",
                    query={"show": "suggested"},
                )
            )
        frame = ledger.ledger(session, actor, year)
        short = int((frame["forecast_jp"] < JP_TARGET).sum()) if len(frame) else 0
        if short:
            items.append(
                Attention(
                    "home.att.training_below_target",
                    short,
                    "info",
                    "training-ledger",
                    query={"year": str(year), "below": "1"},
                )
            )
    if actor.has(Role.manager):
        units = ledger.unit_summary(session, actor, year)
        low = int((units["forecast_share"] < UNIT_SHARE_LOW).sum()) if len(units) else 0
        if low:
            items.append(
                Attention(
                    "home.att.training_units_low",
                    low,
                    "warning",
                    "training-ledger",
                    query={"year": str(year), "view": "units", "below": "1"},
                )
            )
    return items


def home_figures(session: Session, actor: Actor) -> list[Figure]:
    """The share of staff in scope already at 20 JP this year (trainers and managers)."""
    if not actor.has(Role.trainer, Role.manager) or not in_use(session, actor):
        return []
    from services.training import ledger

    frame = ledger.ledger(session, actor, clock.today().year)
    if not len(frame):
        return []
    share = (frame["completed_jp"] >= JP_TARGET).mean()
    return [Figure("home.fig.training_at_target", f"{round(share * 100)} %", params={"target": JP_TARGET})]
