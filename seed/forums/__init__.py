"""Two years of demo community forums per district, with what was heard and the follow-up.

The stories of the seed articles:
- Wanggar: the outreach programme "Wanggar Mendengarkan" visits its kampung about monthly; some of
  what it hears became the forum-channel complaints the demo complaints already tell, now linked;
- Walesi: discussion forums with residents about business permits (izin usaha, NIB);
- Sawahlunto: forum diskusi and musyawarah (Musrenbang) in its desa and kelurahan;
- Tangerang Selatan: public consultations on its complaint app and city services;
- Gayungan: a health-services forum around the puskesmas's new information system.

Actions long past their due date are mostly done, some not possible (with a reason), a few still
open: those are the overdue ones on the organizer's and the unit's home page. Deterministic (fixed
seed, Faker id_ID) relative to the day it runs; a district that already has forums is left alone.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from faker import Faker
from sqlmodel import Session, col, select

from models.complaints import Complaint
from models.core.accounts import User, UserRole
from models.core.org import District, Unit
from models.forums import VULNERABLE_GROUPS, FeedbackItem, FollowUpAction, Forum, ForumArea, ForumParticipant, ItemTag
from seed.complaints import AREAS
from services.core import clock
from services.forums.records import tag_ids

SEED = 8
DAYS_BACK = 730
LINKED_COMPLAINTS = 8  # forum-channel demo complaints per district given the item they came from

# district: (usual forum type, title pattern, a forum about every n days)
PLAN = {
    "WGR": ("outreach", "Wanggar Mendengarkan di {area}", 35),
    "WLS": ("forum_diskusi", "Forum diskusi izin usaha di {area}", 42),
    "SWL": ("musyawarah", "Musyawarah warga {area}", 45),
    "TGS": ("public_consultation", "Konsultasi publik layanan kota di {area}", 50),
    "GYG": ("service_user_forum", "Forum pengguna layanan kesehatan {area}", 40),
}
LEVEL = {"Kampung": "kampung", "Kelurahan": "kelurahan", "Desa": "desa", "Kecamatan": "kecamatan"}

# (kind, text, themes, unit kind, service); {area} is filled in. Weighted per district below.
HEARD = {
    "adminduk": [
        ("keluhan", "KTP-el warga {area} belum jadi berbulan-bulan, katanya blangko habis.", "adminduk, ktp-el",
         "dukcapil", "KTP-el"),
        ("aspirasi", "Mohon layanan Dukcapil keliling ke {area} sebulan sekali karena kantor jauh.",
         "adminduk, layanan keliling", "dukcapil", "Kartu Keluarga"),
        ("pertanyaan", "Bagaimana cara mengurus akta kelahiran bagi anak yang lahir di rumah?", "adminduk, akta",
         "dukcapil", "Akta kelahiran"),
    ],
    "perizinan": [
        ("keluhan", "Pengurusan NIB untuk usaha kecil di {area} lama dan persyaratannya tidak jelas.",
         "izin usaha, nib", "perizinan", "Izin usaha mikro (NIB)"),
        ("saran", "Perlu pendampingan pengisian OSS bagi pedagang pasar {area}.", "izin usaha, pendampingan",
         "perizinan", "Izin usaha mikro (NIB)"),
        ("pertanyaan", "Bisakah surat keterangan usaha diurus tanpa ke kantor?", "izin usaha, layanan daring",
         "perizinan", "Surat keterangan usaha"),
    ],
    "kesehatan": [
        ("keluhan", "Antrean di puskesmas panjang sejak sistem informasi baru dipakai.", "kesehatan, antrean",
         "puskesmas", "Rawat jalan"),
        ("saran", "Jadwal imunisasi sebaiknya diumumkan lewat grup WhatsApp RT {area}.", "kesehatan, informasi",
         "puskesmas", "Imunisasi"),
        ("apresiasi", "Petugas kesehatan ibu dan anak di {area} ramah dan sigap.", "kesehatan, apresiasi",
         "puskesmas", "Kesehatan ibu dan anak"),
    ],
    "sosial": [
        ("aspirasi", "Data penerima bantuan sosial di {area} perlu diperbarui, banyak lansia belum terdata.",
         "bansos, lansia", "sosial", "Bantuan sosial"),
        ("keluhan", "Bantuan sosial di {area} terlambat dua bulan tanpa pemberitahuan.", "bansos",
         "sosial", "Bantuan sosial"),
    ],
    "umum": [
        ("aspirasi", "Jalan menuju pasar dari {area} rusak, hasil kebun sulit dibawa.", "jalan, infrastruktur",
         "kantor", None),
        ("saran", "Pelatihan komputer untuk pemuda {area} agar bisa mengurus layanan daring.", "pemuda, layanan daring",
         "kantor", None),
        ("apresiasi", "Terima kasih, petugas sudah datang langsung mendengar warga {area}.", "apresiasi",
         "kantor", None),
        ("pertanyaan", "Kapan jadwal musyawarah berikutnya dan siapa yang boleh ikut?", "informasi", "kantor", None),
    ],
    "digital": [
        ("keluhan", "Aplikasi pengaduan kota sering gagal mengunggah foto.", "layanan daring, aplikasi",
         "kominfo", "Aplikasi pengaduan"),
        ("saran", "Tambahkan pilihan bahasa daerah dan huruf besar di aplikasi layanan.", "layanan daring, disabilitas",
         "kominfo", "Aplikasi pengaduan"),
    ],
}  # fmt: skip
MIX = {
    "WGR": {"adminduk": 4, "sosial": 2, "umum": 3, "kesehatan": 1},
    "WLS": {"perizinan": 6, "adminduk": 1, "umum": 2},
    "SWL": {"umum": 4, "sosial": 2, "adminduk": 2, "kesehatan": 1},
    "TGS": {"digital": 4, "adminduk": 2, "perizinan": 2, "umum": 1},
    "GYG": {"kesehatan": 6, "perizinan": 2, "umum": 1},
}
DONE_NOTES = [
    "Sudah dilaksanakan; warga dapat memeriksa hasilnya di kantor {unit}.",
    "Selesai: jadwal dan persyaratan sudah diumumkan di balai {area}.",
    "Sudah ditindaklanjuti oleh {unit} bersama perangkat {area}.",
]
NOT_POSSIBLE = [
    "Bukan kewenangan distrik; sudah diteruskan ke dinas kabupaten.",
    "Anggaran tahun ini tidak tersedia; diusulkan dalam Musrenbang berikutnya.",
]


def _unit(units: list[Unit], kind: str) -> Unit:
    for u in units:
        if u.kind == kind:
            return u
    return next((u for u in units if u.kind in ("kantor", "kelurahan")), units[0])


def _organizer(session: Session, district_id: int) -> int | None:
    return session.exec(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "organizer", User.district_id == district_id)
        .order_by(User.id)
    ).first()


def seed_forums(session: Session, seed: int = SEED) -> dict[str, int]:
    """Two years of forums, items and actions for each district that has no forum yet."""
    today = clock.today()
    added = {"forums": 0, "items": 0, "actions": 0, "linked_complaints": 0}
    for district in session.exec(select(District).order_by(District.id)).all():
        if district.code not in PLAN:
            continue
        if session.exec(select(Forum.id).where(Forum.district_id == district.id).limit(1)).first():
            continue
        rng = random.Random(f"{seed}-{district.code}")
        fake = Faker("id_ID")
        fake.seed_instance(seed)
        counts = _district(session, district, rng, fake, today)
        for k, v in counts.items():
            added[k] += v
    session.commit()
    return added


def _district(session: Session, district: District, rng: random.Random, fake: Faker, today: date) -> dict[str, int]:
    kind, pattern, every = PLAN[district.code]
    units = session.exec(select(Unit).where(Unit.district_id == district.id).order_by(Unit.id)).all()
    if not units:
        return {"forums": 0, "items": 0, "actions": 0, "linked_complaints": 0}
    areas = []
    for name in AREAS[district.code]:
        area = ForumArea(district_id=district.id, name=name, level=LEVEL.get(name.split()[0], "kelurahan"))
        session.add(area)
        areas.append(area)
    session.flush()
    organizer = _organizer(session, district.id)
    counts = {"forums": 0, "items": 0, "actions": 0, "linked_complaints": 0}
    held: list[tuple[Forum, ForumArea]] = []
    day = today - timedelta(days=DAYS_BACK)
    while day <= today + timedelta(days=60):
        day += timedelta(days=every + rng.randint(-6, 6))
        while day.weekday() >= 5:  # forums meet on working days
            day += timedelta(days=1)
        area = rng.choice(areas)
        forum_type = kind if rng.random() < 0.75 else rng.choice(["forum_diskusi", "musyawarah", "focus_group"])
        planned = day > today
        total = rng.randint(15, 80)
        women = rng.randint(total // 4, total // 2)
        forum = Forum(
            district_id=district.id,
            area_id=area.id,
            type=forum_type,
            status="planned" if planned else "held",
            title=pattern.format(area=area.name),
            held_on=day,
            start_time=time(rng.choice([9, 10, 13]), 0),
            end_time=time(rng.choice([12, 15, 16]), 0),
            venue=f"Balai {area.name}",
            organizers=f"Tim {district.name}",
            partner_unit_ids=sorted({_unit(units, k).id for k in ("kantor", rng.choice(["dukcapil", "puskesmas"]))}),
            agenda="1. Pembukaan\n2. Penjelasan layanan\n3. Dengar pendapat warga\n4. Kesepakatan tindak lanjut",
            attendance_total=None if planned else total,
            attendance_women=None if planned else women,
            attendance_men=None if planned else total - women - rng.randint(0, 3),
            vulnerable_groups=[] if planned else rng.sample(list(VULNERABLE_GROUPS), rng.randint(1, 3)),
            minutes=None if planned else _minutes(fake, area.name, rng),
            created_by=organizer,
        )  # fmt: skip
        session.add(forum)
        session.flush()
        counts["forums"] += 1
        if planned:
            continue
        held.append((forum, area))
        for _ in range(rng.randint(2, 4)):
            session.add(ForumParticipant(forum_id=forum.id, name=fake.name(), phone=fake.numerify("08##########"),
                                         community=f"RT {rng.randint(1, 9):02d} {area.name}"))  # fmt: skip
        for _ in range(rng.randint(4, 9)):
            counts["actions"] += _item(session, forum, area, units, rng, today, organizer, MIX[district.code])
            counts["items"] += 1
    counts["linked_complaints"] = _link_complaints(session, district, held, rng)
    counts["items"] += counts["linked_complaints"]
    session.flush()
    return counts


def _minutes(fake: Faker, area: str, rng: random.Random) -> str:
    lines = [f"Notulen pertemuan warga {area}.", f"Notulis: {fake.name()}.", ""]
    lines += [f"- {fake.name()} menyampaikan: {fake.sentence(nb_words=10)}" for _ in range(rng.randint(3, 6))]
    lines += ["", "Kesepakatan: masukan dicatat dan diteruskan ke unit terkait."]
    return "\n".join(lines)


def _item(session, forum: Forum, area: ForumArea, units, rng: random.Random, today: date, organizer, mix) -> int:
    """One item heard at the forum, and usually its action; returns the number of actions added."""
    group = rng.choices(list(mix), weights=list(mix.values()))[0]
    kind, text, themes, unit_kind, service = rng.choice(HEARD[group])
    unit = _unit(units, unit_kind)
    item = FeedbackItem(
        forum_id=forum.id,
        kind=kind,
        text=text.format(area=area.name),
        unit_id=unit.id,
        service=service,
        priority=rng.choices(["low", "medium", "high"], weights=[2, 5, 3])[0],
        created_by=organizer,
    )
    session.add(item)
    session.flush()
    for tag_id in tag_ids(session, [t.strip() for t in themes.split(",")]):
        session.add(ItemTag(item_id=item.id, tag_id=tag_id))
    if kind == "apresiasi" or rng.random() < 0.2:
        return 0  # nothing to do, or not yet assigned
    due = forum.held_on + timedelta(days=rng.choice([30, 45, 60, 90]))
    status, progress, reason, note, done_on = "planned", 0, None, None, None
    if due < today:
        roll = rng.random()
        if roll < 0.7:
            status, progress = "done", 100
            done_on = min(today, due - timedelta(days=rng.randint(0, 20)))
            note = rng.choice(DONE_NOTES).format(unit=unit.name, area=area.name)
        elif roll < 0.85:
            status, reason = "not_possible", rng.choice(NOT_POSSIBLE)
            note = reason
        else:
            status, progress = "in_progress", rng.choice([20, 40, 60])  # overdue
    elif forum.held_on < today - timedelta(days=14):
        status, progress = "in_progress", rng.choice([10, 30, 50])
    session.add(
        FollowUpAction(
            item_id=item.id,
            owner_unit_id=unit.id,
            title=_action_title(kind, service),
            due_on=due,
            status=status,
            reason=reason,
            progress=progress,
            public_note=note,
            internal_note="Koordinasi dengan kepala unit." if rng.random() < 0.3 else None,
            done_on=done_on,
            created_by=organizer,
        )
    )
    return 1


def _action_title(kind: str, service: str | None) -> str:
    what = service or "layanan"
    return {
        "keluhan": f"Perbaiki layanan {what}",
        "aspirasi": f"Tindak lanjuti usulan warga ({what})",
        "saran": f"Kaji saran warga tentang {what}",
        "pertanyaan": f"Sampaikan jawaban tentang {what}",
    }.get(kind, f"Tindak lanjut {what}")


def _link_complaints(session: Session, district: District, held, rng: random.Random) -> int:
    """Forum-channel demo complaints get the item they came from, in the forum held before them."""
    if not held:
        return 0
    complaints = session.exec(
        select(Complaint)
        .where(Complaint.district_id == district.id, Complaint.channel == "forum", Complaint.secret == False)  # noqa: E712
        .order_by(col(Complaint.received_on).desc())
        .limit(LINKED_COMPLAINTS)
    ).all()
    linked = 0
    for c in complaints:
        before = [(f, a) for f, a in held if f.held_on <= c.received_on]
        if not before:
            continue
        forum, _ = before[-1]
        item = FeedbackItem(
            forum_id=forum.id,
            kind="keluhan" if c.kind == "pengaduan" else "aspirasi",
            text=c.description,
            unit_id=c.unit_id,
            priority="high" if c.priority in ("high", "urgent") else "medium",
            complaint_id=c.id,
            created_by=forum.created_by,
        )
        session.add(item)
        session.flush()
        for tag_id in tag_ids(session, [c.category.replace("_", " ")]):
            session.add(ItemTag(item_id=item.id, tag_id=tag_id))
        if c.external_ref is None:
            c.external_ref = f"FORUM-{forum.id}"
            session.add(c)
        linked += 1
    return linked
