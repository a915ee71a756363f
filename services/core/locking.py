"""No lost writes: optimistic locking for records edited through forms.

A form remembers the version of the record it was read at; saving claims that version with one
conditional UPDATE (version = read + 1 WHERE version = read), so of two people saving the same
record at once exactly one wins. The other is refused, told who changed it and when (from the audit
log), and nothing of theirs is saved over it: they reload, see the change, and save again.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from models.core.audit import AuditLog
from services.core import clock
from services.core.errors import ValidationFailed


def claim(session: Session, table, row_id: int, read_version: int, *, entity: str) -> None:
    """Move `table` row `row_id` from `read_version` to the next one, or refuse with who and when."""
    result = session.exec(
        update(table)
        .where(col(table.id) == row_id, col(table.version) == read_version)
        .values(version=col(table.version) + 1)
    )
    if result.rowcount == 1:
        return
    last = session.exec(
        select(AuditLog.username, AuditLog.at)
        .where(AuditLog.entity == entity, AuditLog.entity_id == str(row_id))
        .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
        .limit(1)
    ).first()
    who, at = (last[0] or "-", clock.local_datetime(last[1]).strftime("%d-%m-%Y %H.%M")) if last else ("-", "-")
    raise ValidationFailed.one(None, "record_changed", who=who, at=at)
