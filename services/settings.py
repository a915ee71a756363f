"""Run-time settings an admin may change. Each is declared once here with its rule, type and bounds.

Modules add their own settings by appending SettingDef entries to DEFINITIONS (complaint deadlines,
IKM targets, ...). A value not stored in the database is its default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from models.accounts import Setting
from models.base import Role, utcnow
from services import audit
from services.access import Actor, require
from services.errors import FieldError, ValidationFailed


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: int | float
    minimum: int | float
    maximum: int | float
    group: str  # shown together on the settings page; label is t(f"setting.{key}")


DEFINITIONS: dict[str, SettingDef] = {}


def define(*defs: SettingDef) -> None:
    for d in defs:
        DEFINITIONS[d.key] = d


define(
    # A brute-force guard the login library lacks: N failures lock the account for M minutes.
    SettingDef("login.max_failures", 5, 3, 20, "login"),
    SettingDef("login.lock_minutes", 15, 1, 1440, "login"),
)


def get(session: Session, key: str) -> Any:
    """The stored value of `key`, or its default."""
    d = DEFINITIONS[key]
    row = session.get(Setting, key)
    return d.default if row is None else type(d.default)(row.value)


def all_values(session: Session) -> dict[str, Any]:
    stored = {row.key: row.value for row in session.exec(select(Setting)).all()}
    return {k: type(d.default)(stored.get(k, d.default)) for k, d in DEFINITIONS.items()}


def current(session: Session, actor: Actor) -> dict[str, Any]:
    """Every setting's value, for the admin's settings screen."""
    require(actor, Role.admin)
    return all_values(session)


def update(session: Session, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Validate every value first (all or nothing), then store the ones that changed."""
    require(actor, Role.admin)
    errors = []
    clean: dict[str, Any] = {}
    for key, raw in values.items():
        d = DEFINITIONS.get(key)
        if d is None:
            errors.append((key, "setting_unknown", {}))
            continue
        try:
            value = type(d.default)(raw)
        except (TypeError, ValueError):
            errors.append((key, "number_invalid", {}))
            continue
        if not d.minimum <= value <= d.maximum:
            errors.append((key, "out_of_range", {"min": d.minimum, "max": d.maximum}))
            continue
        clean[key] = value
    if errors:
        raise ValidationFailed([FieldError(f, c, p) for f, c, p in errors])
    current = all_values(session)
    changed = {k: v for k, v in clean.items() if current[k] != v}
    for key, value in changed.items():
        row = session.get(Setting, key) or Setting(key=key, value=value)
        row.value, row.updated_at, row.updated_by = value, utcnow(), actor.id
        session.add(row)
    if changed:
        audit.record(session, actor, "update", "setting", None, {k: current[k] for k in changed}, changed)
    return changed
