"""Follow-up actions on what was heard: who does what by when, its progress, public and internal
notes, evidence (an image or PDF, recognised by content as complaint attachments are), and the
overdue rule the home page and the actions page share.

An action is overdue when it is still planned or in progress after its due date.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import filetype
from sqlmodel import Session, col, select

from models.core.base import Role, utcnow
from models.core.org import Unit
from models.forums import (
    OPEN_ACTION,
    ActionCreate,
    ActionProgress,
    ActionPublic,
    ActionStatus,
    ActionUpdate,
    FeedbackItem,
    FollowUpAction,
    Forum,
)
from services.complaints import files as complaint_files
from services.core import audit, clock, config
from services.core.access import Actor, district_filter, in_scope, require
from services.core.errors import AccessDenied, FieldError, NotFound, ValidationFailed, validate
from services.forums.access import (
    READERS,
    WRITERS,
    action_in_scope,
    check_version,
    is_liaison,
    item_in_scope,
    unit_of_district,
)

SHOW_OVERDUE = "overdue"  # the actions page's ?show= value for the home item


def evidence_dir() -> Path:
    return config.data_dir() / "attachments" / "forums"


def _is_overdue(status: str, due_on: date, today: date) -> bool:
    return status in OPEN_ACTION and due_on < today


def _check_due(due_on: date, forum: Forum) -> list[FieldError]:
    if due_on < forum.held_on:
        return [FieldError("due_on", "forum_due_before_forum")]
    return []


def add_action(session: Session, actor: Actor, item_id: int, data: dict) -> int:
    """Give an item a follow-up action owned by a unit of the forum's district (organizers)."""
    item, forum = item_in_scope(session, actor, item_id, write=True)
    new = validate(ActionCreate, data)
    errors = _check_due(new.due_on, forum)
    try:
        unit_of_district(session, new.owner_unit_id, forum.district_id, "owner_unit_id")
    except ValidationFailed as exc:
        errors += exc.errors
    if errors:
        raise ValidationFailed(errors)
    action = FollowUpAction(item_id=item.id, created_by=actor.id or None, **new.model_dump(mode="python"))
    action.status = new.status.value
    action.done_on = clock.today() if new.status == ActionStatus.done else None
    session.add(action)
    session.flush()
    audit.record(session, actor, "create", "follow_up_action", action.id, after=new, district_id=forum.district_id)
    return action.id


def may_update(actor: Actor, action: FollowUpAction, forum: Forum) -> str | None:
    """'full' for the forum's organizers, 'progress' for the owner unit's liaison, else None."""
    if actor.has(*WRITERS) and in_scope(actor, forum.district_id):
        return "full"
    if is_liaison(actor) and actor.unit_id == action.owner_unit_id:
        return "progress"
    return None


def update_action(session: Session, actor: Actor, action_id: int, data: dict) -> int:
    """Change an action: the organizer everything, the owner unit's liaison its status, progress and
    notes. Refused when someone saved it since it was read. Returns the new version."""
    action, _, forum = action_in_scope(session, actor, action_id, write=True)
    right = may_update(actor, action, forum)
    if right is None:
        raise AccessDenied()
    change = validate(ActionUpdate if right == "full" else ActionProgress, data)
    check_version(action, change.version, "forum_action_changed")
    if right == "full":
        errors = _check_due(change.due_on, forum)
        try:
            unit_of_district(session, change.owner_unit_id, forum.district_id, "owner_unit_id")
        except ValidationFailed as exc:
            errors += exc.errors
        if errors:
            raise ValidationFailed(errors)
    before = action.model_dump(mode="json")
    values = change.model_dump(exclude={"version"}, mode="python")
    values["status"] = change.status.value
    if change.status != ActionStatus.not_possible:
        values["reason"] = None
    was_done = action.status == ActionStatus.done.value
    action.sqlmodel_update(values)
    if change.status == ActionStatus.done and not was_done:
        action.done_on = clock.today()
    elif change.status != ActionStatus.done:
        action.done_on = None
    action.version += 1
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    old, new = audit.diff(before, action.model_dump(mode="json", exclude={"version", "updated_at"}))
    audit.record(
        session, actor, "update", "follow_up_action", action.id, before=old, after=new, district_id=forum.district_id
    )
    return action.version


# --- evidence -----------------------------------------------------------------------------------------


