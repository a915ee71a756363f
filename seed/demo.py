"""`python manage.py seed --demo`: the demo installation, deterministic and idempotent.

Each step adds only what is missing, so running it twice changes nothing. Modules add their own
step to STEPS (a year of complaints, two years of surveys, ...).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from models.accounts import User, UserRole
from models.org import District, Unit
from seed.org import seed_districts, seed_staff, seed_units
from services.accounts import hash_password

DEMO_PASSWORD = "demo1234"  # demo installations only; README says so

# username, full name, roles, district code (None = all), unit code (None = none)
DEMO_USERS = [
    ("admin", "Administrator Sigap", ["admin"], None, None),
    ("manager", "Hendra Wijaya", ["manager"], None, None),
    ("manager.sawahlunto", "Yulia Rahmawati", ["manager"], "SWL", None),
    ("officer", "Yohanes Womsiwor", ["officer"], "WGR", None),
    ("organizer", "Maria Wenda", ["organizer"], "WLS", None),
    ("trainer", "Dewi Lestari", ["trainer"], None, None),
    # Unit liaisons: they answer the complaints forwarded to their unit.
    ("petugas.dukcapil", "Ruth Yeimo", ["officer"], "WGR", "WGR-DUKCAPIL"),
    ("petugas.perizinan", "Natalis Lokobal", ["officer"], "WLS", "WLS-PTSP"),
]


def seed_users(session: Session, users=DEMO_USERS) -> int:
    added = 0
    password_hash = None
    for username, full_name, roles, district_code, unit_code in users:
        if session.exec(select(User.id).where(User.username == username)).first():
            continue
        district_id = (
            session.exec(select(District.id).where(District.code == district_code)).first() if district_code else None
        )
        unit_id = session.exec(select(Unit.id).where(Unit.code == unit_code)).first() if unit_code else None
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(
            username=username,
            full_name=full_name,
            password_hash=password_hash,
            district_id=district_id,
            unit_id=unit_id,
        )
        session.add(user)
        session.flush()
        for role in roles:
            session.add(UserRole(user_id=user.id, role=role))
        added += 1
    return added


def _organisation(session: Session) -> dict[str, int]:
    districts = seed_districts(session)
    units = seed_units(session, districts)
    return {"districts": len(districts), "units": len(units), "staff_added": seed_staff(session, units)}


def _users(session: Session) -> dict[str, int]:
    return {"users_added": seed_users(session)}


def _satisfaction(session: Session) -> dict[str, int]:
    from seed.satisfaction import seed_satisfaction

    return seed_satisfaction(session)


def _complaints(session: Session) -> dict[str, int]:
    from seed.complaints import seed_complaints

    return seed_complaints(session)


STEPS: list[tuple[str, Callable[[Session], dict[str, int]]]] = [
    ("organisation", _organisation),
    ("users", _users),
    ("complaints", _complaints),
    ("satisfaction", _satisfaction),
]


def is_empty(session: Session) -> bool:
    return session.exec(select(District.id)).first() is None


def run(session_factory, log=print) -> None:
    """Run every step in its own transaction, so a large step never holds a lock for the whole seed."""
    for name, step in STEPS:
        with session_factory() as session:
            counts = step(session)
        log(f"seed {name}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
