"""Small, readable test data: two districts, their units, staff, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from models.core.accounts import User, UserRole
from models.core.org import District, Staff, Unit, UnitService
from services.core import accounts
from services.core.access import Actor

PASSWORD = "rahasia123"
MONDAY = date(2026, 2, 2)  # the pinned "today" of the `today` fixture: a Monday in an ordinary week


def district(session: Session, code: str, name: str, kind: str = "distrik") -> District:
    d = District(name=name, code=code, kind=kind, province="Papua Tengah", regency="Kabupaten Nabire")
    session.add(d)
    session.flush()
    return d


def unit(session: Session, d: District, suffix: str, name: str, kind: str, services=()) -> Unit:
    u = Unit(code=f"{d.code}-{suffix}", name=name, kind=kind, district_id=d.id)
    session.add(u)
    session.flush()
    for s in services:
        session.add(UnitService(unit_id=u.id, name=s))
    session.flush()
    return u


def user(session: Session, username: str, roles, district_id=None, unit_id=None, password=PASSWORD) -> Actor:
    u = User(
        username=username,
        full_name=username.replace(".", " ").title(),
        password_hash=accounts.hash_password(password),
        district_id=district_id,
        unit_id=unit_id,
    )
    session.add(u)
    session.flush()
    for r in roles:
        session.add(UserRole(user_id=u.id, role=str(r)))
    session.flush()
    return accounts.actor_for(session, username, float("inf"))


def staff(session: Session, u: Unit, nip: str, name: str, employment="PNS", rank="III/a") -> Staff:
    from models.core.validators import parse_nip

    p = parse_nip(nip)
    s = Staff(
        nip=nip,
        name=name,
        unit_id=u.id,
        position="Analis",
        employment=employment,
        rank=rank,
        birth_date=p.birth_date,
        tmt=p.tmt,
        gender=p.gender,
    )
    session.add(s)
    session.flush()
    return s


@dataclass
class World:
    wgr: District
    swl: District
    units: dict[str, Unit]
    actors: dict[str, Actor] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]


def build_world(session: Session) -> World:
    wgr = district(session, "WGR", "Wanggar")
    swl = district(session, "SWL", "Sawahlunto", "kota")
    units = {
        "WGR-DUKCAPIL": unit(
            session, wgr, "DUKCAPIL", "Layanan Dukcapil Wanggar", "dukcapil", ["KTP-el", "Kartu Keluarga"]
        ),
        "WGR-PTSP": unit(session, wgr, "PTSP", "Layanan Perizinan Wanggar", "perizinan", ["Izin usaha mikro (NIB)"]),
        "SWL-DUKCAPIL": unit(session, swl, "DUKCAPIL", "Dinas Dukcapil Sawahlunto", "dukcapil", ["KTP-el"]),
        "SWL-DPMPTSP": unit(session, swl, "DPMPTSP", "DPMPTSP Sawahlunto", "perizinan", ["Izin usaha (NIB)"]),
    }
    w = World(wgr=wgr, swl=swl, units=units)
    spec = [
        ("admin", ["admin"], None, None),
        ("admin.wgr", ["admin"], wgr.id, None),
        ("manager", ["manager"], None, None),
        ("manager.swl", ["manager"], swl.id, None),
        ("officer", ["officer"], wgr.id, None),
        ("officer.dukcapil", ["officer"], wgr.id, units["WGR-DUKCAPIL"].id),
        ("officer.swl", ["officer"], swl.id, None),
        ("organizer", ["organizer"], wgr.id, None),
        ("trainer", ["trainer"], None, None),
        ("trainer.swl", ["trainer"], swl.id, None),
    ]
    for username, roles, district_id, unit_id in spec:
        w.actors[username] = user(session, username, roles, district_id, unit_id)
    staff(session, units["WGR-DUKCAPIL"], "198503152010012003", "Siti Aminah")
    staff(session, units["WGR-PTSP"], "199001012015031001", "Yakobus Pigai", "PPPK", "IX")
    staff(session, units["SWL-DUKCAPIL"], "197812312005011002", "Rahmat Hidayat")
    return w


def staff_count(session: Session) -> int:
    return len(session.exec(select(Staff.id)).all())


TODAY = date(2026, 11, 23)
