"""Run-time settings an admin may change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.core.base import utcnow


class Setting(SQLModel, table=True):
    """A run-time setting an admin may change; defaults and types are declared in services/core/settings.py."""

    key: str = Field(primary_key=True, max_length=60)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
