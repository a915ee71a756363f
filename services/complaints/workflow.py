"""The workflow: every legal move of a complaint (verify, forward, follow up, merge, close ...), bulk
forward and assign (all or none), and closing quiet follow-ups."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from models.complaints import (
    OPEN_STATES,
    Complaint,
    ComplaintHandler,
    DueKind,
    State,
    Transition,
    normalise_tracking_id,
)
from models.core.accounts import User, UserRole
from models.core.base import Role, utcnow
from models.core.org import Unit
from services.complaints.access import EXTRA_ACTIONS, _actions_for, _get, can_read, handles, rules
from services.complaints.rules import (
    ALWAYS_PUBLIC,
    NOTE_REQUIRED,
    POSTPONE_MAX_DAYS,
    Action,
    Track,
    allowed_actions,
    apply,
)
from services.complaints.steps import (
    _auto_close,
    _close_if_expired,
    _event,
    _insert_ignore,
    _merge,
    _merge_target,
    _save,
    _unit_in_district,
)
from services.core import clock, workdays
from services.core.access import SYSTEM_ID, Actor, district_filter, in_scope, require
from services.core.errors import AccessDenied, FieldError, NotFound, ValidationFailed, validate

# --- the workflow -----------------------------------------------------------------------------------


def _officer_of_unit(session: Session, user_id: int, unit_id: int, field_name: str = "assignee_id") -> User:
    user = session.get(User, user_id)
    is_officer = session.exec(
        select(UserRole.user_id).where(UserRole.user_id == user_id, UserRole.role == Role.officer.value)
    ).first()
    if user is None or not user.active or not is_officer or user.unit_id != unit_id:
        raise ValidationFailed.one(field_name, "assignee_not_in_unit")
    return user


def officers_of_unit(session: Session, actor: Actor, unit_id: int) -> list[tuple[int, str]]:
    """Active officers tied to a unit (to pick an assignee)."""
    require(actor, Role.officer)
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or not in_scope(actor, unit.district_id):
        return []
    rows = session.exec(
        select(User.id, User.full_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.unit_id == unit_id, User.active == True, UserRole.role == Role.officer.value)  # noqa: E712
        .order_by(User.full_name)
    ).all()
    return [(i, n) for i, n in rows]


def act(session: Session, actor: Actor, tid: str, action: str, data: dict | None = None) -> str:
    """Take one workflow action on a complaint (see complaint_rules.TRANSITIONS), recorded on its
    timeline with who, when and the note. Returns the new state.

    An action the state does not allow is refused as bad input (ValidationFailed); a legal action
    that is not this actor's part (a liaison forwarding, a manager, another unit) is AccessDenied."""
    require(actor, Role.officer)
    c = _get(session, tid)
    handling = handles(actor, c)
    if not can_read(session, actor, c, handling):
        raise NotFound()
    _close_if_expired(session, c)
    entry = validate(Transition, data or {})
    if not handling:
        raise AccessDenied()
    if action in EXTRA_ACTIONS:
        if action not in _actions_for(session, actor, c):
            raise (
                AccessDenied()
                if c.state in OPEN_STATES
                else ValidationFailed.one(None, "transition_illegal", action=action, state=c.state)
            )
        return _extra(session, actor, c, action, entry)
    try:
        action = Action(action)
    except ValueError:
        raise ValidationFailed.one(None, "transition_illegal", action=str(action)[:20], state=c.state) from None
    if action not in allowed_actions(c.state):
        raise ValidationFailed.one(None, "transition_illegal", action=action.value, state=c.state)
    if action.value not in _actions_for(session, actor, c):
        raise AccessDenied()
    return _transition(session, actor, c, action, entry)


def _transition(session: Session, actor: Actor, c: Complaint, action: Action, entry: Transition) -> str:
    today = clock.today()
    errors: list[FieldError] = []
    if action in NOTE_REQUIRED and not entry.note:
        errors.append(FieldError("note", "required"))
    changes: dict = {}
    target = None
    if action is Action.forward:
        if entry.unit_id is None:
            errors.append(FieldError("unit_id", "required"))
        else:
            try:
                _unit_in_district(session, entry.unit_id, c.district_id)
                if c.state == State.forwarded and entry.unit_id == c.unit_id:
                    errors.append(FieldError("unit_id", "forward_same_unit"))
                if entry.assignee_id is not None:
                    _officer_of_unit(session, entry.assignee_id, entry.unit_id)
            except ValidationFailed as exc:
                errors += exc.errors
        changes = {"unit_id": entry.unit_id, "assignee_id": entry.assignee_id}
    elif action is Action.postpone:
        if entry.until is None:
            errors.append(FieldError("until", "required"))
        elif entry.until <= today:
            errors.append(FieldError("until", "until_not_future"))
        elif entry.until > today + timedelta(days=POSTPONE_MAX_DAYS):
            errors.append(FieldError("until", "until_too_far", {"days": POSTPONE_MAX_DAYS}))
    elif action is Action.merge:
        if not entry.target:
            errors.append(FieldError("target", "required"))
        else:
            target = _merge_target(session, actor, entry.target, c.district_id, errors)
            if target is not None and target.id == c.id:
                errors.append(FieldError("target", "merge_self"))
    elif action is Action.close:
        changes = {
            "rating": entry.rating,
            "maladministration": entry.maladministration.value if entry.maladministration else None,
        }
    if errors:
        raise ValidationFailed(errors)

    if action is Action.merge:
        _merge(session, actor, c, target, today, entry.note)
        return State.duplicate.value
    before = c.state
    track = apply(
        Track.of(c),
        action,
        today,
        workdays.calendar(session),
        rules(session),
        until=entry.until,
        field_check=entry.field_check if action is Action.verify else None,
    )
    if action is Action.verify and entry.priority is not None:
        changes["priority"] = entry.priority.value
    if action is Action.send_back:
        changes["assignee_id"] = None
    _save(session, c, track, **changes)
    if action is Action.forward:
        session.exec(_insert_ignore(session, ComplaintHandler, complaint_id=c.id, unit_id=entry.unit_id))
    public = entry.public or action in ALWAYS_PUBLIC
    _event(
        session,
        actor,
        c,
        action.value,
        before,
        track.state,
        today,
        note=entry.note,
        public=public,
        unit_id=entry.unit_id if action is Action.forward else None,
        assignee_id=entry.assignee_id if action is Action.forward else None,
    )
    return track.state


