"""The five districts of the seed articles, their service units, and about 300 ASN."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker
from sqlmodel import Session, select

from models.core.accounts import User, UserRole
from models.core.org import District, Staff, Unit, UnitService
from models.core.validators import PNS_RANKS, PPPK_RANKS
from services.core.accounts import hash_password

DISTRICTS = [
    # name, code, kind, regency, province
    ("Wanggar", "WGR", "distrik", "Kabupaten Nabire", "Papua Tengah"),
    ("Walesi", "WLS", "distrik", "Kabupaten Jayawijaya", "Papua Pegunungan"),
    ("Tangerang Selatan", "TGS", "kota", None, "Banten"),
    ("Sawahlunto", "SWL", "kota", None, "Sumatera Barat"),
    ("Gayungan", "GYG", "kecamatan", "Kota Surabaya", "Jawa Timur"),
]

# Unit templates: code suffix, name pattern, kind, services. {d} is the district name.
_DISTRIK_UNITS = [
    ("KANTOR", "Kantor Distrik {d}", "kantor", ["Surat keterangan domisili", "Surat pengantar", "Legalisasi dokumen"]),
    (
        "DUKCAPIL",
        "Layanan Dukcapil Distrik {d}",
        "dukcapil",
        ["KTP-el", "Kartu Keluarga", "Akta kelahiran", "Pindah datang"],
    ),
    (
        "PTSP",
        "Layanan Perizinan Distrik {d}",
        "perizinan",
        ["Izin usaha mikro (NIB)", "Surat keterangan usaha", "Izin keramaian"],
    ),
    ("PKM", "Puskesmas {d}", "puskesmas", ["Rawat jalan", "Imunisasi", "Kesehatan ibu dan anak", "Rujukan"]),
    (
        "KAMPUNG",
        "Pelayanan Kampung Distrik {d}",
        "kampung",
        ["Dana kampung", "Bantuan sosial", "Surat keterangan tidak mampu"],
    ),
    ("SOSIAL", "Layanan Sosial Distrik {d}", "sosial", ["Bantuan sosial", "Data terpadu kesejahteraan sosial"]),
]
_KOTA_UNITS = [
    (
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dukcapil",
        ["KTP-el", "Kartu Keluarga", "Akta kelahiran", "Akta kematian", "Kartu Identitas Anak"],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan PTSP",
        "perizinan",
        ["Izin usaha (NIB)", "Persetujuan bangunan gedung", "Izin reklame"],
    ),
    ("DINKES", "Dinas Kesehatan", "kesehatan", ["Rawat jalan puskesmas", "Imunisasi", "Surat keterangan sehat"]),
    ("RSUD", "RSUD Kota {d}", "rumah_sakit", ["Rawat jalan", "Rawat inap", "Instalasi gawat darurat"]),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "kominfo",
        ["Aplikasi pengaduan", "Layanan informasi publik", "Jaringan internet publik"],
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "sosial",
        ["Bantuan sosial", "Data terpadu kesejahteraan sosial", "Rehabilitasi sosial"],
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan SDM",
        "kepegawaian",
        ["Layanan kepegawaian", "Pengembangan kompetensi ASN"],
    ),
    ("KEC", "Kantor Kecamatan {d} Kota", "kantor", ["Surat keterangan", "Legalisasi dokumen", "PATEN kecamatan"]),
]
_KECAMATAN_UNITS = [
    ("KANTOR", "Kantor Kecamatan {d}", "kantor", ["Surat keterangan", "Legalisasi dokumen", "Dispensasi nikah"]),
    ("DUKCAPIL", "Layanan Adminduk Kecamatan {d}", "dukcapil", ["KTP-el", "Kartu Keluarga", "Akta kelahiran"]),
    (
        "PERIZINAN",
        "Layanan Perizinan Kecamatan {d}",
        "perizinan",
        ["Izin usaha mikro (NIB)", "Surat keterangan usaha", "Izin reklame"],
    ),
    (
        "PKM",
        "Puskesmas Gayungan",
        "puskesmas",
        ["Rawat jalan", "Imunisasi", "Sistem informasi kesehatan", "Kesehatan ibu dan anak"],
    ),
    ("KEL-GYG", "Kelurahan Gayungan", "kelurahan", ["Surat pengantar", "Surat keterangan domisili"]),
    ("KEL-KTR", "Kelurahan Ketintang", "kelurahan", ["Surat pengantar", "Surat keterangan domisili"]),
    ("KEL-MJR", "Kelurahan Menanggal", "kelurahan", ["Surat pengantar", "Surat keterangan domisili"]),
]
UNITS_BY_KIND = {"distrik": _DISTRIK_UNITS, "kota": _KOTA_UNITS, "kecamatan": _KECAMATAN_UNITS}
STAFF_TOTAL = 300

POSITIONS = {
    "kantor": ["Kepala", "Sekretaris", "Kepala Seksi Pelayanan", "Analis Pelayanan Publik", "Pengadministrasi Umum"],
    "dukcapil": ["Kepala Seksi", "Verifikator Data Kependudukan", "Operator SIAK", "Pengadministrasi Kependudukan"],
    "perizinan": ["Kepala Seksi Perizinan", "Analis Perizinan", "Petugas Front Office", "Verifikator Berkas"],
    "puskesmas": ["Kepala Puskesmas", "Dokter Umum", "Perawat", "Bidan", "Pengelola Sistem Informasi Kesehatan"],
    "kesehatan": ["Kepala Bidang", "Epidemiolog", "Pengelola Data Kesehatan", "Perawat"],
    "rumah_sakit": ["Dokter Spesialis", "Dokter Umum", "Perawat", "Petugas Rekam Medis"],
    "kominfo": ["Pranata Komputer", "Pengelola Pengaduan", "Pranata Humas", "Analis Sistem Informasi"],
    "sosial": ["Pekerja Sosial", "Penyuluh Sosial", "Pengelola Data Bantuan"],
    "kepegawaian": ["Analis SDM Aparatur", "Pengelola Pengembangan Kompetensi", "Widyaiswara"],
    "kampung": ["Pendamping Kampung", "Pengadministrasi Umum"],
    "kelurahan": ["Lurah", "Sekretaris Kelurahan", "Pengadministrasi Umum"],
}


def seed_districts(session: Session) -> dict[str, District]:
    out = {}
    for name, code, kind, regency, province in DISTRICTS:
        district = session.exec(select(District).where(District.code == code)).first()
        if district is None:
            district = District(name=name, code=code, kind=kind, regency=regency, province=province)
            session.add(district)
            session.flush()
        out[code] = district
    return out


def seed_units(session: Session, districts: dict[str, District]) -> list[Unit]:
    units = []
    for _, code, kind, _, _ in DISTRICTS:
        district = districts[code]
        for suffix, name, unit_kind, services in UNITS_BY_KIND[kind]:
            unit_code = f"{code}-{suffix}"
            unit = session.exec(select(Unit).where(Unit.code == unit_code)).first()
            if unit is None:
                unit = Unit(code=unit_code, name=name.format(d=district.name), kind=unit_kind, district_id=district.id)
                session.add(unit)
                session.flush()
                for service in services:
                    session.add(UnitService(unit_id=unit.id, name=service))
            units.append(unit)
    return units


def _nip(rng: random.Random, used: set[str]) -> tuple[str, date, date, str]:
    while True:
        birth = date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
        tmt_year = min(2025, birth.year + rng.randint(21, 32))
        tmt_month = rng.randint(1, 12)
        gender = rng.choice("12")
        nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return nip, birth, date(tmt_year, tmt_month, 1), "L" if gender == "1" else "P"


def seed_staff(session: Session, units: list[Unit], seed: int = 2026) -> int:
    """About STAFF_TOTAL ASN spread over the units; same people every run (fixed seed)."""
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    existing = set(session.exec(select(Staff.nip)).all())
    used: set[str] = set()
    per_unit = [STAFF_TOTAL // len(units)] * len(units)
    for i in range(STAFF_TOTAL - sum(per_unit)):
        per_unit[i] += 1
    added = 0
    for unit, count in zip(units, per_unit, strict=True):
        for _ in range(count):
            nip, birth, tmt, gender = _nip(rng, used)
            name = fake.name_male() if gender == "L" else fake.name_female()
            pns = rng.random() < 0.8
            rank = rng.choice(PNS_RANKS[4:14]) if pns else rng.choice(PPPK_RANKS[4:11])
            position = rng.choice(POSITIONS.get(unit.kind, ["Pengadministrasi Umum"]))
            if nip in existing:
                continue
            session.add(
                Staff(
                    nip=nip,
                    name=name,
                    unit_id=unit.id,
                    position=position,
                    employment="PNS" if pns else "PPPK",
                    rank=rank,
                    birth_date=birth,
                    tmt=tmt,
                    gender=gender,
                )
            )
            added += 1
    session.flush()
    return added


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


def seed_core(session: Session) -> dict[str, int]:
    """The demo organisation (five districts, their units and staff) and the demo accounts."""
    districts = seed_districts(session)
    units = seed_units(session, districts)
    staff_added = seed_staff(session, units)
    return {"districts": len(districts), "units": len(units), "staff_added": staff_added,
            "users_added": seed_users(session)}  # fmt: skip
