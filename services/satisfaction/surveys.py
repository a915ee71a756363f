"""SKM survey entry: one response typed from a paper form, and service-user counts.

Who may enter: officers and admins. An officer (or admin) is limited to the units of their district;
an officer tied to one unit (the unit's liaison) enters surveys for that unit only. Every input goes
through a Create model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from models.core.base import Role, utcnow
from models.core.org import District, Unit, UnitService
from models.satisfaction import (
    ELEMENTS,
    ServiceUserCount,
    ServiceUserCountCreate,
    ServiceUserCountPublic,
    Source,
    SurveyResponse,
    SurveyResponseCreate,
    SurveyResponsePublic,
)
from services.core import audit, periods
from services.core.access import SYSTEM_ID, Actor, district_filter, in_scope, require
from services.core.db import is_sqlite
from services.core.errors import NotFound, ValidationFailed, validate

ENTRY_ROLES = (Role.officer, Role.admin)
# A staff member may take back a response they typed by mistake, for this long.
UNDO_HOURS = 24


def _creator(actor: Actor) -> int | None:
    return None if actor.id == SYSTEM_ID else actor.id


def insert_responses(session: Session, rows: list[dict]) -> None:
    """Insert many responses (all rows with the same keys) in the session's transaction, fast.

    PostgreSQL: one COPY, so the roll-up's statement-level trigger (migration 0004) adds the whole
    batch up at once. SQLite: batched multi-row INSERTs (asking for RETURNING makes SQLAlchemy use
    its "insertmanyvalues" batching instead of one statement per row).
    """
    if not rows:
        return
    if "created_at" not in rows[0]:  # COPY applies no Python-side default
        now = utcnow()
        rows = [{**row, "created_at": now} for row in rows]
    table = SurveyResponse.__table__
    if is_sqlite(session):
        session.execute(insert(table).returning(table.c.id), rows).all()
        return
    columns = list(rows[0])
    raw = session.connection().connection.driver_connection  # psycopg 3, inside our transaction
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


# --- which units an actor may enter surveys for ----------------------------------------------------


def may_enter_for(actor: Actor, unit: Unit) -> bool:
    """Officers and admins, in their district; an officer tied to a unit only for that unit."""
    if not actor.has(*ENTRY_ROLES) or not in_scope(actor, unit.district_id) or not unit.active:
        return False
    if actor.unit_id is not None and not actor.has(Role.admin):
        return unit.id == actor.unit_id
    return True


@dataclass(frozen=True)
class EntryUnit:
    id: int
    code: str
    name: str
    district_name: str
    services: dict[int, str]  # active services: id -> name

    @property
    def label(self) -> str:
        return f"{self.code} · {self.name}"


def entry_units(session: Session, actor: Actor) -> list[EntryUnit]:
    """The units this actor may enter surveys for (the form's unit picker), with their services."""
    require(actor, *ENTRY_ROLES)
    rows = session.exec(
        select(Unit, District.name)
        .join(District, District.id == Unit.district_id)
        .where(district_filter(actor, Unit.district_id), Unit.active == True)  # noqa: E712
        .order_by(District.name, Unit.code)
    ).all()
    units = [(u, name) for u, name in rows if may_enter_for(actor, u)]
    services: dict[int, dict[int, str]] = {}
    if units:
        for sid, unit_id, name in session.exec(
            select(UnitService.id, UnitService.unit_id, UnitService.name)
            .where(col(UnitService.unit_id).in_([u.id for u, _ in units]), UnitService.active == True)  # noqa: E712
            .order_by(UnitService.id)
        ):
            services.setdefault(unit_id, {})[sid] = name
    return [EntryUnit(u.id, u.code, u.name, name, services.get(u.id, {})) for u, name in units]


def _entry_unit(session: Session, actor: Actor, unit_id: int | None, field_name: str = "unit_id") -> Unit:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None or not unit.active:
        raise ValidationFailed.one(field_name, "choice_invalid")
    if not in_scope(actor, unit.district_id):
        raise ValidationFailed.one(field_name, "scope_outside_yours")
    if not may_enter_for(actor, unit):
        raise ValidationFailed.one(field_name, "survey_other_unit")
    return unit


def _check_service(session: Session, unit_id: int, service_id: int | None) -> None:
    if service_id is None:
        return
    svc = session.get(UnitService, service_id)
    if svc is None or svc.unit_id != unit_id or not svc.active:
        raise ValidationFailed.one("service_id", "service_not_of_unit")


# --- one response ----------------------------------------------------------------------------------


def create_response(session: Session, actor: Actor, data: dict) -> SurveyResponsePublic:
    """Save one response typed from a paper form (validated; the unit must be one the actor serves)."""
    require(actor, *ENTRY_ROLES)
    new = validate(SurveyResponseCreate, data)
    unit = _entry_unit(session, actor, new.unit_id)
    _check_service(session, unit.id, new.service_id)
    row = SurveyResponse.model_validate(new, update={"source": Source.form.value, "created_by": _creator(actor)})
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "create", "survey_response", row.id, after={"unit": unit.code}, district_id=unit.district_id
    )
    return _public(session, row)


def _public(session: Session, row: SurveyResponse) -> SurveyResponsePublic:
    unit_code = session.exec(select(Unit.code).where(Unit.id == row.unit_id)).one()
    service = session.get(UnitService, row.service_id) if row.service_id else None
    return SurveyResponsePublic(
        id=row.id,
        unit_id=row.unit_id,
        unit_code=unit_code,
        service_name=service.name if service else None,
        answered_on=row.answered_on,
        scores=[getattr(row, e) for e in ELEMENTS],
        source=row.source,
        created_at=row.created_at,
    )


