"""Cohorts of a programme and their sessions: dates, capacity, facilitator, status, completion rule."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from models.core.org import District
from models.training import (
    Cohort,
    CohortCreate,
    CohortPublic,
    CohortSession,
    CohortStatus,
    CohortUpdate,
    Enrolment,
    EnrolmentStatus,
    Programme,
    SessionCreate,
)
from services.core import audit
from services.core.access import Actor, district_filter, require, require_district
from services.core.errors import AccessDenied, NotFound, ValidationFailed, validate
from services.training.access import READERS, RUNNERS, bump, check_version, cohort_for

# Statuses a cohort may move to by hand; completing goes through services.training.completion.
MOVES = {
    CohortStatus.draft: {CohortStatus.open, CohortStatus.cancelled},
    CohortStatus.open: {CohortStatus.draft, CohortStatus.running, CohortStatus.cancelled},
    CohortStatus.running: {CohortStatus.open, CohortStatus.cancelled},
    CohortStatus.completed: set(),
    CohortStatus.cancelled: set(),
}
ACTIVE = (CohortStatus.draft, CohortStatus.open, CohortStatus.running)


def _counts():
    enrolled = func.sum(case((Enrolment.status.in_(["enrolled", "completed", "failed"]), 1), else_=0))
    waiting = func.sum(case((Enrolment.status == EnrolmentStatus.waitlisted.value, 1), else_=0))
    return enrolled, waiting


def list_cohorts(
    session: Session,
    actor: Actor,
    *,
    district_id: int | None = None,
    status: str | None = None,
    year: int | None = None,
    programme_id: int | None = None,
) -> list[CohortPublic]:
    """Cohorts in scope, newest start first, with their enrolled and waitlisted counts."""
    require(actor, *READERS)
    enrolled, waiting = _counts()
    query = (
        select(Cohort, Programme.title, Programme.jp, enrolled, waiting)
        .join(Programme, Programme.id == Cohort.programme_id)
        .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(district_filter(actor, Cohort.district_id))
        .group_by(Cohort.id, Programme.title, Programme.jp)
    )
    if district_id is not None:
        query = query.where(Cohort.district_id == district_id)
    if status:
        query = query.where(Cohort.status == status)
    if programme_id:
        query = query.where(Cohort.programme_id == programme_id)
    if year:
        query = query.where(Cohort.start_on >= date(year, 1, 1), Cohort.start_on <= date(year, 12, 31))
    rows = session.exec(query.order_by(col(Cohort.start_on).desc(), col(Cohort.id).desc())).all()
    return [_public(c, title, jp, n or 0, w or 0) for c, title, jp, n, w in rows]


def _public(c: Cohort, title: str, jp: int, enrolled: int = 0, waitlisted: int = 0) -> CohortPublic:
    return CohortPublic(**c.model_dump(), programme_title=title, jp=jp, enrolled=enrolled, waitlisted=waitlisted)


def get_cohort(session: Session, actor: Actor, cohort_id: int) -> CohortPublic:
    """One cohort in scope (NotFound otherwise, so another district's cohort does not show it exists)."""
    cohort_for(session, actor, cohort_id)
    enrolled, waiting = _counts()
    row = session.exec(
        select(Cohort, Programme.title, Programme.jp, enrolled, waiting)
        .join(Programme, Programme.id == Cohort.programme_id)
        .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Cohort.id == cohort_id)
        .group_by(Cohort.id, Programme.title, Programme.jp)
    ).one()
    c, title, jp, n, w = row
    return _public(c, title, jp, n or 0, w or 0)


def create_cohort(session: Session, actor: Actor, data: dict) -> CohortPublic:
    """Open a cohort of a programme in a district of the trainer's scope (status draft)."""
    require(actor, *RUNNERS)
    new = validate(CohortCreate, data)
    if session.get(District, new.district_id) is None:
        raise ValidationFailed.one("district_id", "choice_invalid")
    try:
        require_district(actor, new.district_id)
    except AccessDenied:
        raise ValidationFailed.one("district_id", "scope_outside_yours") from None
    programme = session.get(Programme, new.programme_id)
    if programme is None or not programme.active:
        raise ValidationFailed.one("programme_id", "choice_invalid")
    cohort = Cohort(**new.model_dump())
    session.add(cohort)
    session.flush()
    audit.record(session, actor, "create", "training_cohort", cohort.id, after=new, district_id=cohort.district_id)
    return get_cohort(session, actor, cohort.id)


