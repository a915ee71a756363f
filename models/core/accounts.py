"""Accounts and their roles."""

from __future__ import annotations

from datetime import datetime

from pydantic import field_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import Role, utcnow

LANGUAGES = ("id", "en")  # Bahasa Indonesia first


class User(SQLModel, table=True):
    """A login. `district_id` None means all districts; `unit_id` ties an officer to one unit."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True)
    full_name: str = Field(max_length=150)
    email: str | None = Field(default=None, max_length=200)
    password_hash: str = Field(max_length=100)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    language: str = Field(default="id", max_length=2)
    active: bool = True
    # Server-side state the login library lacks (shared by every process through the database):
    failed_logins: int = 0  # failures in a row, each within `login.lock_minutes` of the one before
    last_failed_login_at: datetime | None = None
    locked_until: datetime | None = None
    # Unix time; cookies and sessions that began before it are refused (logout, password change).
    session_epoch: float = 0.0
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 0  # bumped by every change of the account: a form saved on an older one is refused


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(max_length=20, primary_key=True)


def _check_roles(value) -> list[Role]:
    if isinstance(value, str):
        value = [value]
    if value is not None and not isinstance(value, (list, tuple, set, frozenset)):
        raise PydanticCustomError("roles_required", "Choose at least one role")
    try:
        roles = sorted({Role(r) for r in (value or [])})
    except (ValueError, TypeError):
        raise PydanticCustomError("choice_invalid", "Unknown role") from None
    if not roles:
        raise PydanticCustomError("roles_required", "Choose at least one role")
    return roles


class UserCreate(SQLModel):
    username: str
    full_name: str = Field(min_length=2, max_length=150)
    email: str | None = None
    password: str
    roles: list[Role]
    district_id: int | None = None
    unit_id: int | None = None
    language: str = "id"

    _username = field_validator("username", mode="before")(v.check_username)
    _full_name = field_validator("full_name", mode="before")(v.require_text)
    _email = field_validator("email", mode="before")(v.check_email)
    _password = field_validator("password")(v.check_password)
    _roles = field_validator("roles", mode="before")(_check_roles)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise PydanticCustomError("language_invalid", "Unknown language")
        return value


class UserUpdate(SQLModel):
    version: int | None = None  # the account's version when the form was read (None: no check)
    full_name: str | None = Field(default=None, min_length=2, max_length=150)
    email: str | None = None
    roles: list[Role] | None = None
    district_id: int | None = None
    unit_id: int | None = None
    active: bool | None = None

    _full_name = field_validator("full_name", mode="before")(v.require_text)
    _email = field_validator("email", mode="before")(v.check_email)
    _roles = field_validator("roles", mode="before")(_check_roles)


class PasswordChange(SQLModel):
    new_password: str
    repeat: str

    _password = field_validator("new_password")(v.check_password)

    @field_validator("repeat")
    @classmethod
    def _same(cls, value: str, info) -> str:
        if value != info.data.get("new_password"):
            raise PydanticCustomError("password_mismatch", "The passwords do not match")
        return value


class UserPublic(SQLModel):
    id: int
    username: str
    full_name: str
    email: str | None
    roles: list[Role]
    district_id: int | None
    district_name: str | None
    unit_id: int | None
    unit_code: str | None
    language: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int = 0
