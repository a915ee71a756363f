"""What the home page shows of forums: overdue follow-up actions, for the owner unit's liaison and
for the district's organizers. The number is the number of rows the link opens."""

from __future__ import annotations

from sqlmodel import Session

from models.core.base import Role
from services import i18n
from services.core import clock, periods
from services.core.access import Actor
from services.core.modules import Attention, Figure
from services.forums import stats
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


def home_figures(session: Session, actor: Actor) -> list[Figure]:
    """For organizers and managers: items heard at this quarter's forums in scope, and the share
    already acted on (an action or a complaint)."""
    if not actor.has(Role.organizer, Role.manager):
        return []
    quarter = periods.containing(clock.today(), "quarter")
    frame = stats.heard_and_acted(session, actor, quarter.start, quarter.end, "quarter")
    heard, acted = int(frame["heard"].sum()), int(frame["acted"].sum())
    label = periods.short_label(quarter, actor.language)
    figures = [Figure("home.fig.forum_items", heard, "home.fig.forum_items_help", params={"period": label})]
    if heard:
        share = i18n.fmt_percent(acted / heard, actor.language)
        figures.append(Figure("home.fig.forum_acted", share, "home.fig.forum_acted_help", params={"period": label}))
    return figures
