"""The audit trail: who changed, revealed or exported what, and when.

Every row names the district it concerns, so a district admin reads only their district's rows and an
all-district admin reads everything. Rows written before migration 0005 have no district (it cannot
be recovered reliably: records move, and the acting user may have been of any scope); they stay
visible to all-district admins only.

Actions, entities and notes are codes; the audit page shows them through the catalogue
(`audit.action.<code>`, `audit.entity.<code>`, `audit.note.<code>`, the note filled from `after`),
and a code without a label as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from models.core.audit import AuditLog
from models.core.base import Role
from services.core import clock
from services.core.access import SYSTEM_ID, Actor, district_filter, require
from services.core.paging import Page, fetch


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("password", "password_hash")}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


class _ActorsDistrict:
    def __repr__(self) -> str:
        return "the acting user's district"


ACTORS_DISTRICT: Any = _ActorsDistrict()


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: Any = None,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
    username: str | None = None,
    *,
    district_id: int | None = ACTORS_DISTRICT,
) -> None:
    """Add an audit row to the caller's transaction (it commits or rolls back with the change).

    `district_id` is the district of the record concerned; left out, it is the acting user's (None
    for an all-district user or no user). Pass None for an installation-wide change."""
    if district_id is ACTORS_DISTRICT:
        district_id = actor.district_id if actor else None
    session.add(
        AuditLog(
            user_id=actor.id if actor and actor.id != SYSTEM_ID else None,
            username=actor.username if actor else username,
            district_id=district_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=_plain(before),
            after=_plain(after),
            note=(note or None) and note[:500],
        )
    )


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def list_entries(
    session: Session,
    actor: Actor,
    *,
    entity: str | None = None,
    action: str | None = None,
    username: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[AuditLog]:
    """Audit rows in the admin's scope, newest first: an all-district admin reads every row, a
    district admin the rows of their district (never an installation-wide or unplaced one)."""
    require(actor, Role.admin)
    query = select(AuditLog).where(district_filter(actor, AuditLog.district_id))
    if entity:
        query = query.where(AuditLog.entity == entity)
    if action:
        query = query.where(AuditLog.action == action)
    if username:
        query = query.where(AuditLog.username == username.strip().lower())
    if since:
        query = query.where(AuditLog.at >= clock.day_start(since))
    if until:
        query = query.where(AuditLog.at < clock.day_end(until))
    total, rows = fetch(session, query, page, page_size, AuditLog.at.desc(), AuditLog.id.desc())
    return Page(items=rows, total=total, page=page, page_size=page_size)


def entities(session: Session, actor: Actor) -> list[str]:
    """The entity codes of the rows the admin may read (for the page's filter)."""
    require(actor, Role.admin)
    query = select(AuditLog.entity).where(district_filter(actor, AuditLog.district_id))
    return list(session.exec(query.distinct().order_by(AuditLog.entity)).all())


def actions(session: Session, actor: Actor) -> list[str]:
    """The action codes of the rows the admin may read (for the page's filter)."""
    require(actor, Role.admin)
    query = select(AuditLog.action).where(district_filter(actor, AuditLog.district_id))
    return list(session.exec(query.distinct().order_by(AuditLog.action)).all())