def attach_evidence(session: Session, actor: Actor, action_id: int, name: str, data: bytes, version: int) -> int:
    """Store an image or PDF as the action's evidence (replacing an earlier one). Returns the new
    version of the action."""
    action, _, forum = action_in_scope(session, actor, action_id, write=True)
    if may_update(actor, action, forum) is None:
        raise AccessDenied()
    check_version(action, version, "forum_action_changed")
    errors = complaint_files.check_files(session, [(name, data)])
    if errors:
        raise ValidationFailed([FieldError("evidence", e.code, e.params) for e in errors])
    mime = filetype.guess(data[:8192]).mime
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.{complaint_files.ALLOWED_TYPES[mime]}"
    path = folder / stored
    path.write_bytes(data)
    # A transaction that rolls back leaves no file behind (and one that commits keeps it, whatever the
    # session does next).
    complaint_files.delete_files_after(session, [path], "after_rollback")
    action.evidence_name = complaint_files._display_name(name)
    action.evidence_stored = stored
    action.evidence_mime = mime
    action.version += 1
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    audit.record(
        session,
        actor,
        "attach",
        "follow_up_action",
        action.id,
        after={"name": action.evidence_name, "sha256": hashlib.sha256(data).hexdigest()},
        district_id=forum.district_id,
    )
    return action.version


def read_evidence(session: Session, actor: Actor, action_id: int) -> tuple[str, str, bytes]:
    """(display name, mime type, content) of an action's evidence; every download is audited."""
    action, _, forum = action_in_scope(session, actor, action_id)
    if not action.evidence_stored:
        raise NotFound()
    path = (evidence_dir() / action.evidence_stored).resolve()
    if evidence_dir().resolve() not in path.parents or not path.exists():
        raise NotFound()
    audit.record(session, actor, "download", "follow_up_action", action.id, district_id=forum.district_id)
    return action.evidence_name or "bukti", action.evidence_mime or "application/octet-stream", path.read_bytes()


# --- lists ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilter:
    forum_id: int | None = None
    item_id: int | None = None
    unit_id: int | None = None
    status: str | None = None
    show: str | None = None  # SHOW_OVERDUE: only overdue actions


def _scope(actor: Actor, query):
    """The actions an actor works on: a liaison their unit's; everyone else the district's."""
    query = query.where(district_filter(actor, Forum.district_id))
    if is_liaison(actor) and not actor.has(Role.organizer, Role.manager):
        query = query.where(FollowUpAction.owner_unit_id == actor.unit_id)
    return query


def list_actions(session: Session, actor: Actor, flt: ActionFilter | None = None) -> list[ActionPublic]:
    """Follow-up actions in the actor's scope, by due date (overdue first), with item and forum.
    The internal note is for staff screens only."""
    require(actor, *READERS)
    flt = flt or ActionFilter()
    today = clock.today()
    query = _scope(
        actor,
        select(FollowUpAction, FeedbackItem.forum_id, FeedbackItem.text, Forum.title, Forum.district_id, Unit.code)
        .join(FeedbackItem, FeedbackItem.id == FollowUpAction.item_id)
        .join(Forum, Forum.id == FeedbackItem.forum_id)
        .join(Unit, Unit.id == FollowUpAction.owner_unit_id),
    )
    if flt.forum_id is not None:
        query = query.where(Forum.id == flt.forum_id)
    if flt.item_id is not None:
        query = query.where(FeedbackItem.id == flt.item_id)
    if flt.unit_id is not None:
        query = query.where(FollowUpAction.owner_unit_id == flt.unit_id)
    if flt.status:
        query = query.where(FollowUpAction.status == flt.status)
    if flt.show == SHOW_OVERDUE:
        query = query.where(col(FollowUpAction.status).in_(OPEN_ACTION), FollowUpAction.due_on < today)
    rows = session.exec(query.order_by(FollowUpAction.due_on, FollowUpAction.id)).all()
    return [
        ActionPublic(
            **a.model_dump(exclude={"created_by", "created_at", "updated_at", "evidence_stored", "evidence_mime"}),
            forum_id=forum_id,
            forum_title=title,
            district_id=district_id,
            item_text=text,
            owner_unit_code=code,
            overdue=_is_overdue(a.status, a.due_on, today),
        )
        for a, forum_id, text, title, district_id, code in rows
    ]


def overdue_count(session: Session, actor: Actor) -> int:
    """How many actions the actor's list shows under ?show=overdue (the home item's number)."""
    return len(list_actions(session, actor, ActionFilter(show=SHOW_OVERDUE)))
