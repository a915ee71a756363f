"""Who is acting, and what they may touch. Every service function takes an Actor and checks it here.

Pages are filtered by role in the navigation, but that is convenience only: a page reached by URL or
a crafted call still goes through these checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import true
from sqlalchemy.sql.elements import ColumnElement

from models.core.base import Role
from services.core.errors import AccessDenied


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    district_id: int | None  # None: every district
    unit_id: int | None = None  # an officer tied to one unit (unit liaison)
    language: str = "id"
    district_name: str | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def all_districts(self) -> bool:
        return self.district_id is None


SYSTEM_ID = 0  # not a row in user_account: the command line and scheduled jobs


def system_actor(name: str = "system") -> Actor:
    """An all-district administrator for the command line (whoever runs it owns the server)."""
    return Actor(id=SYSTEM_ID, username=name, full_name=name, roles=frozenset(Role), district_id=None)


def require(actor: Actor | None, *roles: Role) -> Actor:
    """Refuse unless the actor holds one of `roles`."""
    if actor is None or not actor.has(*roles):
        raise AccessDenied()
    return actor


def require_district(actor: Actor, district_id: int | None) -> None:
    """Refuse a record outside the actor's district scope."""
    if not actor.all_districts and district_id != actor.district_id:
        raise AccessDenied()


def installation_admin(actor: Actor) -> bool:
    """An admin of all districts (or the command line): only they change what holds for every
    district alike (the settings, the national working-day calendar)."""
    return actor.has(Role.admin) and actor.all_districts


def in_scope(actor: Actor, district_id: int | None) -> bool:
    return actor.all_districts or district_id == actor.district_id


def district_filter(actor: Actor, column) -> ColumnElement[bool]:
    """SQL condition limiting `column` (a district_id column) to the actor's scope."""
    return true() if actor.all_districts else column == actor.district_id
