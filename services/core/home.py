"""What the core shows on the home page: locked accounts for admins, and the size of the organisation.

Every module adds its own providers through its `Module` (see services/core/modules.py); the home
page asks the registry for all of them.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from models.core.accounts import User
from models.core.base import Role
from models.core.org import Staff, Unit
from services.core import accounts
from services.core.access import Actor, district_filter
from services.core.modules import Attention, Figure


def admin_attention(session: Session, actor: Actor) -> list[Attention]:
    if not actor.has(Role.admin):
        return []
    locked = accounts.locked_accounts(session, actor)
    return [Attention("home.att.locked_accounts", locked, "warning", "users")] if locked else []


def people_figures(session: Session, actor: Actor) -> list[Figure]:
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
