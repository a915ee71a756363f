"""The core's part of the scale build: more service units in the five demo districts (the city has
200 with the demo's 35) and their ASN (20,000 with the demo's 300), before any module's data.

Generated unit codes are the district code, a three-letter kind and a number (TGS-PKM007); the demo
never uses that shape, so finding one tells that a scale build already ran on this database.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from models.core.org import District, Staff, Unit, UnitService
from models.core.validators import PNS_RANKS, PPPK_RANKS
from seed.core import DISTRICTS, POSITIONS
from seed.scale.bulk import Build

CITY_UNITS = 165  # with the demo's 35: 200 units
CITY_STAFF = 19_700  # with the demo's 300: 20,000 ASN
GENERATED_CODE = re.compile(r"^[A-Z]{3}-[A-Z]{3}\d{3}$")

# Per district kind: (code part, name pattern, unit kind, services, weight). {p} is a place name.
NEW_UNITS = {
    "distrik": [
        ("KPG", "Pelayanan Kampung {p}", "kampung", ["Dana kampung", "Surat pengantar", "Bantuan sosial"], 5),
        ("PUS", "Puskesmas Pembantu {p}", "puskesmas", ["Rawat jalan", "Imunisasi", "Kesehatan ibu dan anak"], 3),
        ("SKL", "Layanan Sosial Kampung {p}", "sosial", ["Bantuan sosial", "Data terpadu kesejahteraan sosial"], 1),
    ],
    "kota": [
        ("KEL", "Kelurahan {p}", "kelurahan", ["Surat pengantar", "Surat keterangan domisili"], 5),
        ("PKM", "Puskesmas {p}", "puskesmas", ["Rawat jalan", "Imunisasi", "Kesehatan ibu dan anak"], 3),
        ("KEC", "Kantor Kecamatan {p}", "kantor", ["Surat keterangan", "Legalisasi dokumen", "PATEN kecamatan"], 1),
        ("DKC", "UPT Dukcapil {p}", "dukcapil", ["KTP-el", "Kartu Keluarga", "Akta kelahiran"], 1),
        ("MPP", "Mal Pelayanan Publik {p}", "perizinan", ["Izin usaha (NIB)", "Izin reklame"], 1),
    ],
    "kecamatan": [
        ("KEL", "Kelurahan {p}", "kelurahan", ["Surat pengantar", "Surat keterangan domisili"], 4),
        ("PUS", "Puskesmas Pembantu {p}", "puskesmas", ["Rawat jalan", "Imunisasi"], 2),
        ("PER", "Layanan Perizinan {p}", "perizinan", ["Izin usaha mikro (NIB)", "Surat keterangan usaha"], 1),
    ],
}
# Staff per unit kind (weights): a hospital or a civil registry has many more ASN than a kelurahan.
STAFF_WEIGHT = {
    "rumah_sakit": 12, "puskesmas": 5, "kesehatan": 4, "dukcapil": 4, "kantor": 3, "perizinan": 3,
    "kepegawaian": 3, "kominfo": 2, "sosial": 2, "kelurahan": 1.5, "kampung": 1,
}  # fmt: skip


def refusal(session: Session) -> str | None:
    """Why a scale build must not run on this database, or None: it goes on top of the demo
    organisation only (never onto a real installation's data), and only once."""
    codes = set(session.exec(select(District.code)).all())
    missing = sorted({code for _, code, *_ in DISTRICTS} - codes)
    if missing:
        return (
            f"the scale build goes on top of the demo organisation, and this database lacks its districts "
            f"({', '.join(missing)}): use an empty database (the demo is made first)"
        )
    found = next((c for c in session.exec(select(Unit.code)).all() if GENERATED_CODE.match(c)), None)
    if found:
        return (
            f"this database already holds a scale build (unit {found}); it is not added twice: "
            "use a fresh database (or restore a backup taken before it)"
        )
    return None


def build_org(b: Build) -> dict[str, int]:
    units = _units(b)
    b.stage("units, unit services", units)
    b.load_units()
    staff = _staff(b)
    b.stage("staff (ASN)", staff)
    return {"units": units, "staff": staff}


def _units(b: Build) -> int:
    rng = b.rng("units")
    districts = b.session.exec(select(District.id, District.code, District.kind).order_by(District.id)).all()
    total = b.count(CITY_UNITS)
    unit_id, service_id = b.next_id(Unit.__table__), b.next_id(UnitService.__table__)
    created = datetime(b.today.year, 1, 2, 1, 0, tzinfo=UTC)
    units, services = [], []
    places = list(b.names.places)
    rng.shuffle(places)
    for i in range(total):
        district_id, code, kind = districts[i % len(districts)]
        templates = NEW_UNITS.get(kind, NEW_UNITS["kota"])
        part, pattern, unit_kind, offered, _ = rng.choices(templates, weights=[t[4] for t in templates])[0]
        place = places[i % len(places)]
        units.append({"id": unit_id, "code": f"{code}-{part}{i // len(districts) + 1:03d}",
                      "name": pattern.format(p=place), "kind": unit_kind, "district_id": district_id,
                      "active": True, "created_at": created})  # fmt: skip
        for name in offered:
            services.append({"id": service_id, "unit_id": unit_id, "name": name, "active": True})
            service_id += 1
        unit_id += 1
    b.insert(Unit.__table__, units)
    b.insert(UnitService.__table__, services)
    return len(units)


def _staff(b: Build) -> int:
    """ASN spread over every unit by its kind's weight, each with a valid, unique NIP (birth date,
    TMT, gender and a number: the NIP tells the first three, as the app derives them)."""
    rng = b.rng("staff")
    total = b.count(CITY_STAFF)
    weights = [STAFF_WEIGHT.get(u.kind, 2) for u in b.units]
    used = set(b.session.exec(select(Staff.nip)).all())
    rows = []
    created = datetime(b.today.year, 1, 2, 1, 0, tzinfo=UTC)
    for unit in rng.choices(b.units, weights=weights, k=total):
        while True:
            birth = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
            tmt = date(min(b.today.year - 1, birth.year + rng.randint(21, 32)), rng.randint(1, 12), 1)
            gender = rng.choice("12")
            nip = f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{rng.randint(1, 999):03d}"
            if nip not in used:
                used.add(nip)
                break
        pns = rng.random() < 0.8
        sex = "L" if gender == "1" else "P"
        rows.append({
            "nip": nip, "name": b.names.name(rng, sex), "unit_id": unit.id,
            "position": rng.choice(POSITIONS.get(unit.kind, ["Pengadministrasi Umum"])),
            "employment": "PNS" if pns else "PPPK",
            "rank": rng.choice(PNS_RANKS[4:14]) if pns else rng.choice(PPPK_RANKS[4:11]),
            "birth_date": birth, "tmt": tmt, "gender": sex, "active": True, "created_at": created,
        })  # fmt: skip
    return b.insert(Staff.__table__, rows)
