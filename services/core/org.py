"""Districts, service units and ASN staff: queries in scope, and validated changes."""

from __future__ import annotations

from pydantic_core import PydanticCustomError
from sqlmodel import Session, col, func, select

from models.core.base import Role
from models.core.org import (
    District,
    DistrictCreate,
    DistrictPublic,
    Staff,
    StaffCreate,
    StaffPublic,
    StaffUpdate,
    Unit,
    UnitCreate,
    UnitPublic,
    UnitService,
    UnitUpdate,
)
from models.core.validators import check_rank, parse_nip
from services.core import audit
from services.core.access import Actor, district_filter, require, require_district
from services.core.errors import NotFound, ValidationFailed, validate
from services.core.paging import Page, clamp, fetch

# Every signed-in role needs the organisation lists to fill its forms and filters.
READERS = tuple(Role)
STAFF_EDITORS = (Role.admin, Role.trainer)


# --- districts -----------------------------------------------------------------------------------


def list_districts(session: Session, actor: Actor) -> list[DistrictPublic]:
    """Districts the actor may see (one for a district-scoped user), by name."""
    require(actor, *READERS)
    rows = session.exec(select(District).where(district_filter(actor, District.id)).order_by(District.name)).all()
    return [DistrictPublic.model_validate(r) for r in rows]


def create_district(session: Session, actor: Actor, data: dict) -> DistrictPublic:
    require(actor, Role.admin)
    if not actor.all_districts:
        raise ValidationFailed.one(None, "scope_outside_yours")
    new = validate(DistrictCreate, data)
    if session.exec(select(District.id).where(District.name == new.name)).first():
        raise ValidationFailed.one("name", "name_taken")
    if session.exec(select(District.id).where(District.code == new.code)).first():
        raise ValidationFailed.one("code", "code_taken")
    district = District.model_validate(new)
    session.add(district)
    session.flush()
    audit.record(session, actor, "create", "district", district.id, after=new, district_id=district.id)
    return DistrictPublic.model_validate(district)


# --- units ---------------------------------------------------------------------------------------


def _services_by_unit(session: Session, unit_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if unit_ids:
        rows = session.exec(
            select(UnitService.unit_id, UnitService.name)
            .where(col(UnitService.unit_id).in_(unit_ids), UnitService.active == True)  # noqa: E712
            .order_by(UnitService.id)
        ).all()
        for unit_id, name in rows:
            out.setdefault(unit_id, []).append(name)
    return out


def list_units(
    session: Session, actor: Actor, district_id: int | None = None, include_inactive: bool = False
) -> list[UnitPublic]:
    """Units in the actor's scope (optionally one district), ordered by district then name."""
    require(actor, *READERS)
    query = (
        select(Unit, District.name)
        .join(District, District.id == Unit.district_id)
        .where(district_filter(actor, Unit.district_id))
    )
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    if not include_inactive:
        query = query.where(Unit.active == True)  # noqa: E712
    rows = session.exec(query.order_by(District.name, Unit.name)).all()
    services = _services_by_unit(session, [u.id for u, _ in rows])
    return [UnitPublic(**u.model_dump(), district_name=name, services=services.get(u.id, [])) for u, name in rows]


def get_unit(session: Session, actor: Actor, unit_id: int) -> UnitPublic:
    require(actor, *READERS)
    row = session.exec(
        select(Unit, District.name).join(District, District.id == Unit.district_id).where(Unit.id == unit_id)
    ).first()
    if row is None:
        raise NotFound()
    unit, name = row
    require_district(actor, unit.district_id)
    return UnitPublic(
        **unit.model_dump(), district_name=name, services=_services_by_unit(session, [unit.id]).get(unit.id, [])
    )


def unit_by_code(session: Session, actor: Actor, code: str) -> UnitPublic:
    unit_id = session.exec(select(Unit.id).where(Unit.code == (code or "").strip().upper())).first()
    if unit_id is None:
        raise NotFound()
    return get_unit(session, actor, unit_id)


def _set_services(session: Session, unit_id: int, names: list[str]) -> None:
    """Keep the unit's service list equal to `names`; a removed service is deactivated, not deleted,
    because surveys and complaints may point at it."""
    existing = {s.name.casefold(): s for s in session.exec(select(UnitService).where(UnitService.unit_id == unit_id))}
    wanted = {n.casefold(): n for n in names}
    for key, svc in existing.items():
        svc.active = key in wanted
        if key in wanted:
            svc.name = wanted[key]
        session.add(svc)
    for key, name in wanted.items():
        if key not in existing:
            session.add(UnitService(unit_id=unit_id, name=name))


def create_unit(session: Session, actor: Actor, data: dict) -> UnitPublic:
    require(actor, Role.admin)
    new = validate(UnitCreate, data)
    district = session.get(District, new.district_id)
    if district is None:
        raise ValidationFailed.one("district_id", "choice_invalid")
    require_district(actor, district.id)
    if not new.code.startswith(district.code + "-"):
        raise ValidationFailed.one("code", "unit_code_prefix", prefix=district.code)
    if session.exec(select(Unit.id).where(Unit.code == new.code)).first():
        raise ValidationFailed.one("code", "code_taken")
    unit = Unit(code=new.code, name=new.name, kind=new.kind, district_id=district.id)
    session.add(unit)
    session.flush()
    _set_services(session, unit.id, new.services)
    audit.record(session, actor, "create", "unit", unit.id, after=new, district_id=district.id)
    session.flush()
    return get_unit(session, actor, unit.id)


def update_unit(session: Session, actor: Actor, unit_id: int, data: dict) -> UnitPublic:
    require(actor, Role.admin)
    change = validate(UnitUpdate, data)
    before = get_unit(session, actor, unit_id)
    unit = session.get(Unit, unit_id)
    fields = change.model_dump(exclude_unset=True)
    services = fields.pop("services", None)
    unit.sqlmodel_update(fields)
    session.add(unit)
    if services is not None:
        _set_services(session, unit.id, services)
    session.flush()
    after = get_unit(session, actor, unit_id)
    b, a = audit.diff(before.model_dump(mode="json"), after.model_dump(mode="json"))
    if a:
        audit.record(session, actor, "update", "unit", unit_id, b, a, district_id=unit.district_id)
    return after


# --- staff (ASN) ---------------------------------------------------------------------------------


def _staff_query(actor: Actor):
    return (
        select(Staff, Unit.code, Unit.name, Unit.district_id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Unit.district_id))
    )


