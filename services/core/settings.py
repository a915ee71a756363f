"""Run-time settings an admin may change. Each is declared once here with its rule, type and bounds.

Modules add their own settings by appending SettingDef entries to DEFINITIONS (complaint deadlines,
IKM targets, ...). A value not stored in the database is its default; a stored value outside the
bounds (they may have been tightened since it was saved) reads as the nearest bound.

Settings hold for every district of the installation, so only an all-district admin changes them;
district admins read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from models.core.base import Role, utcnow
from models.core.settings import Setting
from services.core import audit
from services.core.access import SYSTEM_ID, Actor, installation_admin, require
from services.core.errors import FieldError, ValidationFailed


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
    # UU 27/2022: personal data is kept no longer than needed. `manage.py purge-personal-data` blanks
    # it this many days after a record was closed (complaints) or held (forum participant lists).
    SettingDef("privacy.retention_days", 1095, 90, 3650, "privacy"),
)
define(
    # A brute-force guard the login library lacks: N failures lock the account for M minutes.
    SettingDef("login.max_failures", 5, 3, 20, "login"),
    SettingDef("login.lock_minutes", 15, 1, 1440, "login"),
)
define(
    # SP4N-LAPOR! time limits in working days (services/complaint_rules.py): verify and forward,
    # the unit's follow-up, and the silence after which a followed-up complaint closes itself.
    SettingDef("complaints.verify_days", 3, 1, 30, "complaints"),
    SettingDef("complaints.follow_up_days", 5, 1, 30, "complaints"),
    SettingDef("complaints.auto_close_days", 10, 1, 60, "complaints"),
    # The national limit to answer, in calendar days: without and with a field check.
    SettingDef("complaints.escalate_days", 14, 1, 120, "complaints"),
    SettingDef("complaints.escalate_field_days", 60, 1, 365, "complaints"),
    # Attachments: images and PDF only, each at most this many megabytes, this many per upload.
    SettingDef("complaints.attachment_max_mb", 5, 1, 50, "complaints"),
    SettingDef("complaints.attachment_max_count", 5, 1, 20, "complaints"),
    # The public status page: wrong tries allowed per tracking ID and per browser in the window.
    SettingDef("complaints.status_max_tries", 5, 2, 50, "complaints"),
    SettingDef("complaints.status_window_minutes", 15, 1, 1440, "complaints"),
    # Similar open complaints shown at intake: how far back, and how close a match must be (0-100).
    SettingDef("complaints.similar_days", 30, 1, 365, "complaints"),
    SettingDef("complaints.similar_score", 60, 30, 100, "complaints"),
)
define(
    # The IKM a unit aims for: the dashboard draws it as the target line (B starts at 76.61).
    SettingDef("satisfaction.ikm_target", 80.0, 25.0, 100.0, "satisfaction"),
    # The dashboard redraws itself this often; at most 60 s, so a new response shows within a minute.
    SettingDef("satisfaction.refresh_seconds", 30, 10, 60, "satisfaction"),
    # Kiosk flood guard: responses allowed from one browser per window, and per link per hour.
    SettingDef("satisfaction.kiosk_max_per_browser", 5, 1, 100, "satisfaction"),
    SettingDef("satisfaction.kiosk_window_seconds", 60, 10, 3600, "satisfaction"),
    SettingDef("satisfaction.kiosk_max_per_link_hour", 120, 10, 10000, "satisfaction"),
    # The largest import file, in rows (bigger files: split them, or use `manage.py import-skm`).
    SettingDef("satisfaction.import_max_rows", 100000, 100, 1000000, "satisfaction"),
)


def _effective(d: SettingDef, stored: Any) -> int | float:
    if stored is None:
        return d.default
    try:
        value = type(d.default)(stored)
    except (TypeError, ValueError):
        return d.default
    return min(max(value, type(d.default)(d.minimum)), type(d.default)(d.maximum))


def get(session: Session, key: str) -> Any:
    """The value of `key` in force: the stored one within its bounds, or the default."""
    row = session.get(Setting, key)
    return _effective(DEFINITIONS[key], None if row is None else row.value)


def all_values(session: Session) -> dict[str, Any]:
    stored = {row.key: row.value for row in session.exec(select(Setting)).all()}
    return {k: _effective(d, stored.get(k)) for k, d in DEFINITIONS.items()}


def current(session: Session, actor: Actor) -> dict[str, Any]:
    """Every setting's value, for the settings screen (any admin may read them)."""
    require(actor, Role.admin)
    return all_values(session)


def may_change(actor: Actor) -> bool:
    """Settings hold for every district: only an all-district admin (or the command line) changes them."""
    return installation_admin(actor)


def update(session: Session, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Validate every value first (all or nothing), then store the ones that changed.

    Only an all-district admin may: a district admin would change the rules of every district."""
    require(actor, Role.admin)
    if not may_change(actor):
        raise ValidationFailed.one(None, "settings_all_districts_only")
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
        row.value, row.updated_at = value, utcnow()
        row.updated_by = None if actor.id == SYSTEM_ID else actor.id
        session.add(row)
    if changed:
        audit.record(
            session, actor, "update", "setting", None, {k: current[k] for k in changed}, changed, district_id=None
        )
    return changed
