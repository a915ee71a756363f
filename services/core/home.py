"""What needs attention today, per role: the home page asks every provider listed here.

A module adds its items (overdue complaints, forum follow-ups due, cohorts starting, a district's
latest IKM) by writing a provider `fn(session, actor) -> list[Attention]` and listing it in PROVIDERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from models.accounts import User
from models.base import Role
from models.org import Staff, Unit
from services import accounts
from services.access import Actor, district_filter


@dataclass(frozen=True)
class Attention:
    text_key: str  # catalogue key; may use {n} and params
    count: int
    severity: str = "info"  # error | warning | info
    page: str | None = None  # pages/... script to open for it
    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)  # query parameters of that page, so it opens on exactly this


@dataclass(frozen=True)
class Figure:
    label_key: str
    value: float | int | str
    help_key: str | None = None
    params: dict = field(default_factory=dict)  # placeholders of the label ("IKM {district}")
    delta: str | None = None  # a change, already formatted with its sign ("+1,20")


def _admin_attention(session: Session, actor: Actor) -> list[Attention]:
    if not actor.has(Role.admin):
        return []
    locked = accounts.locked_accounts(session, actor)
    return [Attention("home.att.locked_accounts", locked, "warning", "pages/admin_users.py")] if locked else []


def _complaint_attention(session: Session, actor: Actor) -> list[Attention]:
    from services import complaints  # imported here: complaints builds Attention items from this module

    return complaints.home_attention(session, actor)


def _satisfaction_attention(session: Session, actor: Actor) -> list[Attention]:
    from services import satisfaction_stats  # imported here: it builds Attention items from this module

    return satisfaction_stats.home_attention(session, actor)


PROVIDERS: list[Callable[[Session, Actor], list[Attention]]] = [
    _admin_attention,
    _complaint_attention,
    _satisfaction_attention,
]


def attention(session: Session, actor: Actor) -> list[Attention]:
    """Every provider's items for this user, most severe first."""
    order = {"error": 0, "warning": 1, "info": 2}
    items = [item for provider in PROVIDERS for item in provider(session, actor)]
    return sorted(items, key=lambda a: order.get(a.severity, 3))


def _people_figures(session: Session, actor: Actor) -> list[Figure]:
    if not actor.has(Role.admin, Role.manager, Role.trainer):
        return []
    staff = session.exec(
        select(func.count())
        .select_from(Staff)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Unit.district_id), Staff.active == True)  # noqa: E712
    ).one()
    units = session.exec(
        select(func.count()).select_from(Unit).where(district_filter(actor, Unit.district_id), Unit.active == True)  # noqa: E712
    ).one()
    figures = [Figure("home.fig.staff", staff), Figure("home.fig.units", units)]
    if actor.has(Role.admin):
        users = session.exec(
            select(func.count()).select_from(User).where(district_filter(actor, User.district_id), User.active == True)  # noqa: E712
        ).one()
        figures.append(Figure("home.fig.users", users))
    return figures


def _satisfaction_figures(session: Session, actor: Actor) -> list[Figure]:
    from services import satisfaction_stats

    return satisfaction_stats.home_figures(session, actor)


FIGURE_PROVIDERS: list[Callable[[Session, Actor], list[Figure]]] = [_satisfaction_figures, _people_figures]


def figures(session: Session, actor: Actor) -> list[Figure]:
    """Key numbers for the home page, in provider order."""
    return [f for provider in FIGURE_PROVIDERS for f in provider(session, actor)]
