"""Writing one step of a complaint: its workflow fields (refused if someone changed the complaint
meanwhile), its event on the timeline (who, when, internal or public note), merging a duplicate,
and closing a quiet follow-up as the system."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models.complaints import OPEN_STATES, Complaint, ComplaintEvent, DueKind, State, normalise_tracking_id
from models.core.base import utcnow
from models.core.org import Unit
from services.complaints.access import can_read, rules
from services.complaints.rules import (
    Action,
    Track,
    apply,
)
from services.core import clock, workdays
from services.core.access import SYSTEM_ID, Actor, system_actor
from services.core.errors import FieldError, ValidationFailed


def _insert_ignore(session: Session, table, **values):
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(table).values(**values).on_conflict_do_nothing()
    return sqlite_insert(table).values(**values).on_conflict_do_nothing()


def _unit_in_district(session: Session, unit_id: int, district_id: int, field_name: str = "unit_id") -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or not unit.active:
        raise ValidationFailed.one(field_name, "choice_invalid")
    if unit.district_id != district_id:
        raise ValidationFailed.one(field_name, "unit_outside_district")
    return unit


def _user_id(actor: Actor) -> int | None:
    return None if actor.id == SYSTEM_ID else actor.id


def _event(
    session: Session,
    actor: Actor | None,
    c: Complaint,
    action: str,
    from_state: str | None,
    to_state: str | None,
    day: date,
    *,
    note: str | None = None,
    public: bool = False,
    unit_id: int | None = None,
    assignee_id: int | None = None,
) -> None:
    session.add(
        ComplaintEvent(
            complaint_id=c.id,
            day=day,
            actor_id=_user_id(actor) if actor else None,
            # The system keeps no display name: the timeline names it from the catalogue.
            actor_name=(actor.full_name if actor and actor.id != SYSTEM_ID else "")[:150],
            action=action,
            from_state=from_state,
            to_state=to_state,
            unit_id=unit_id,
            assignee_id=assignee_id,
            note=note,
            public=public,
            due_on=c.due_on,
            due_kind=c.due_kind,
        )
    )


def _merge_target(
    session: Session, actor: Actor, target_tid: str, district_id: int, errors: list, field_name: str = "target"
) -> Complaint | None:
    """The complaint a duplicate is merged into: readable, same district, still open."""
    target = session.exec(select(Complaint).where(Complaint.tracking_id == normalise_tracking_id(target_tid))).first()
    if target is None or not can_read(session, actor, target):
        errors.append(FieldError(field_name, "merge_target_unknown"))
        return None
    if target.district_id != district_id:
        errors.append(FieldError(field_name, "merge_other_district"))
        return None
    if target.state not in OPEN_STATES or target.state == State.duplicate:
        errors.append(FieldError(field_name, "merge_target_closed"))
        return None
    return target


def _merge(session: Session, actor: Actor, dup: Complaint, target: Complaint, day: date, note: str | None) -> None:
    """`dup` becomes a duplicate of `target`; each keeps its own history, and the target's timeline
    shows both."""
    before = dup.state
    track = apply(Track.of(dup), Action.merge, day, workdays.calendar(session), rules(session))
    _save(session, dup, track, merged_into_id=target.id)
    _event(session, actor, dup, Action.merge.value, before, State.duplicate, day, note=note, public=False)
    _event(session, actor, target, "merged_in", None, None, day, note=dup.tracking_id, public=False)


def _save(session: Session, c: Complaint, track: Track, **changes) -> None:
    """Write the new workflow fields, refusing if someone else changed the complaint meanwhile."""
    values = {**track.values(), **changes, "updated_at": utcnow(), "version": c.version + 1}
    result = session.exec(
        update(Complaint).where(col(Complaint.id) == c.id, col(Complaint.version) == c.version).values(**values)
    )
    if result.rowcount != 1:
        raise ValidationFailed.one(None, "complaint_changed")
    session.refresh(c)


def _close_if_expired(session: Session, c: Complaint) -> None:
    """A followed-up complaint whose quiet period has passed closes itself (see close_expired)."""
    if c.due_kind == DueKind.auto_close and c.due_on is not None and c.due_on < clock.today():
        try:
            _auto_close(session, c)
        except ValidationFailed:
            session.refresh(c)  # closed by another session meanwhile


def _auto_close(session: Session, c: Complaint) -> None:
    """Close as the system: the timeline says so, whoever's page open or job triggered it."""
    before = c.state
    track = apply(Track.of(c), Action.close, c.due_on, workdays.calendar(session), rules(session))
    _save(session, c, track)
    _event(session, system_actor(), c, "auto_close", before, State.closed, track.closed_on, public=True)
