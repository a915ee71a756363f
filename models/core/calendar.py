"""The national working-day calendar's admin overrides (used by every module's deadlines)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow


class HolidayOverride(SQLModel, table=True):
    """An admin's change to the national calendar: an extra day off (cuti bersama set late, a local
    holiday) or a national holiday that is worked after all."""

    __tablename__ = "holiday_override"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    working: bool = False  # False: an added day off; True: the day is a working day after all
    name: str = Field(max_length=150)
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow)


class HolidayCreate(SQLModel):
    day: date
    working: bool = False
    name: str = Field(min_length=3, max_length=150)

    _name = field_validator("name", mode="before")(lambda x: v.require_text(v.single_line(x)))
