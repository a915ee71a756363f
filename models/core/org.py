"""Organisation: districts, their service units (OPD / unit layanan) and the ASN who staff them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import ValidationInfo, field_validator
from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.core import validators as v
from models.core.base import utcnow


class DistrictKind(StrEnum):
    kabupaten = "kabupaten"
    kota = "kota"
    distrik = "distrik"  # Papua's name for a kecamatan
    kecamatan = "kecamatan"


class Employment(StrEnum):
    PNS = "PNS"  # permanent civil servant
    PPPK = "PPPK"  # government employee on contract


# --- District ----------------------------------------------------------------------------------


class DistrictBase(SQLModel):
    name: str = Field(min_length=2, max_length=100)
    code: str = Field(min_length=3, max_length=3)  # prefix of unit codes and tracking IDs: WGR
    kind: DistrictKind
    regency: str | None = Field(default=None, max_length=100)  # kabupaten/kota a distrik belongs to
    province: str = Field(min_length=2, max_length=100)


class District(DistrictBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(12))  # a DistrictKind value
    name: str = Field(max_length=100, unique=True)
    code: str = Field(max_length=3, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class DistrictCreate(DistrictBase):
    _name = field_validator("name", "province", mode="before")(v.require_text)
    _regency = field_validator("regency", mode="before")(v.clean_text)
    _code = field_validator("code", mode="before")(v.check_district_code)


class DistrictPublic(DistrictBase):
    id: int


# --- Unit ----------------------------------------------------------------------------------------


class UnitBase(SQLModel):
    code: str = Field(max_length=20)  # WGR-DUKCAPIL: district code + short name, unique
    name: str = Field(min_length=2, max_length=150)
    kind: str = Field(max_length=40)  # dukcapil, perizinan, puskesmas, kantor, ...
    district_id: int = Field(foreign_key="district.id", index=True)
    active: bool = True


class Unit(UnitBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class UnitCreate(SQLModel):
    code: str
    name: str = Field(min_length=2, max_length=150)
    kind: str = Field(min_length=2, max_length=40)
    district_id: int
    services: list[str] = Field(default_factory=list, max_length=40)

    _code = field_validator("code", mode="before")(v.check_unit_code)
    _name = field_validator("name", "kind", mode="before")(v.require_text)

    @field_validator("services", mode="before")
    @classmethod
    def _services(cls, value):
        return clean_service_names(value)


class UnitUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=2, max_length=150)
    kind: str | None = Field(default=None, min_length=2, max_length=40)
    active: bool | None = None
    services: list[str] | None = Field(default=None, max_length=40)

    _name = field_validator("name", "kind", mode="before")(v.require_text)

    @field_validator("services", mode="before")
    @classmethod
    def _services(cls, value):
        return None if value is None else clean_service_names(value)


class UnitPublic(UnitBase):
    id: int
    district_name: str
    services: list[str] = []


def clean_service_names(value) -> list[str]:
    """Accept a list or one name per line; trim, drop blanks and repeats, keep order."""
    from models.core import validators as v

    value = value.splitlines() if isinstance(value, str) else v.as_list(value)
    seen: dict[str, None] = {}
    for name in value:
        name = v.as_text(name)
        if len(name) > 150:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("service_name_long", "Service name is too long", {"max": 150})
        if name and name.casefold() not in {s.casefold() for s in seen}:
            seen[name] = None
    return list(seen)


class UnitService(SQLModel, table=True):
    """A service a unit offers (KTP-el, izin usaha, ...); chosen on surveys and complaints."""

    __tablename__ = "unit_service"

    __table_args__ = (UniqueConstraint("unit_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=150)
    active: bool = True


# --- Staff (ASN) ---------------------------------------------------------------------------------


class StaffBase(SQLModel):
    nip: str = Field(max_length=18)
    name: str = Field(min_length=2, max_length=150)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    position: str = Field(min_length=2, max_length=150)  # jabatan
    employment: Employment
    rank: str | None = Field(default=None, max_length=10)  # pangkat/golongan: III/a or IX


class Staff(StaffBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    employment: str = Field(sa_type=String(4))  # an Employment value
    nip: str = Field(max_length=18, unique=True)
    # Derived from the NIP at save time, stored so reports can group by them in SQL.
    birth_date: date
    tmt: date
    gender: str = Field(max_length=1)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class StaffCreate(StaffBase):
    _nip = field_validator("nip", mode="before")(v.clean_nip)
    _text = field_validator("name", "position", mode="before")(v.require_text)
    _rank = field_validator("rank", mode="before")(v.clean_text)

    @field_validator("rank")
    @classmethod
    def _rank_fits(cls, rank, info: ValidationInfo):
        # employment is declared before rank, so it is validated first
        return v.check_rank(info.data.get("employment"), rank)


class StaffUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=2, max_length=150)
    unit_id: int | None = None
    position: str | None = Field(default=None, min_length=2, max_length=150)
    employment: Employment | None = None
    rank: str | None = Field(default=None, max_length=10)
    active: bool | None = None

    _text = field_validator("name", "position", mode="before")(v.require_text)
    _rank = field_validator("rank", mode="before")(v.clean_text)


class StaffPublic(StaffBase):
    id: int
    gender: str
    birth_date: date
    tmt: date
    active: bool
    unit_code: str
    unit_name: str
    district_id: int
