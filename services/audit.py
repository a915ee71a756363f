"""The audit trail: who changed, revealed or exported what, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from models.accounts import AuditLog
from models.base import Role
from services import clock
from services.access import SYSTEM_ID, Actor, require
from services.paging import Page, fetch


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
) -> None:
    """Add an audit row to the caller's transaction (it commits or rolls back with the change)."""
    session.add(
        AuditLog(
            user_id=actor.id if actor and actor.id != SYSTEM_ID else None,
            username=actor.username if actor else username,
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
    """Audit rows, newest first (admins only)."""
    require(actor, Role.admin)
    query = select(AuditLog)
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
    require(actor, Role.admin)
    return list(session.exec(select(AuditLog.entity).distinct().order_by(AuditLog.entity)).all())