def update_cohort(session: Session, actor: Actor, cohort_id: int, version: int, data: dict) -> CohortPublic:
    """Change a cohort read at `version`; refused when someone saved it meanwhile, when the new
    dates leave a session outside them, when the capacity drops below those already enrolled, or
    when the status move is not allowed."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    change = validate(CohortUpdate, data)
    fields = change.model_dump(exclude_unset=True, mode="json")
    if cohort.status in (CohortStatus.completed, CohortStatus.cancelled):
        raise ValidationFailed.one(None, "training_cohort_closed")
    start = date.fromisoformat(fields["start_on"]) if fields.get("start_on") else cohort.start_on
    end = date.fromisoformat(fields["end_on"]) if fields.get("end_on") else cohort.end_on
    if end < start:
        raise ValidationFailed.one("end_on", "period_reversed")
    outside = session.exec(
        select(func.count())
        .select_from(CohortSession)
        .where(CohortSession.cohort_id == cohort.id, (CohortSession.day < start) | (CohortSession.day > end))
    ).one()
    if outside:
        raise ValidationFailed.one("start_on", "training_sessions_outside", n=outside)
    if fields.get("capacity") is not None:
        held = get_cohort(session, actor, cohort.id).enrolled
        if fields["capacity"] < held:
            raise ValidationFailed.one("capacity", "training_capacity_below_enrolled", n=held)
    if fields.get("status") and fields["status"] != cohort.status:
        if CohortStatus(fields["status"]) not in MOVES[CohortStatus(cohort.status)]:
            raise ValidationFailed.one("status", "training_status_move")
    before = {k: getattr(cohort, k) for k in fields}
    fields = {k: date.fromisoformat(v) if k in ("start_on", "end_on") and v else v for k, v in fields.items()}
    bump(session, cohort)
    cohort.sqlmodel_update(fields)
    session.add(cohort)
    session.flush()
    b, a = audit.diff(_json(before), _json(fields))
    if a:
        audit.record(session, actor, "update", "training_cohort", cohort.id, b, a, district_id=cohort.district_id)
    if fields.get("capacity"):
        from services.training.enrolment import promote_waitlist

        promote_waitlist(session, actor, cohort)
    return get_cohort(session, actor, cohort.id)


def _json(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def list_sessions(session: Session, actor: Actor, cohort_id: int) -> list[CohortSession]:
    """The cohort's sessions by date and start time."""
    cohort_for(session, actor, cohort_id)
    rows = session.exec(
        select(CohortSession)
        .where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.day, CohortSession.starts_at, CohortSession.id)
    ).all()
    return [CohortSession.model_validate(r) for r in rows]


def add_session(session: Session, actor: Actor, cohort_id: int, version: int, data: dict) -> CohortSession:
    """Add a session inside the cohort's dates, ending after it starts, at a venue or online."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    if cohort.status in (CohortStatus.completed, CohortStatus.cancelled):
        raise ValidationFailed.one(None, "training_cohort_closed")
    new = validate(SessionCreate, data)
    if not cohort.start_on <= new.day <= cohort.end_on:
        raise ValidationFailed.one(
            "day", "training_session_outside", start=str(cohort.start_on), end=str(cohort.end_on)
        )
    row = CohortSession(cohort_id=cohort.id, **new.model_dump())
    session.add(row)
    bump(session, cohort)
    session.flush()
    audit.record(session, actor, "create", "training_session", row.id, after=new, district_id=cohort.district_id)
    return CohortSession.model_validate(row)


def remove_session(session: Session, actor: Actor, cohort_id: int, version: int, session_id: int) -> None:
    """Remove a session whose attendance was not taken yet (a session held stays on record)."""
    cohort = cohort_for(session, actor, cohort_id, write=True)
    check_version(cohort, version)
    row = session.get(CohortSession, session_id)
    if row is None or row.cohort_id != cohort.id:
        raise NotFound()
    if row.attendance_taken:
        raise ValidationFailed.one(None, "training_session_held")
    bump(session, cohort)
    before = CohortSession.model_validate(row).model_dump(mode="json")
    session.delete(row)
    session.flush()
    audit.record(
        session, actor, "delete", "training_session", session_id, before=before, district_id=cohort.district_id
    )


def cohort_options(session: Session, actor: Actor) -> dict[int, str]:
    """{cohort id: "name (start date)"} of the cohorts in scope, newest first, for pickers."""
    return {c.id: f"{c.name} ({c.start_on:%d-%m-%Y})" for c in list_cohorts(session, actor)}
