"""Attempts on public pages, counted for rate limiting (see services/throttle.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.core.base import utcnow


class ThrottleHit(SQLModel, table=True):
    __tablename__ = "throttle_hit"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
