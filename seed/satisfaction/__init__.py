"""Two years of SKM responses for every demo unit, telling the seeds' stories.

Deterministic (each unit's generator is seeded from its code) and idempotent (a unit that already has
demo responses is left alone). Months run from the start of the quarter two years back to this month,
so every quarter shown is whole. Stories:
- Wanggar's civil registry climbs steadily (the online complaint system answered by trained ASN),
  and its complaint handling (U8) most of all;
- Walesi's permit office is held back by waiting time (U3) for business permits;
- Gayungan's permit office has the same weak U3 but recovers in the last two quarters;
- the Tangerang Selatan hospital slips (waiting time and staff behaviour);
- Sawahlunto's units improve after their training in service management and IT;
- two small units collect too few questionnaires for their minimum sample.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlmodel import Session, func, select

from models.core.accounts import User
from models.core.org import District, Unit, UnitService
from models.satisfaction import ELEMENTS, FollowUpPlan, ServiceUserCount, Source, SurveyResponse
from services.core import clock, periods
from services.satisfaction import ikm, surveys

MONTHS_BACK = 24
CHUNK = 5_000

# Service users per quarter by unit kind (a distrik in Papua serves about half as many).
USERS_PER_QUARTER = {
    "kantor": 900, "dukcapil": 2400, "perizinan": 600, "puskesmas": 3000, "kesehatan": 1500,
    "rumah_sakit": 6000, "kominfo": 800, "sosial": 700, "kepegawaian": 400, "kampung": 500, "kelurahan": 350,
}  # fmt: skip
# Typical element levels (1..4) before a unit's own story: fees are mostly free, complaint handling
# and facilities lag.
ELEMENT_BASE = {"u1": 3.15, "u2": 3.05, "u3": 2.95, "u4": 3.55, "u5": 3.1, "u6": 3.15, "u7": 3.25, "u8": 2.9, "u9": 3.0}


@dataclass
class Story:
    start: float = 0.0  # offset of every element at the first month
    end: float = 0.0  # ... and at this month (linear in between)
    elements: dict[str, tuple[float, float]] = field(default_factory=dict)  # element: (start, end) extra offsets
    turn: float = 0.0  # fraction of the months after which `elements`' change begins (0: from the start)
    # Responses per quarter as a multiple of the minimum sample: enough that, by the third week of
    # a quarter's second month, most units have already met it.
    sample: float = 1.75


STORIES: dict[str, Story] = {
    "WGR-DUKCAPIL": Story(-0.3, 0.25, {"u8": (-0.35, 0.15), "u3": (-0.1, 0.1)}),
    "WGR-KANTOR": Story(-0.1, 0.1),
    "WGR-PTSP": Story(-0.15, 0.05),
    "WLS-PTSP": Story(0.0, 0.0, {"u3": (-0.75, -0.7), "u2": (-0.2, -0.2)}),
    "WLS-SOSIAL": Story(-0.05, 0.0, sample=0.8),
    "GYG-PERIZINAN": Story(0.05, 0.1, {"u3": (-0.65, -0.05)}, turn=0.7),
    "TGS-RSUD": Story(0.3, -0.25, {"u3": (0.0, -0.35), "u7": (0.0, -0.3)}),
    "TGS-DISKOMINFO": Story(0.45, 0.5),
    "SWL-DPMPTSP": Story(-0.2, 0.2, {"u6": (-0.2, 0.15)}),
    "SWL-DUKCAPIL": Story(-0.05, 0.15),
    "SWL-DINKES": Story(-0.1, 0.1),
    "GYG-KEL-MJR": Story(0.0, 0.05, sample=0.75),
    "GYG-PKM": Story(0.1, 0.2, {"u9": (-0.2, 0.1)}),
}
PAPUA = ("WGR", "WLS")

SUGGESTIONS = {
    "u1": [
        "Persyaratan berubah-ubah, mohon diumumkan dengan jelas di papan informasi.",
        "Tolong daftar persyaratan dibagikan lewat WhatsApp sebelum datang.",
    ],
    "u2": [
        "Alur pengurusan berbelit, saya harus bolak-balik ke tiga meja.",
        "Perlu petunjuk alur layanan yang jelas di depan loket.",
    ],
    "u3": [
        "Mohon waktu penyelesaian dipercepat, izin usaha saya sudah menunggu dua minggu.",
        "Antrean terlalu lama, tambah petugas loket pada pagi hari.",
        "Janji selesai tiga hari tapi ternyata lebih dari seminggu.",
        "Sistem sering offline sehingga harus datang lagi besok.",
    ],
    "u4": ["Masih ada yang meminta uang tambahan untuk mempercepat, mohon ditertibkan."],
    "u5": ["Dokumen yang saya terima ada salah ketik nama, harus diperbaiki lagi."],
    "u6": [
        "Petugas baru belum paham aplikasi, perlu pelatihan.",
        "Petugas kurang bisa menjelaskan persyaratan dengan jelas.",
    ],
    "u7": [
        "Petugas kurang ramah dan sibuk dengan telepon genggam.",
        "Mohon petugas lebih sabar melayani orang tua.",
    ],
    "u8": [
        "Pengaduan saya lewat WhatsApp belum dibalas sampai sekarang.",
        "Kotak saran ada tapi tidak pernah dibuka.",
    ],
    "u9": [
        "Ruang tunggu panas dan kursinya kurang.",
        "Toilet kotor dan tidak ada air.",
        "Tidak ada jalur untuk kursi roda.",
    ],
    "good": [
        "Pelayanan sudah cepat dan ramah, pertahankan.",
        "Terima kasih, petugas sangat membantu.",
        "Pengaduan online sangat memudahkan, cepat dibalas.",
        "Sekarang lebih tertib dengan nomor antrean.",
    ],
}

PLANS = {
    "WLS-PTSP": (
        "1. Menambah satu verifikator berkas izin usaha mulai bulan depan (Kepala Seksi Perizinan).\n"
        "2. Menerbitkan NIB usaha mikro di hari yang sama bila berkas lengkap.\n"
        "3. Forum warga bersama pelaku usaha untuk menjelaskan alur dan persyaratan.\n"
        "4. Memantau waktu penyelesaian (U3) setiap bulan di dasbor."
    ),
    "TGS-RSUD": (
        "1. Audit antrean rawat jalan dan jadwal dokter spesialis.\n"
        "2. Pelatihan pelayanan prima bagi petugas pendaftaran dan perawat (perilaku pelaksana, U7).\n"
        "3. Sistem antrean daring untuk poliklinik dengan antrean terpanjang."
    ),
}

EDUCATION_PAPUA = (("sd", 25), ("smp", 24), ("sma", 35), ("diploma", 5), ("s1", 10), ("s2", 1))
EDUCATION_CITY = (("sd", 8), ("smp", 14), ("sma", 40), ("diploma", 10), ("s1", 24), ("s2", 4))
OCCUPATION = (("pns", 12), ("swasta", 26), ("wiraswasta", 30), ("pelajar", 10), ("lainnya", 22))


def _choices(weighted) -> Callable[[float], str]:
    """A picker from weighted values for a uniform draw in [0, 1) (the 5 % blank is below it)."""
    values, weights = zip(*weighted, strict=True)
    total = sum(weights)
    bounds = [0.05 + 0.95 * sum(weights[: i + 1]) / total for i in range(len(weights))]

    def pick(draw: float) -> str:
        return next((v for v, b in zip(values, bounds, strict=True) if draw < b), values[-1])

    return pick


def _months(today: date) -> list[periods.Period]:
    first = periods.containing(today, "month")
    for _ in range(MONTHS_BACK - 1):
        first = periods.previous(first)
    start = periods.containing(first.start, "quarter").start
    return periods.split(periods.custom(start, periods.containing(today, "month").end), "month")


def _population(unit: Unit, district_code: str, rng: random.Random) -> int:
    base = USERS_PER_QUARTER.get(unit.kind, 600)
    if district_code in PAPUA:
        base //= 2
    return int(base * rng.uniform(0.9, 1.1))


def _mean(story: Story, element: str, progress: float) -> float:
    offset = story.start + (story.end - story.start) * progress
    if element in story.elements:
        lo, hi = story.elements[element]
        moved = 0.0 if progress <= story.turn else (progress - story.turn) / (1 - story.turn or 1)
        offset += lo + (hi - lo) * moved
    return ELEMENT_BASE[element] + offset


def seed_satisfaction(session: Session, today: date | None = None) -> dict[str, int]:
    """Responses, service-user counts and two follow-up plans for every unit that has none yet."""
    today = today or clock.today()
    months = _months(today)
    quarters = periods.split(periods.custom(months[0].start, months[-1].end), "quarter")
    with_data = set(
        session.exec(select(SurveyResponse.unit_id).where(SurveyResponse.source == Source.demo.value).distinct()).all()
    )
    units = session.exec(select(Unit, District.code).join(District).order_by(Unit.code)).all()
    services: dict[int, list[int]] = {}
    for sid, unit_id in session.exec(select(UnitService.id, UnitService.unit_id).order_by(UnitService.id)):
        services.setdefault(unit_id, []).append(sid)
    manager = session.exec(select(User.id).where(User.username == "manager")).first()
    created_at = datetime.now(UTC)
    added = counts_added = 0
    rows: list[dict] = []

    def flush() -> None:
        if rows:
            surveys.insert_responses(session, rows)
            rows.clear()

    for unit, district_code in units:
        rng = random.Random(zlib.crc32(unit.code.encode()))
        story = STORIES.get(unit.code, Story(rng.uniform(-0.15, 0.1), rng.uniform(-0.1, 0.2)))
        population = {q.code: _population(unit, district_code, rng) for q in quarters}
        have = set(session.exec(select(ServiceUserCount.period).where(ServiceUserCount.unit_id == unit.id)).all())
        for code, users in population.items():
            if code not in have:
                session.add(ServiceUserCount(unit_id=unit.id, period=code, users=users, updated_by=manager))
                counts_added += 1
        if unit.id in with_data:
            continue
        papua = district_code in PAPUA
        # NumPy draws a month's answers at once; seeded from the unit's code, so every run is the same.
        gen = np.random.default_rng(zlib.crc32(unit.code.encode()))
        unit_services = np.array(services.get(unit.id, []) or [0])
        education = _choices(EDUCATION_PAPUA if papua else EDUCATION_CITY)
        occupation = _choices(OCCUPATION)
        for index, month in enumerate(months):
            progress = index / max(1, len(months) - 1)
            quarter = periods.containing(month.start, "quarter").code
            # Never more respondents than people served: at most 80 % of them answer.
            per_month = min(ikm.min_sample(population[quarter]) * story.sample, 0.8 * population[quarter]) / 3
            last_day = min(month.end, today)
            share = ((last_day - month.start).days + 1) / month.days
            count = max(0, round(per_month * share * rng.uniform(0.92, 1.08)))
            if not count:
                continue
            means = np.array([_mean(story, e, progress) for e in ELEMENTS])
            person = gen.normal(0, 0.28, (count, 1))  # a generous or a harsh respondent
            scores = np.clip(np.rint(means + person + gen.normal(0, 0.42, (count, 9))), 1, 4).astype(int).tolist()
            days = gen.integers(0, (last_day - month.start).days + 1, count).tolist()
            draws = gen.random((count, 7)).tolist()
            ages = np.clip(gen.normal(38, 13, count), 17, 80).astype(int).tolist()
            service_ids = unit_services[gen.integers(0, len(unit_services), count)].tolist()
            for k in range(count):
                answers = dict(zip(ELEMENTS, scores[k], strict=True))
                day = month.start + timedelta(days=days[k])
                r = draws[k]
                suggestion = None
                if r[0] < 0.12:
                    low = min(ELEMENTS, key=lambda e: answers[e])
                    pool = SUGGESTIONS[low] if answers[low] <= 2 else SUGGESTIONS["good"]
                    suggestion = pool[int(r[1] * len(pool))]
                rows.append(
                    {
                        "unit_id": unit.id,
                        "service_id": service_ids[k] if unit.id in services and r[2] < 0.9 else None,
                        "answered_on": day,
                        **answers,
                        "gender": None if r[3] < 0.03 else ("P" if r[3] < 0.545 else "L"),
                        "age": None if r[4] < 0.05 else ages[k],
                        "education": None if r[5] < 0.05 else education(r[5]),
                        "occupation": None if r[6] < 0.05 else occupation(r[6]),
                        "suggestion": suggestion,
                        "source": Source.demo.value,
                        "kiosk_link_id": None,
                        "import_id": None,
                        "created_at": datetime.combine(day, time(3, 0), tzinfo=UTC) if day < today else created_at,
                        "created_by": None,
                    }
                )
                added += 1
                if len(rows) >= CHUNK:
                    flush()
    flush()

    last_quarter = periods.previous(periods.containing(today, "quarter")).code
    plans = 0
    for code, text in PLANS.items():
        unit_id = session.exec(select(Unit.id).where(Unit.code == code)).first()
        if unit_id is None:
            continue
        exists = session.exec(
            select(func.count())
            .select_from(FollowUpPlan)
            .where(FollowUpPlan.unit_id == unit_id, FollowUpPlan.period == last_quarter)
        ).one()
        if not exists:
            session.add(FollowUpPlan(unit_id=unit_id, period=last_quarter, plan=text, updated_by=manager))
            plans += 1
    session.flush()
    return {"responses_added": added, "service_user_counts_added": counts_added, "plans_added": plans}


def expected_months(today: date) -> int:
    return len(_months(today))