def my_recent_responses(session: Session, actor: Actor, limit: int = 10) -> list[SurveyResponsePublic]:
    """The latest responses this staff member typed (to check a pile of paper forms as it goes in)."""
    require(actor, *ENTRY_ROLES)
    rows = session.exec(
        select(SurveyResponse)
        .where(SurveyResponse.created_by == actor.id, SurveyResponse.source == Source.form.value)
        .order_by(col(SurveyResponse.id).desc())
        .limit(max(1, min(limit, 100)))
    ).all()
    return [_public(session, r) for r in rows]


def entered_today(session: Session, actor: Actor) -> int:
    require(actor, *ENTRY_ROLES)
    since = utcnow() - timedelta(hours=24)
    return session.exec(
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.created_by == actor.id, SurveyResponse.created_at >= since)
    ).one()


def delete_response(session: Session, actor: Actor, response_id: int) -> None:
    """Take back a response typed by mistake: its author within UNDO_HOURS, or an admin in scope."""
    require(actor, *ENTRY_ROLES)
    row = session.get(SurveyResponse, response_id)
    if row is None:
        raise NotFound()
    unit = session.get(Unit, row.unit_id)
    if not in_scope(actor, unit.district_id):
        raise NotFound()
    if actor.unit_id is not None and not actor.has(Role.admin) and unit.id != actor.unit_id:
        raise NotFound()  # a unit's officer touches their unit's responses only (may_enter_for)
    own_recent = row.created_by == actor.id and _aware(row.created_at) >= utcnow() - timedelta(hours=UNDO_HOURS)
    if not (actor.has(Role.admin) or own_recent):
        raise ValidationFailed.one(None, "survey_undo_expired", hours=UNDO_HOURS)
    before = _public(session, row).model_dump(mode="json")
    session.delete(row)
    audit.record(session, actor, "delete", "survey_response", response_id, before=before, district_id=unit.district_id)


def _aware(value):
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


# --- service users (N) ---------------------------------------------------------------------------

SERVICE_USER_READERS = (Role.officer, Role.admin, Role.manager)


def set_service_users(session: Session, actor: Actor, data: dict) -> ServiceUserCountPublic:
    """Enter (or correct) how many people a unit served in a period; audited."""
    require(actor, *ENTRY_ROLES)
    new = validate(ServiceUserCountCreate, data)
    unit = _entry_unit(session, actor, new.unit_id)
    row = session.exec(
        select(ServiceUserCount).where(ServiceUserCount.unit_id == unit.id, ServiceUserCount.period == new.period)
    ).first()
    before = None if row is None else {"users": row.users}
    if row is None:
        row = ServiceUserCount(unit_id=unit.id, period=new.period, users=new.users)
    row.users, row.updated_at, row.updated_by = new.users, utcnow(), _creator(actor)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "service_user_count", row.id, before,
        {"unit": unit.code, "period": new.period, "users": new.users}, district_id=unit.district_id,
    )  # fmt: skip
    return ServiceUserCountPublic(
        id=row.id,
        unit_id=unit.id,
        unit_code=unit.code,
        unit_name=unit.name,
        period=row.period,
        users=row.users,
        updated_at=row.updated_at,
    )


def list_service_users(
    session: Session,
    actor: Actor,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    year: int | None = None,
) -> list[ServiceUserCountPublic]:
    """Entered service-user counts in scope, by unit then period."""
    require(actor, *SERVICE_USER_READERS)
    query = (
        select(ServiceUserCount, Unit.code, Unit.name)
        .join(Unit, Unit.id == ServiceUserCount.unit_id)
        .where(district_filter(actor, Unit.district_id))
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    if unit_id is not None:
        query = query.where(Unit.id == unit_id)
    if year is not None:
        query = query.where(col(ServiceUserCount.period).startswith(str(year)))
    rows = session.exec(query.order_by(Unit.code, ServiceUserCount.period)).all()
    return [
        ServiceUserCountPublic(
            id=r.id, unit_id=r.unit_id, unit_code=code, unit_name=name, period=r.period, users=r.users,
            updated_at=r.updated_at,
        )
        for r, code, name in rows
    ]  # fmt: skip


def service_users_for(session: Session, unit_ids: list[int], period: periods.Period) -> dict[int, int | None]:
    """N for each unit in `period`: the count entered for exactly that period, or the sum of the
    smaller periods that tile it completely (four quarters make a year); None when unknown.

    No access check: callers pass units they have already checked.
    """
    if not unit_ids:
        return {}
    years = sorted({period.start.year, period.end.year})
    rows = session.exec(
        select(ServiceUserCount.unit_id, ServiceUserCount.period, ServiceUserCount.users).where(
            col(ServiceUserCount.unit_id).in_(unit_ids),
            func.substr(ServiceUserCount.period, 1, 4).in_([str(y) for y in years]),
        )
    ).all()
    entered: dict[int, dict[str, int]] = {}
    for unit_id, code, users in rows:
        entered.setdefault(unit_id, {})[code] = users
    out: dict[int, int | None] = {}
    for unit_id in unit_ids:
        have = entered.get(unit_id, {})
        out[unit_id] = _tiled_count(have, period)
    return out


_SMALLER = {"year": ("semester", "quarter", "month"), "semester": ("quarter", "month"), "quarter": ("month",)}


def _tiled_count(have: dict[str, int], period: periods.Period) -> int | None:
    if period.code in have:
        return have[period.code]
    for kind in _SMALLER.get(period.kind, ()):
        parts = [p.code for p in periods.split(period, kind)]
        if all(p in have for p in parts):
            return sum(have[p] for p in parts)
    return None