def _extra(session: Session, actor: Actor, c: Complaint, action: str, entry: Transition) -> str:
    """A comment, an assignment or a priority change: on the timeline, no change of state."""
    today = clock.today()
    if action == "comment":
        if not entry.note:
            raise ValidationFailed.one("note", "required")
        c.updated_at = utcnow()
        session.add(c)
        _event(session, actor, c, "comment", None, None, today, note=entry.note, public=entry.public)
    elif action == "assign":
        if entry.assignee_id is not None:
            if c.unit_id is None:
                raise ValidationFailed.one("assignee_id", "assignee_not_in_unit")
            _officer_of_unit(session, entry.assignee_id, c.unit_id)
        _save(session, c, Track.of(c), assignee_id=entry.assignee_id)
        _event(session, actor, c, "assign", None, None, today, note=entry.note, assignee_id=entry.assignee_id)
    else:
        if entry.priority is None:
            raise ValidationFailed.one("priority", "required")
        _save(session, c, Track.of(c), priority=entry.priority.value)
        _event(session, actor, c, "priority", None, None, today, note=entry.priority.value)
    return c.state


def bulk_forward(session: Session, actor: Actor, tids: list[str], data: dict) -> int:
    """Forward several complaints to one unit (and optionally one officer) in one transaction: all
    of them or none, with the reasons for the ones that cannot go."""
    return _bulk(session, actor, tids, "forward", data)


def bulk_assign(session: Session, actor: Actor, tids: list[str], data: dict) -> int:
    """Assign several complaints to one officer of their unit, all or none."""
    require(actor, Role.officer)
    if not (data or {}).get("assignee_id"):
        raise ValidationFailed.one("assignee_id", "required")
    return _bulk(session, actor, tids, "assign", data)


def _bulk(session: Session, actor: Actor, tids: list[str], action: str, data: dict) -> int:
    require(actor, Role.officer)
    tids = list(dict.fromkeys(normalise_tracking_id(t) for t in tids or []))
    if not tids:
        raise ValidationFailed.one(None, "nothing_selected")
    if len(tids) > 500:
        raise ValidationFailed.one(None, "too_many_selected", max=500)
    errors: list[FieldError] = []
    for tid in tids:
        # Each act validates before it writes, so a refused one leaves nothing behind; any refusal
        # makes the caller's transaction roll back the others too.
        try:
            act(session, actor, tid, action, data)
        except ValidationFailed as exc:
            errors += [FieldError(tid, e.code, e.params) for e in exc.errors]
        except (AccessDenied, NotFound):
            errors.append(FieldError(tid, "access_denied"))
    if errors:
        raise ValidationFailed(errors)
    return len(tids)


CLOSE_BATCH = 500


def close_expired(session: Session, actor: Actor, limit: int = CLOSE_BATCH) -> list[str]:
    """Close the followed-up complaints whose `auto_close_days` passed without a reply from the
    complainant, up to `limit` of them; returns their tracking IDs. A system task: each closing is
    recorded as the system's. The scheduled job (`manage.py close-expired`, the system actor) covers
    every district; a user's page open triggers it for the user's district scope only. Idempotent."""
    if actor.id != SYSTEM_ID:
        require(actor, Role.officer, Role.manager, Role.admin)
    rows = session.exec(
        select(Complaint)
        .where(
            district_filter(actor, Complaint.district_id),
            Complaint.due_kind == DueKind.auto_close.value,
            col(Complaint.due_on) < clock.today(),
        )
        .order_by(Complaint.due_on, Complaint.id)
        .limit(limit)
    ).all()
    closed = []
    for c in rows:
        try:
            _auto_close(session, c)
            closed.append(c.tracking_id)
        except ValidationFailed:
            continue  # changed meanwhile by someone else; the next run sees it again
    return closed
