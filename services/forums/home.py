"""What the home page shows of forums: overdue follow-up actions, for the owner unit's liaison and
for the district's organizers. The number is the number of rows the link opens."""

from __future__ import annotations

from sqlmodel import Session

from models.core.base import Role
from services.core.access import Actor
from services.core.modules import Attention
from services.forums.access import is_liaison
from services.forums.actions import SHOW_OVERDUE, overdue_count

ACTIONS_PAGE = "forum-actions"  # the actions page's URL id


def home_attention(session: Session, actor: Actor) -> list[Attention]:
    """One item, 'N follow-up actions overdue', opening the actions page on exactly those."""
    if not (actor.has(Role.organizer) or is_liaison(actor)):
        return []
    n = overdue_count(session, actor)
    if not n:
        return []
    return [Attention("home.att.forum_actions_overdue", n, "error", ACTIONS_PAGE, query={"show": SHOW_OVERDUE})]