def _staff_public(row) -> StaffPublic:
    staff, code, name, district_id = row
    return StaffPublic(**staff.model_dump(), unit_code=code, unit_name=name, district_id=district_id)


def list_staff(
    session: Session,
    actor: Actor,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    search: str | None = None,
    include_inactive: bool = False,
    page: int = 1,
    page_size: int = 50,
) -> Page[StaffPublic]:
    """ASN in scope, filtered and paged in SQL (name or NIP search), by name."""
    require(actor, Role.admin, Role.manager, Role.trainer)
    page, page_size = clamp(page, page_size)
    query = _staff_query(actor)
    if district_id is not None:
        query = query.where(Unit.district_id == district_id)
    if unit_id is not None:
        query = query.where(Staff.unit_id == unit_id)
    if search and search.strip():
        term = search.strip()
        if term.isdigit():
            query = query.where(col(Staff.nip).startswith(term))
        else:
            query = query.where(func.lower(Staff.name).like(f"%{term.lower()}%"))
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    total, rows = fetch(session, query, page, page_size, Staff.name, Staff.id)
    return Page(items=[_staff_public(r) for r in rows], total=total, page=page, page_size=page_size)


def get_staff(session: Session, actor: Actor, staff_id: int) -> StaffPublic:
    require(actor, Role.admin, Role.manager, Role.trainer)
    row = session.exec(_staff_query(actor).where(Staff.id == staff_id)).first()
    if row is None:
        raise NotFound()
    return _staff_public(row)


def _unit_to_join(session: Session, actor: Actor, unit_id: int) -> Unit:
    """A unit staff may be placed in: in the actor's scope and active."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationFailed.one("unit_id", "choice_invalid")
    if not actor.all_districts and unit.district_id != actor.district_id:
        raise ValidationFailed.one("unit_id", "scope_outside_yours")
    if not unit.active:
        raise ValidationFailed.one("unit_id", "unit_inactive")
    return unit


def create_staff(session: Session, actor: Actor, data: dict) -> StaffPublic:
    """Register an ASN; the NIP must be real (birth date, TMT, gender digit) and not yet known."""
    require(actor, *STAFF_EDITORS)
    new = validate(StaffCreate, data)
    _unit_to_join(session, actor, new.unit_id)
    if session.exec(select(Staff.id).where(Staff.nip == new.nip)).first():
        raise ValidationFailed.one("nip", "nip_taken")
    parts = parse_nip(new.nip)
    staff = Staff.model_validate(new, update={"birth_date": parts.birth_date, "tmt": parts.tmt, "gender": parts.gender})
    session.add(staff)
    session.flush()
    created = get_staff(session, actor, staff.id)
    audit.record(session, actor, "create", "staff", staff.id, after=new, district_id=created.district_id)
    return created


def update_staff(session: Session, actor: Actor, staff_id: int, data: dict) -> StaffPublic:
    require(actor, *STAFF_EDITORS)
    change = validate(StaffUpdate, data)
    before = get_staff(session, actor, staff_id)
    fields = change.model_dump(exclude_unset=True)
    if "unit_id" in fields and fields["unit_id"] is None:
        raise ValidationFailed.one("unit_id", "required")
    if fields.get("unit_id", before.unit_id) != before.unit_id:  # staying in a deactivated unit is fine
        _unit_to_join(session, actor, fields["unit_id"])
    employment = fields.get("employment", before.employment)
    rank = fields.get("rank", before.rank)
    try:
        check_rank(employment, rank)
    except PydanticCustomError:
        raise ValidationFailed.one("rank", "rank_invalid") from None
    staff = session.get(Staff, staff_id)
    staff.sqlmodel_update(fields)
    session.add(staff)
    session.flush()
    after = get_staff(session, actor, staff_id)
    b, a = audit.diff(before.model_dump(mode="json"), after.model_dump(mode="json"))
    if a:
        audit.record(session, actor, "update", "staff", staff_id, b, a, district_id=after.district_id)
    return after


def staff_counts(session: Session, actor: Actor) -> dict[str, int]:
    """Active ASN in scope by employment type (PNS/PPPK)."""
    require(actor, Role.admin, Role.manager, Role.trainer)
    rows = session.exec(
        select(Staff.employment, func.count())
        .join(Unit, Unit.id == Staff.unit_id)
        .where(district_filter(actor, Unit.district_id), Staff.active == True)  # noqa: E712
        .group_by(Staff.employment)
    ).all()
    return {str(k): n for k, n in rows}
