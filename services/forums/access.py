"""Who may see and change what of the forums module, checked on every service call.

- an organizer records and edits the forums of their district (items, actions, areas, tags);
- the liaison of a unit (an officer with a unit) reads the forums of the district and updates the
  progress of the actions its unit owns; an officer without a unit reads the district's forums;
- a manager reads everything in scope; an admin merges theme tags;
- a forum of another district does not exist for the caller (NotFound), by URL or by call.
"""

from __future__ import annotations

from sqlmodel import Session

from models.core.base import Role
from models.core.org import Unit
from models.forums import FeedbackItem, FollowUpAction, Forum
from services.core.access import Actor, in_scope, require
from services.core.errors import NotFound, ValidationFailed

WRITERS = (Role.organizer,)
READERS = (Role.organizer, Role.manager, Role.officer)


def is_liaison(actor: Actor) -> bool:
    return actor.has(Role.officer) and actor.unit_id is not None


def forum_in_scope(session: Session, actor: Actor, forum_id: int, *, write: bool = False) -> Forum:
    """The forum, when the actor may read it (write: record it); NotFound outside the scope."""
    require(actor, *(WRITERS if write else READERS))
    # A write locks the row (PostgreSQL): a concurrent save waits, then sees the new version.
    forum = session.get(Forum, forum_id, with_for_update=write) if forum_id else None
    if forum is None or not in_scope(actor, forum.district_id):
        raise NotFound()
    return forum


def item_in_scope(session: Session, actor: Actor, item_id: int, *, write: bool = False) -> tuple[FeedbackItem, Forum]:
    item = session.get(FeedbackItem, item_id, with_for_update=write) if item_id else None
    if item is None:
        require(actor, *(WRITERS if write else READERS))
        raise NotFound()
    return item, forum_in_scope(session, actor, item.forum_id, write=write)


def action_in_scope(
    session: Session, actor: Actor, action_id: int, *, write: bool = False
) -> tuple[FollowUpAction, FeedbackItem, Forum]:
    action = session.get(FollowUpAction, action_id, with_for_update=write) if action_id else None
    if action is None:
        require(actor, *READERS)
        raise NotFound()
    item, forum = item_in_scope(session, actor, action.item_id)
    return action, item, forum


def unit_of_district(session: Session, unit_id: int | None, district_id: int, field: str = "unit_id") -> Unit | None:
    """The unit, refused as bad input when it is not an active unit of the forum's district."""
    if unit_id is None:
        return None
    unit = session.get(Unit, unit_id)
    if unit is None or unit.district_id != district_id:
        raise ValidationFailed.one(field, "unit_outside_district")
    return unit


def check_version(record, version: int | None, code: str) -> None:
    """Optimistic locking: a write based on a stale read is refused, so nobody's change is lost."""
    if version is None or int(version) != record.version:
        raise ValidationFailed.one(None, code)
