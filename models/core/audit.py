"""The audit trail: who changed, revealed, exported or downloaded what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.core.base import utcnow


class AuditLog(SQLModel, table=True):
    """Who did what to which record, with the values before and after."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    username: str | None = Field(default=None, max_length=40)  # kept if the account is renamed
    # The district the row concerns (the record's, else the acting user's); None: installation-wide,
    # or a row written before migration 0005. District admins read only their district's rows.
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    action: str = Field(max_length=40)  # a code: create, update, login_failed, reveal, export, ...
    entity: str = Field(max_length=40, index=True)  # a code: user, unit, staff, complaint, ...
    entity_id: str | None = Field(default=None, max_length=40)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # A code (wrong_password, ...) shown through the catalogue as `audit.note.<code>`; other text as is.
    note: str | None = Field(default=None, max_length=500)
